// What Dealside costs a page load, and how soon the sidebar shows the record (issue #15.5).
//
// 1. Paired loads (`pageLoad.cpu.*`). Three browsers side by side: one with the built extension,
//    one with no extension, one with a control extension generated here (MV3, the same hosts, an
//    empty content script per site). Each fixture page type is loaded LOADS times in each, in
//    turn (extension, none, control, extension, …), in a fresh tab under a Chromium trace until
//    SETTLE_MS after `load`. Per load: the main-thread CPU of the page's renderer (thread time of
//    its top-level tasks: parsing, scripts of every world, style, layout, paint — `rendererMainMs`)
//    and, with the extension, the content script's own share (`contentScriptMs`: its compile and
//    the profiler samples with its frame on the stack). Recorded per page type: median and p90 of
//    each variant, and of the paired differences (extension − none, control − none, load i with
//    load i), plus `contentScript.cpu.<page>.*`. `hubspotContactFolded` is the HubSpot contact
//    with the in-page sidebar folded on app.hubspot.com (the preference set before its loads);
//    `hubspotContactSidePanel` the same record with Dealside placed in the browser's side panel
//    (Options; `crmPlacement` set before its loads): the content script recognises the record and
//    reports it, and inserts nothing.
// 2. DOMContentLoaded → the record's name painted in the in-page sidebar (`pageLoad.toName.*`):
//    the page's DOMContentLoaded and the name's paint (Element Timing: the sidebar's name carries
//    `elementtiming="dealside-record-name"`), both on the wall clock (timeOrigin + the entry's
//    time). Warm: the worker awake; cold: every service worker stopped over CDP
//    (ServiceWorker.stopAllWorkers) before the load. With the demo workspace, then again after
//    100,000 contacts imported through Options → Import (scripts/bench/import-browser.ts). Also
//    the JS heap of the page, the sidebar frame and the worker once the name shows, and after each
//    HubSpot load an in-page navigation to the next record (`pageLoad.inPage.*`): from the page
//    rendering it to the sidebar showing its name. `<page>-lateload` is the same page with an image
//    (which DOMContentLoaded does not wait for) held LATE_LOAD_HOLD_MS, so `load` comes ~1.5 s after
//    DOMContentLoaded, as on a real CRM's single-page app with its images, fonts and bundles (the
//    plain fixtures fire `load` ~40 ms after it). `hubspotContactSidePanel` (warm only): Dealside in
//    the browser's side panel, the panel open while the tab loads one HubSpot contact after another
//    — DOMContentLoaded → the panel showing the new record's name (sidePanelLoads).
//
// DEALSIDE_BENCH_BASELINE=<dir of an earlier build> adds that build to both, its loads in turn with
// this build's (`pageLoad.cpu.<page>.baseline`, `contentScript.cpu.baseline.<page>`,
// `pageLoad.baseline.toName.*`): before and after
// in one run, under the same load. DEALSIDE_BENCH_LOADS (default 10) and DEALSIDE_BENCH_BIG_ROWS
// (default 100,000; 0 skips the import) size it; DEALSIDE_BENCH_PAGES=<name,…> limits part 1 to
// those page types, DEALSIDE_BENCH_NAME_PAGES=<name,…> part 2.
//
// `npx tsx scripts/bench/pageLoad.ts [cpu|name]` runs it alone (building unless
// DEALSIDE_SKIP_BUILD=1) and merges its figures into bench-results.json; `npm run bench` runs it
// as the parts `content-cpu` and `sidebar-time`. Figures only: nothing here passes or fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type CDPSession, type Frame, type Page } from 'puppeteer-core';
import {
  EXTENSION_DIR,
  buildExtension,
  chromiumArgs,
  findChromium,
  launchWithExtension,
  navigateInPage,
  serveFixtures,
  waitForSidebarFrame,
  type FixtureRoute,
  type Launched,
} from '../../tests/e2e/harness';
import { contentScriptMs, type TraceEvent } from './contentScripts';
import { importContactsInBrowser } from './import-browser';

type RecordFigure = (key: string, value: number, unit: string) => void;

const LOADS = Number(process.env.DEALSIDE_BENCH_LOADS ?? 10);
const SETTLE_MS = 1500;
const BIG_STORE_ROWS = Number(process.env.DEALSIDE_BENCH_BIG_ROWS ?? 100_000);

/** One page per content script, and a CRM page that shows no record. */
export const BENCH_PAGES: Record<string, { url: string; fixture: string; folded?: true; sidePanel?: true }> = {
  salesforceContact: {
    url: 'https://iberica.lightning.force.com/lightning/r/Contact/003Dn00000MaRiAIAV/view',
    fixture: 'salesforce/contact-maria-jose.html',
  },
  hubspotContact: { url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51001', fixture: 'hubspot/contact-51001.html' },
  /** the same record with the sidebar folded on app.hubspot.com (the preference set before its loads) */
  hubspotContactFolded: { url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51001', fixture: 'hubspot/contact-51001.html', folded: true },
  /** the same record with Dealside in the browser's side panel (Options' choice set before its loads): nothing in the page */
  hubspotContactSidePanel: { url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51001', fixture: 'hubspot/contact-51001.html', sidePanel: true },
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

type NamePage = {
  url: string;
  fixture: string;
  next?: { url: string; fixture: string; name: string };
  /** the page's `load` held this long after DOMContentLoaded (lateLoadRoutes) */
  holdLoadMs?: number;
};

/** How long a late-load page holds its image, so its `load` comes that long after DOMContentLoaded. */
export const LATE_LOAD_HOLD_MS = 1500;

/**
 * `fixture` at `url` with a hidden image added at the end of its body, the image's response held
 * `holdMs`: DOMContentLoaded does not wait for an image, the page's `load` does.
 */
export function lateLoadRoutes(url: string, fixture: string, holdMs: number): FixtureRoute[] {
  const image = new URL('/dealside-bench/late-load.svg', url).href;
  return [
    { url, fixture, replace: [['</body>', `<img src="${image}" alt="" hidden></body>`]] },
    { url: image, fixture: 'bench/late-load.svg', contentType: 'image/svg+xml', delayMs: holdMs },
  ];
}

/** CRM record pages whose sidebar the name timing watches (demo records, found by their CRM id). */
const NAME_PAGES: Record<string, NamePage> = {
  hubspotContact: {
    ...BENCH_PAGES.hubspotContact!,
    /** the in-page navigation timed after it */
    next: { url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51002', fixture: 'hubspot/contact-51002.html', name: 'Juan Carlos Pérez Ruiz' },
  },
  salesforceContact: BENCH_PAGES.salesforceContact!,
  'hubspotContact-lateload': { ...BENCH_PAGES.hubspotContact!, holdLoadMs: LATE_LOAD_HOLD_MS },
  'salesforceContact-lateload': { ...BENCH_PAGES.salesforceContact!, holdLoadMs: LATE_LOAD_HOLD_MS },
};

/** DEALSIDE_BENCH_NAME_PAGES=<name,…> limits the name timing to those pages (hubspotContactSidePanel too). */
const wantNamePage = (name: string) => !process.env.DEALSIDE_BENCH_NAME_PAGES || process.env.DEALSIDE_BENCH_NAME_PAGES.split(',').includes(name);

/** How long after pushState the page renders the next record (as a single-page app does). */
const RENDER_DELAY_MS = 50;

export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

// ---------------------------------------------------------------------------------------------
// Reading a trace

/**
 * Main-thread CPU of the renderer that parsed `pageUrl`: the thread time of its top-level tasks
 * (nested tasks counted once), over the whole trace. Thread time, not wall time: on a busy machine
 * the OS deschedules the thread, and that is not work the page did.
 */
export function rendererMainMs(events: readonly TraceEvent[], pageUrl: string): number {
  const parse = events.find((e) => e.name === 'ParseHTML' && (e.args?.beginData?.url ?? '') === pageUrl);
  if (!parse) return 0;
  const { pid, tid } = parse;
  const tasks = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask'))
    .sort((a, b) => a.ts - b.ts);
  let us = 0;
  let end = -Infinity;
  for (const t of tasks) {
    if (t.ts < end) continue; // nested in the task counted before
    us += t.tdur ?? t.dur ?? 0;
    end = t.ts + (t.dur ?? 0);
  }
  return us / 1000;
}

// ---------------------------------------------------------------------------------------------
// Browsers: with the extension, without, with an empty control extension

/** A tiny MV3 extension matching the same hosts as ours, whose content scripts are empty. */
export function writeControlExtension(extensionDir = EXTENSION_DIR): string {
  const ours = JSON.parse(fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as {
    host_permissions?: string[];
    content_scripts?: { matches: string[]; run_at?: string }[];
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealside-bench-control-'));
  const scripts = (ours.content_scripts ?? []).map((cs, i) => {
    fs.writeFileSync(path.join(dir, `empty-${i}.js`), '');
    return { matches: cs.matches, run_at: cs.run_at ?? 'document_idle', js: [`empty-${i}.js`] };
  });
  const manifest = {
    manifest_version: 3,
    name: 'Dealside bench control (empty content script)',
    version: '1.0.0',
    host_permissions: ours.host_permissions ?? [],
    content_scripts: scripts,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

type Variant = 'extension' | 'none' | 'control' | 'baseline';
type Plain = { browser: Browser; close: () => Promise<void> };

/** Chromium with the same flags as the e2e harness, with `dir` loaded or no extension at all. */
async function launchPlain(dir: string | undefined): Promise<Plain> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealside-bench-'));
  const args = chromiumArgs(dir ?? '', 'en-US', 1440, 900).filter((a) => dir || !/^--(disable-extensions-except|load-extension)=/.test(a));
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    userDataDir,
    ...(dir ? { ignoreDefaultArgs: ['--disable-extensions'] } : {}),
    args,
    defaultViewport: { width: 1440, height: 900 },
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'disabled-by-default-v8.cpu_profiler',
];

async function tracedLoad(browser: Browser, url: string, fixture: string): Promise<TraceEvent[]> {
  const page = await browser.newPage();
  try {
    await serveFixtures(page, { [url]: fixture });
    await page.tracing.start({ categories: TRACE_CATEGORIES });
    await page.goto(url, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const trace = await page.tracing.stop();
    return (JSON.parse(Buffer.from(trace ?? new Uint8Array()).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * Sets (or clears) the in-page sidebar's folded preference for `url`'s site, as the tab's click
 * does, and where Dealside shows on CRM pages (the side panel, or beside the page), as Options does.
 */
async function setPageSetup(browser: Browser, url: string, { folded, sidePanel }: { folded: boolean; sidePanel: boolean }): Promise<void> {
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 30_000 });
  const worker = await target.worker();
  if (!worker) throw new Error('no service worker to set the sidebar layout');
  await worker.evaluate(
    async (key: string, collapsed: boolean, inSidePanel: boolean) => {
      const local = (globalThis as unknown as { chrome: { storage: { local: { set(o: object): Promise<void>; remove(k: string): Promise<void> } } } }).chrome.storage.local;
      await (collapsed ? local.set({ [key]: { collapsed: true, width: 384 } }) : local.remove(key));
      await (inSidePanel ? local.set({ crmPlacement: 'sidePanel' }) : local.remove('crmPlacement'));
    },
    `sidebarLayout:${new URL(url).hostname}`,
    folded,
    sidePanel,
  );
}

/** Paired loads of every page type with the extension, without it and with the control. */
/**
 * `baselineDir` (DEALSIDE_BENCH_BASELINE): an earlier build, loaded in turn with the others
 * (`pageLoad.cpu.<page>.baseline`, `.addedByBaseline`), to compare before and after in one run.
 */
export async function benchPairedLoads(record: RecordFigure, extensionDir = EXTENSION_DIR, baselineDir = process.env.DEALSIDE_BENCH_BASELINE): Promise<void> {
  const controlDir = writeControlExtension(extensionDir);
  const launched = await launchWithExtension(extensionDir, { executablePath: findChromium() });
  const browsers: Partial<Record<Variant, Browser>> = { extension: launched.browser };
  const variants: Variant[] = ['extension', 'none', 'control', ...(baselineDir ? (['baseline'] as const) : [])];
  const plain: Plain[] = [];
  try {
    for (const [variant, dir] of [['none', undefined], ['control', controlDir], ...(baselineDir ? [['baseline', baselineDir] as const] : [])] as const) {
      const p = await launchPlain(dir);
      plain.push(p);
      browsers[variant] = p.browser;
    }
    const prefix = `chrome-extension://${launched.extensionId}/content-scripts/`;
    // the baseline's own id (its folder differs), to find its content script in its traces
    const baselinePrefix = browsers.baseline
      ? `chrome-extension://${new URL((await browsers.baseline.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 30_000 })).url()).host}/content-scripts/`
      : undefined;
    // the demo workspace is seeded after install: let that finish before measuring
    await new Promise((r) => setTimeout(r, 3000));
    // DEALSIDE_BENCH_PAGES=<name,…>: only these page types (more loads of a few in the same time)
    const only = process.env.DEALSIDE_BENCH_PAGES?.split(',');
    for (const [name, { url, fixture, folded, sidePanel }] of Object.entries(BENCH_PAGES).filter(([n]) => !only || only.includes(n))) {
      // the in-page sidebar folded (or not) on this page's site, Dealside beside the page or in the
      // side panel, in every browser with Dealside
      for (const variant of ['extension', 'baseline'] as const)
        if (browsers[variant]) await setPageSetup(browsers[variant], url, { folded: !!folded, sidePanel: !!sidePanel });
      const cpu: Record<Variant, number[]> = { extension: [], none: [], control: [], baseline: [] };
      const ours: number[] = [];
      const oursBefore: number[] = [];
      // one round first, not counted: the first load of a script also compiles it for the cache
      for (let i = 0; i <= LOADS; i++) {
        for (const variant of variants) {
          const events = await tracedLoad(browsers[variant]!, url, fixture);
          const ms = rendererMainMs(events, url);
          if (ms === 0) throw new Error(`no main-thread task of the page's renderer in the trace of ${url} (${variant})`);
          if (variant === 'extension' || variant === 'baseline') {
            const own = contentScriptMs(events, variant === 'extension' ? prefix : baselinePrefix!);
            if (own === 0) throw new Error(`no sample or compile of a Dealside content script in the trace of ${url} (${variant})`);
            if (i > 0) (variant === 'extension' ? ours : oursBefore).push(own);
          }
          if (i > 0) cpu[variant].push(ms);
        }
      }
      const figure = (key: string, xs: number[]) => {
        record(`${key}.medianMs`, quantile(xs, 0.5), 'ms');
        record(`${key}.p90Ms`, quantile(xs, 0.9), 'ms');
      };
      for (const variant of variants) figure(`pageLoad.cpu.${name}.${variant}`, cpu[variant]);
      figure(`pageLoad.cpu.${name}.addedByExtension`, cpu.extension.map((x, i) => x - cpu.none[i]!));
      figure(`pageLoad.cpu.${name}.addedByControl`, cpu.control.map((x, i) => x - cpu.none[i]!));
      if (baselineDir) figure(`pageLoad.cpu.${name}.addedByBaseline`, cpu.baseline.map((x, i) => x - cpu.none[i]!));
      figure(`contentScript.cpu.${name}`, ours);
      if (baselineDir) figure(`contentScript.cpu.baseline.${name}`, oursBefore);
    }
  } finally {
    await launched.close();
    for (const p of plain) await p.close();
    fs.rmSync(controlDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// DOMContentLoaded → the record's name in the sidebar

/** In the sidebar frame: the wall-clock time the record's name was first painted. */
const NAME_PAINTED = `new Promise((resolve) => {
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.identifier !== 'dealside-record-name') continue;
      observer.disconnect();
      resolve(performance.timeOrigin + (e.renderTime || e.loadTime || e.startTime));
      return;
    }
  });
  observer.observe({ type: 'element', buffered: true });
  setTimeout(() => resolve(0), 30000);
})`;

async function nameInFrame(frame: Frame): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await frame.evaluate(NAME_PAINTED)) as number;
    } catch (error) {
      // the frame may still be navigating to sidebar.html
      if (attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The live JS heap of a target, after a garbage collection (what it keeps, not what it left). */
async function heapMB(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage').catch(() => {});
  const { usedSize } = (await session.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize / 1024 / 1024;
}

/** The heap of the extension's running service worker (after a stop, a fresh target or the same). */
async function workerHeapMB(launched: Launched): Promise<number> {
  const ours = () => launched.browser.targets().filter((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${launched.extensionId}/`));
  for (const target of ours().reverse()) {
    const session = await target.createCDPSession().catch(() => undefined);
    if (!session) continue;
    try {
      return await heapMB(session);
    } catch {
      // a worker that stopped
    } finally {
      await session.detach().catch(() => {});
    }
  }
  return 0;
}

type WorkerWatch = { stop: () => Promise<void>; close: () => Promise<void> };

/** Stops our service worker over CDP (ServiceWorker.stopWorker) and waits until it has stopped. */
async function watchWorker(launched: Launched): Promise<WorkerWatch> {
  const page = await launched.browser.newPage();
  const session = await page.createCDPSession();
  type Version = { versionId: string; scriptURL: string; runningStatus: string };
  const status = new Map<string, string>();
  session.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => {
    for (const v of e.versions) if (v.scriptURL.startsWith(`chrome-extension://${launched.extensionId}/`)) status.set(v.versionId, v.runningStatus);
  });
  await session.send('ServiceWorker.enable');
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`the service worker did not ${what} (${[...status.values()].join(', ')})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until('show up', () => status.size > 0);
  return {
    stop: async () => {
      for (const [versionId, running] of status) if (running !== 'stopped') await session.send('ServiceWorker.stopWorker', { versionId });
      await until('stop', () => [...status.values()].every((s) => s === 'stopped'));
    },
    close: async () => {
      await session.detach().catch(() => {});
      await page.close().catch(() => {});
    },
  };
}

type NameLoad = { toNameMs: number; pageHeapMB: number; frameHeapMB: number; workerHeapMB: number; inPageMs?: number };

/**
 * Sets `window.__nameAt` in a surface to the wall-clock time of the first animation frame after its
 * record name shows `name` (0 after 30 s): read it back once the navigation is done.
 */
function watchName(surface: Page | Frame, name: string): Promise<unknown> {
  return surface.evaluate(`(() => {
    window.__nameAt = new Promise((resolve) => {
      const shown = () => (document.querySelector('[data-dealside="entity-name"]')?.textContent ?? '').includes(${JSON.stringify(name)});
      const o = new MutationObserver(() => {
        if (!shown()) return;
        o.disconnect();
        requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
      });
      o.observe(document, { childList: true, subtree: true, characterData: true });
      setTimeout(() => resolve(0), 30000);
    });
  })()`);
}

/**
 * In-page navigation to the next record: from the page rendering it (its <title> changes, seen by
 * an observer in the page) to the sidebar's name showing it (an observer in the frame, then the
 * next animation frame), both on the wall clock.
 */
async function inPageNavigation(page: Page, frame: Frame, next: NonNullable<NamePage['next']>): Promise<number> {
  await page.evaluate(`(() => {
    window.__swapAt = new Promise((resolve) => {
      const o = new MutationObserver(() => { o.disconnect(); resolve(performance.timeOrigin + performance.now()); });
      o.observe(document.head, { childList: true, subtree: true, characterData: true });
    });
  })()`);
  await watchName(frame, next.name);
  await navigateInPage(page, { ...next, renderDelayMs: RENDER_DELAY_MS });
  const [swapAt, nameAt] = [(await page.evaluate('window.__swapAt')) as number, (await frame.evaluate('window.__nameAt')) as number];
  if (!nameAt) throw new Error(`the sidebar did not show ${next.name} after an in-page navigation`);
  return nameAt - swapAt;
}

async function nameLoad(launched: Launched, { url, fixture, next, holdLoadMs }: NamePage, beforeLoad?: () => Promise<void>): Promise<NameLoad> {
  const page: Page = await launched.browser.newPage();
  try {
    await serveFixtures(page, [
      ...(holdLoadMs ? lateLoadRoutes(url, fixture, holdLoadMs) : [{ url, fixture }]),
      ...(next ? [{ url: next.url, fixture: next.fixture }] : []),
    ]);
    // a new tab's events wake the worker: stop it only now, as the page starts loading
    await beforeLoad?.();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const frame = await waitForSidebarFrame(page, 30_000);
    const painted = await nameInFrame(frame);
    if (!painted) throw new Error(`the sidebar on ${url} showed no record name within 30 s`);
    const dcl = (await page.evaluate(
      `performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventStart`,
    )) as number;
    const pageSession = await page.createCDPSession();
    const frameTarget = launched.browser.targets().find((t) => t.url().includes('/sidebar.html'));
    const frameSession = frameTarget ? await frameTarget.createCDPSession() : undefined;
    const load = {
      toNameMs: painted - dcl,
      pageHeapMB: await heapMB(pageSession),
      frameHeapMB: frameSession ? await heapMB(frameSession) : 0,
      workerHeapMB: await workerHeapMB(launched),
    };
    await Promise.all([pageSession.detach(), frameSession?.detach()].map((p) => p?.catch(() => {})));
    return next ? { ...load, inPageMs: await inPageNavigation(page, frame, next) } : load;
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * Dealside in the browser's side panel (Options' choice): the panel stays open while the tab loads
 * one record page after another, as a rep working down a list does. Each load: from the page's
 * DOMContentLoaded to the panel showing the new record's name (an observer in the panel, then the
 * next animation frame, on the wall clock). The two HubSpot contacts alternate, so each load
 * changes the name shown. The panel is sidepanel.html in a window of its own following the tab (as
 * the e2e tests open it: Chromium's side panel cannot be opened without a user gesture here); the
 * content script inserts nothing in the page, as in a rep's browser with that choice.
 */
const SIDE_PANEL_RECORDS = [
  { url: BENCH_PAGES.hubspotContact!.url, fixture: BENCH_PAGES.hubspotContact!.fixture, name: 'María José García López' },
  NAME_PAGES.hubspotContact!.next!,
] as const;

async function sidePanelLoads(launched: Launched, loads: number): Promise<number[]> {
  const page: Page = await launched.browser.newPage();
  const panel: Page = await launched.browser.newPage({ type: 'window', windowBounds: { width: 420, height: 900 } });
  try {
    await serveFixtures(page, SIDE_PANEL_RECORDS.map(({ url, fixture }) => ({ url, fixture })));
    await panel.goto(launched.extensionUrl('sidepanel.html'), { waitUntil: 'load' });
    await panel.evaluate(`chrome.storage.local.set({ crmPlacement: 'sidePanel' })`);
    // the tab's id, for the panel to follow it: the tab on the second record, the one loads start from
    const start = SIDE_PANEL_RECORDS[1].url;
    await page.goto(start, { waitUntil: 'load' });
    const tabId = (await panel.evaluate(`chrome.tabs.query({ url: 'https://app.hubspot.com/*' }).then((tabs) => tabs.filter((t) => t.url === ${JSON.stringify(start)}).map((t) => t.id))`)) as number[];
    if (tabId.length !== 1) throw new Error(`expected one tab on ${start} for the side panel to follow, found ${tabId.length}`);
    await panel.goto(launched.extensionUrl(`sidepanel.html?tab=${tabId[0]}`), { waitUntil: 'load' });
    const times: number[] = [];
    // one load first, not counted
    for (let i = 0; i <= loads; i++) {
      const record = SIDE_PANEL_RECORDS[i % 2]!;
      await watchName(panel, record.name);
      await page.goto(record.url, { waitUntil: 'domcontentloaded' });
      const nameAt = (await panel.evaluate('window.__nameAt')) as number;
      if (!nameAt) throw new Error(`the side panel did not show ${record.name} within 30 s`);
      const dcl = (await page.evaluate(`performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventStart`)) as number;
      if (i > 0) times.push(nameAt - dcl);
    }
    return times;
  } finally {
    await panel.evaluate(`chrome.storage.local.remove('crmPlacement')`).catch(() => {});
    await page.close().catch(() => {});
    await panel.close().catch(() => {});
  }
}

type Build = { label: string; launched: Launched; watch?: WorkerWatch };

/** `pageLoad.toName.*` of the build measured, `pageLoad.baseline.toName.*` of the baseline. */
const keyOf = (build: Build, rest: string) => `pageLoad.${build.label ? `${build.label}.` : ''}${rest}`;

/** Every page, warm then cold, the builds' loads in turn (load i of each under the same load). */
async function benchNames(record: RecordFigure, builds: readonly Build[], store: string): Promise<void> {
  for (const b of builds) b.watch = await watchWorker(b.launched);
  try {
    for (const [name, namePage] of Object.entries(NAME_PAGES)) {
      if (!wantNamePage(name)) continue;
      for (const worker of ['warm', 'cold'] as const) {
        const loads = new Map<Build, NameLoad[]>(builds.map((b) => [b, []]));
        // one load first, not counted (it also builds the match index when the store changed)
        for (let i = 0; i <= LOADS; i++) {
          for (const b of builds) {
            const load = await nameLoad(b.launched, namePage, worker === 'cold' ? b.watch!.stop : undefined);
            if (i > 0) loads.get(b)!.push(load);
          }
        }
        for (const [b, xs] of loads) {
          const key = keyOf(b, `toName.${store}.${worker}.${name}`);
          record(`${key}.medianMs`, quantile(xs.map((l) => l.toNameMs), 0.5), 'ms');
          record(`${key}.p90Ms`, quantile(xs.map((l) => l.toNameMs), 0.9), 'ms');
          record(`${key}.pageHeapMB`, quantile(xs.map((l) => l.pageHeapMB), 0.5), 'MB');
          record(`${key}.frameHeapMB`, quantile(xs.map((l) => l.frameHeapMB), 0.5), 'MB');
          record(`${key}.workerHeapMB`, quantile(xs.map((l) => l.workerHeapMB), 0.5), 'MB');
          const inPage = xs.flatMap((l) => (l.inPageMs === undefined ? [] : [l.inPageMs]));
          if (worker === 'warm' && inPage.length) {
            record(`${keyOf(b, `inPage.${store}.${name}`)}.medianMs`, quantile(inPage, 0.5), 'ms');
            record(`${keyOf(b, `inPage.${store}.${name}`)}.p90Ms`, quantile(inPage, 0.9), 'ms');
          }
        }
      }
    }
    // The side panel: each build's loads in a row (a panel and a tab per build, kept across loads).
    // Warm only: with the panel's page open, ServiceWorker.stopWorker leaves the worker running.
    if (wantNamePage('hubspotContactSidePanel')) {
      for (const b of builds) {
        const xs = await sidePanelLoads(b.launched, LOADS);
        const key = keyOf(b, `toName.${store}.warm.hubspotContactSidePanel`);
        record(`${key}.medianMs`, quantile(xs, 0.5), 'ms');
        record(`${key}.p90Ms`, quantile(xs, 0.9), 'ms');
      }
    }
  } finally {
    for (const b of builds) await b.watch?.close();
  }
}

/**
 * The name timing with the demo workspace, then with BIG_STORE_ROWS contacts imported; with
 * `baselineDir` (DEALSIDE_BENCH_BASELINE) an earlier build too, in a browser of its own, its loads
 * in turn with this build's.
 */
export async function benchSidebarTimes(record: RecordFigure, extensionDir = EXTENSION_DIR, baselineDir = process.env.DEALSIDE_BENCH_BASELINE): Promise<void> {
  const builds: Build[] = [];
  try {
    for (const [label, dir] of [['', extensionDir], ...(baselineDir ? [['baseline', baselineDir]] : [])] as const) {
      builds.push({ label, launched: await launchWithExtension(dir, { executablePath: findChromium() }) });
    }
    await new Promise((r) => setTimeout(r, 3000));
    // A DevTools session left attached to the worker keeps a stopped worker from starting again
    // (it stays "starting"): the heaps are read over short-lived sessions instead.
    for (const b of builds) await b.launched.worker.client.detach().catch(() => {});
    await benchNames(record, builds, 'demo');
    if (BIG_STORE_ROWS > 0) {
      for (const b of builds) {
        const t0 = performance.now();
        await importContactsInBrowser(b.launched, BIG_STORE_ROWS);
        record(keyOf(b, 'bigStore.importS'), (performance.now() - t0) / 1000, 's');
      }
      record('pageLoad.bigStore.rows', BIG_STORE_ROWS, 'rows');
      await benchNames(record, builds, 'big');
    }
  } finally {
    for (const b of builds) await b.launched.close();
  }
}

// Run alone: print the figures and merge them into bench-results.json.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const parts = process.argv.slice(2);
  const want = (p: string) => parts.length === 0 || parts.includes(p);
  if (process.env.DEALSIDE_SKIP_BUILD !== '1') buildExtension();
  const out: Record<string, number> = {};
  const record: RecordFigure = (key, value, unit) => {
    out[key] = Math.round(value * 1000) / 1000;
    console.log(`${key.padEnd(64)} ${out[key]} ${unit}`);
  };
  console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  // DEALSIDE_BENCH_EXTENSION: another build to measure (a copy of an earlier one, to compare)
  const dir = process.env.DEALSIDE_BENCH_EXTENSION ?? EXTENSION_DIR;
  if (want('cpu')) await benchPairedLoads(record, dir);
  if (want('name')) await benchSidebarTimes(record, dir);
  console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const file = 'bench-results.json';
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>) : {};
  fs.writeFileSync(file, `${JSON.stringify({ ...all, ...out }, null, 2)}\n`);
  console.log(`\nmerged into ${file}`);
}
