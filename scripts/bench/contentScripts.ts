// Content scripts (issue #15.1): what each costs a page.
//
// 1. Size: every built script in .output/chrome-mv3/content-scripts, raw and gzip -9
//    (`contentScript.<name>.rawKB`, `.gzipKB`).
// 2. Main-thread time: the built extension in Debian's Chromium (headless, tests/e2e/harness.ts),
//    one fixture page per site served at its real URL (and a CRM page no site recognises), each
//    loaded LOADS times in a fresh tab under a Chromium trace with V8's sampling profiler, from
//    navigation until SETTLE_MS after `load` (long enough for the answer from the background and
//    the sidebar frame's idle callback). Per load: the compile of our script plus every profiler
//    sample with a frame of our script on its stack (contentScriptMs); median and p90 per page
//    (`contentScript.cpu.<page>.medianMs`, `.p90Ms`). Not counted: the browser's own cost of an
//    extension's isolated world, style and layout the page does later for the frame we insert,
//    and the sidebar's own frame (another process). Paired loads with and without the extension
//    and an empty control extension are issue #15.5.
//
// `npx tsx scripts/bench/contentScripts.ts` runs it alone (building the extension unless
// DEALSIDE_SKIP_BUILD=1) and merges its figures into bench-results.json; `npm run bench` runs it
// first.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { EXTENSION_DIR, buildExtension, findChromium, launchWithExtension, serveFixtures } from '../../tests/e2e/harness';

type RecordFigure = (key: string, value: number, unit: string) => void;

const LOADS = 10;
const SETTLE_MS = 1500;

/** One page per content script, and a CRM page that shows no record. */
const BENCH_PAGES: Record<string, { url: string; fixture: string }> = {
  salesforceContact: {
    url: 'https://iberica.lightning.force.com/lightning/r/Contact/003Dn00000MaRiAIAV/view',
    fixture: 'salesforce/contact-maria-jose.html',
  },
  hubspotContact: { url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51001', fixture: 'hubspot/contact-51001.html' },
  pipedrivePerson: { url: 'https://acme.pipedrive.com/person/123', fixture: 'pipedrive/person-123.html' },
  dynamicsContact: {
    url: 'https://acme.crm4.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b&pagetype=entityrecord&etn=contact&id=2a4c6e80-1b3d-4f5a-8c7e-9d0b1a2c3e4f',
    fixture: 'dynamics/contact-juan-carlos.html',
  },
  zohoContact: { url: 'https://crm.zoho.eu/crm/org20071234/tab/Contacts/4876876000000123456', fixture: 'zoho/contact-sarah.html' },
  linkedinProfile: { url: 'https://www.linkedin.com/in/mariajosegarcialopez/', fixture: 'linkedin/profile-mariajosegarcialopez.html' },
  /** a HubSpot page that is no record (a dashboard): the script should do next to nothing */
  hubspotUnrecognised: { url: 'https://app.hubspot.com/reports-dashboard/4481234/view/1', fixture: 'hubspot/contact-51001.html' },
};

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
type TraceEvent = {
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

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export async function benchContentScriptCpu(record: RecordFigure, extensionDir = EXTENSION_DIR): Promise<void> {
  const launched = await launchWithExtension(extensionDir, { executablePath: findChromium() });
  const prefix = `chrome-extension://${launched.extensionId}/content-scripts/`;
  try {
    // the demo workspace is seeded after install: let that finish before measuring
    await new Promise((r) => setTimeout(r, 3000));
    for (const [name, { url, fixture }] of Object.entries(BENCH_PAGES)) {
      const samples: number[] = [];
      // one load first, not counted: the first load of a script also compiles it for the cache
      for (let i = 0; i <= LOADS; i++) {
        const page = await launched.browser.newPage();
        await serveFixtures(page, { [url]: fixture });
        await page.tracing.start({ categories: ['devtools.timeline', 'v8', 'disabled-by-default-v8.cpu_profiler', 'disabled-by-default-v8.cpu_profiler.hires'] });
        await page.goto(url, { waitUntil: 'load' });
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        const trace = await page.tracing.stop();
        await page.close();
        const events = (JSON.parse(Buffer.from(trace ?? new Uint8Array()).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
        const ms = contentScriptMs(events, prefix);
        if (ms === 0) throw new Error(`no sample or compile of a Dealside content script in the trace of ${url}`);
        if (i > 0) samples.push(ms);
      }
      record(`contentScript.cpu.${name}.medianMs`, quantile(samples, 0.5), 'ms');
      record(`contentScript.cpu.${name}.p90Ms`, quantile(samples, 0.9), 'ms');
    }
  } finally {
    await launched.close();
  }
}

export async function benchContentScripts(record: RecordFigure, { build = true } = {}): Promise<void> {
  if (build) buildExtension();
  benchContentScriptSizes(record);
  await benchContentScriptCpu(record);
}

// Run alone: print the figures and merge them into bench-results.json.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out: Record<string, number> = {};
  await benchContentScripts((key, value, unit) => {
    out[key] = Math.round(value * 1000) / 1000;
    console.log(`${key.padEnd(48)} ${out[key]} ${unit}`);
  });
  const file = 'bench-results.json';
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>) : {};
  // figures of scripts that no longer exist (crm.js before the per-CRM split) would mislead
  for (const key of Object.keys(all)) if (key.startsWith('contentScript.')) delete all[key];
  fs.writeFileSync(file, `${JSON.stringify({ ...all, ...out }, null, 2)}\n`);
  console.log(`\nmerged into ${file}`);
}
