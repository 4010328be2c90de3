// What an extension page loads before its code runs (issue #15.2): every script the built page
// names (its module script and modulepreloads) and what those import statically, raw and gzip -9
// (`pageScripts.<page>.rawKB`, `.gzipKB`). Lazy chunks (`import()`) are not counted: the page
// loads them when they are used.
//
// `npx tsx scripts/bench/pageScripts.ts` prints each page's scripts and totals (building the
// extension unless DEALSIDE_SKIP_BUILD=1; DEALSIDE_BENCH_EXTENSION=<dir> reads another build) and
// merges the totals into bench-results.json; `npm run bench` records them with the sizes.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { EXTENSION_DIR, buildExtension } from '../../tests/e2e/harness';

type RecordFigure = (key: string, value: number, unit: string) => void;

export const MEASURED_PAGES = ['sidebar', 'sidepanel', 'popup', 'options'] as const;

export type PageScript = { file: string; raw: number; gzip: number };

/** The scripts `page` (e.g. "sidebar.html") loads up front, in the order found, with their sizes. */
export function pageScripts(outDir: string, page: string): PageScript[] {
  const html = fs.readFileSync(path.join(outDir, page), 'utf8');
  const queue = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const out: PageScript[] = [];
  while (queue.length) {
    const file = path.posix.normalize(queue.shift()!);
    if (seen.has(file)) continue;
    seen.add(file);
    const bytes = fs.readFileSync(path.join(outDir, file));
    out.push({ file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    // static imports only (`import … from "./x.js"`, `import "./x.js"`), not `import("./x.js")`
    for (const m of bytes.toString('utf8').matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g)) {
      queue.push(path.posix.join(path.posix.dirname(file), m[1]!));
    }
  }
  return out;
}

export function benchPageScriptSizes(record: RecordFigure, outDir = EXTENSION_DIR): void {
  for (const name of MEASURED_PAGES) {
    const scripts = pageScripts(outDir, `${name}.html`);
    record(`pageScripts.${name}.rawKB`, scripts.reduce((s, f) => s + f.raw, 0) / 1024, 'KB');
    record(`pageScripts.${name}.gzipKB`, scripts.reduce((s, f) => s + f.gzip, 0) / 1024, 'KB');
  }
}

// Run alone: print each page's scripts, and merge the totals into bench-results.json.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.env.DEALSIDE_SKIP_BUILD !== '1') buildExtension();
  const dir = process.env.DEALSIDE_BENCH_EXTENSION ?? EXTENSION_DIR;
  for (const name of MEASURED_PAGES) {
    console.log(`${name}.html`);
    for (const s of pageScripts(dir, `${name}.html`)) console.log(`  ${s.file.padEnd(44)} ${String(s.raw).padStart(8)} ${String(s.gzip).padStart(8)} (raw, gzip -9 bytes)`);
  }
  const out: Record<string, number> = {};
  benchPageScriptSizes((key, value, unit) => {
    out[key] = Math.round(value * 1000) / 1000;
    console.log(`${key.padEnd(48)} ${out[key]} ${unit}`);
  }, dir);
  const file = 'bench-results.json';
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>) : {};
  fs.writeFileSync(file, `${JSON.stringify({ ...all, ...out }, null, 2)}\n`);
  console.log(`\nmerged into ${file}`);
}
