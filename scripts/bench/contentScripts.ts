// Content scripts (issue #15.1): what each costs a page.
//
// 1. Size: every built script in .output/chrome-mv3/content-scripts, raw and gzip -9
//    (`contentScript.<name>.rawKB`, `.gzipKB`).
// 2. Main-thread time: `contentScriptMs` reads one page load's Chromium trace for our script's
//    share (its compile plus every profiler sample with a frame of our script on its stack); the
//    loads themselves — paired with and without the extension and with an empty control
//    extension — are scripts/bench/pageLoad.ts (`contentScript.cpu.<page>.*`, `pageLoad.cpu.*`).
//
// `npx tsx scripts/bench/contentScripts.ts` records the sizes alone (building the extension unless
// DEALSIDE_SKIP_BUILD=1) and merges them into bench-results.json; `npm run bench` runs it first.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { EXTENSION_DIR, buildExtension } from '../../tests/e2e/harness';

type RecordFigure = (key: string, value: number, unit: string) => void;

export function benchContentScriptSizes(record: RecordFigure, outDir = EXTENSION_DIR): void {
  const dir = path.join(outDir, 'content-scripts');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    const bytes = fs.readFileSync(path.join(dir, file));
    const name = file.replace(/\.js$/, '');
    record(`contentScript.${name}.rawKB`, bytes.length / 1024, 'KB');
    record(`contentScript.${name}.gzipKB`, gzipSync(bytes, { level: 9 }).length / 1024, 'KB');
  }
}

type CallFrame = { url?: string };
type ProfileNode = { id: number; parent?: number; callFrame: CallFrame };
export type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** thread time: the CPU the thread had, without the time the OS ran something else */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    /** ParseHTML: the document's URL */
    beginData?: { url?: string };
    data?: {
      url?: string;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
};

/**
 * Main-thread ms of our content script in one trace, from V8's sampling profiler: every sample
 * whose stack holds a frame of our script (its own code and what it calls: DOM, parsing, the
 * browser's APIs), plus the compiles of our script (thread time). Callbacks count whatever runs
 * them (an idle callback, a promise job, a message's answer). A sample stands for the time since
 * the one before, at most twice the median interval: on a busy machine the OS deschedules the
 * thread, and a long gap between samples is time the page's thread did not have, not our work.
 */
export function contentScriptMs(events: readonly TraceEvent[], scriptUrlPrefix: string): number {
  const evaluated = events.find((e) => e.name === 'EvaluateScript' && (e.args?.data?.url ?? '').startsWith(scriptUrlPrefix));
  if (!evaluated) return 0;
  const compileUs = events
    .filter((e) => e.name === 'v8.compile' && e.ph === 'X' && e.pid === evaluated.pid && e.tid === evaluated.tid && (e.args?.data?.url ?? '').startsWith(scriptUrlPrefix))
    .reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0);
  // The main thread's profile: the one whose samples include our script's frames.
  const profiles = new Map<string, { nodes: Map<number, ProfileNode>; samples: number[]; deltas: number[] }>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== evaluated.pid || !e.id) continue;
    const p = profiles.get(e.id) ?? { nodes: new Map<number, ProfileNode>(), samples: [] as number[], deltas: [] as number[] };
    profiles.set(e.id, p);
    for (const n of e.args?.data?.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    p.samples.push(...(e.args?.data?.cpuProfile?.samples ?? []));
    p.deltas.push(...(e.args?.data?.timeDeltas ?? []));
  }
  let sampledUs = 0;
  for (const p of profiles.values()) {
    const memo = new Map<number, boolean>();
    const ours = (id: number | undefined): boolean => {
      if (id === undefined) return false;
      const known = memo.get(id);
      if (known !== undefined) return known;
      const node = p.nodes.get(id);
      const value = !!node && ((node.callFrame.url ?? '').startsWith(scriptUrlPrefix) || ours(node.parent));
      memo.set(id, value);
      return value;
    };
    const sorted = p.deltas.filter((d) => d > 0).sort((a, b) => a - b);
    const cap = 2 * (sorted[Math.floor(sorted.length / 2)] ?? 0);
    for (let i = 0; i < p.samples.length; i++) if (ours(p.samples[i])) sampledUs += Math.min(p.deltas[i] ?? 0, cap);
  }
  return (compileUs + sampledUs) / 1000;
}

// Run alone: print the figures and merge them into bench-results.json.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out: Record<string, number> = {};
  if (process.env.DEALSIDE_SKIP_BUILD !== '1') buildExtension();
  benchContentScriptSizes((key, value, unit) => {
    out[key] = Math.round(value * 1000) / 1000;
    console.log(`${key.padEnd(48)} ${out[key]} ${unit}`);
  });
  const file = 'bench-results.json';
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>) : {};
  // sizes of scripts that no longer exist (crm.js before the per-CRM split) would mislead
  for (const key of Object.keys(all)) if (/^contentScript\.[^.]+\.(raw|gzip)KB$/.test(key)) delete all[key];
  fs.writeFileSync(file, `${JSON.stringify({ ...all, ...out }, null, 2)}\n`);
  console.log(`\nmerged into ${file}`);
}
