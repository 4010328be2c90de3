// What the page-load benchmark counts (the figures themselves are the bench's, never asserted).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../tests/e2e/harness/fixtures';
import { lateLoadRoutes, rendererMainMs, writeControlExtension } from './pageLoad';

const PAGE = 'https://app.hubspot.com/contacts/1/record/0-1/2';
const main = { pid: 1, tid: 7 };

describe('rendererMainMs', () => {
  it('sums the thread time of the top-level tasks of the thread that parsed the page, nested tasks once', () => {
    const events = [
      { ...main, name: 'ParseHTML', ph: 'X', ts: 100, dur: 10, args: { beginData: { url: PAGE } } },
      { ...main, name: 'ThreadControllerImpl::RunTask', ph: 'X', ts: 0, dur: 5000, tdur: 4000 },
      // nested in the one above
      { ...main, name: 'RunTask', ph: 'X', ts: 100, dur: 1000, tdur: 900 },
      { ...main, name: 'ThreadControllerImpl::RunTask', ph: 'X', ts: 6000, dur: 2000, tdur: 2000 },
      // another thread, another process: not the page's main thread
      { pid: 1, tid: 8, name: 'ThreadControllerImpl::RunTask', ph: 'X', ts: 0, dur: 9000, tdur: 9000 },
      { pid: 2, tid: 7, name: 'ThreadControllerImpl::RunTask', ph: 'X', ts: 0, dur: 9000, tdur: 9000 },
    ];
    expect(rendererMainMs(events, PAGE)).toBe(6);
    expect(rendererMainMs(events, 'https://other.example/')).toBe(0);
  });
});

describe('writeControlExtension', () => {
  it('matches the same hosts as ours with empty content scripts', () => {
    const ours = fs.mkdtempSync(path.join(os.tmpdir(), 'dealside-ours-'));
    fs.writeFileSync(
      path.join(ours, 'manifest.json'),
      JSON.stringify({ host_permissions: ['https://*.hubspot.com/*'], content_scripts: [{ matches: ['https://*.hubspot.com/*'], js: ['content-scripts/hubspot.js'] }] }),
    );
    const dir = writeControlExtension(ours);
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { manifest_version: number; content_scripts: { matches: string[]; js: string[] }[] };
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.content_scripts).toEqual([{ matches: ['https://*.hubspot.com/*'], run_at: 'document_idle', js: ['empty-0.js'] }]);
      expect(fs.readFileSync(path.join(dir, 'empty-0.js'), 'utf8')).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(ours, { recursive: true, force: true });
    }
  });
});

describe('lateLoadRoutes', () => {
  it('serves the page with a hidden image at its end, on its own origin, the image held', () => {
    const [page, image] = lateLoadRoutes(PAGE, 'hubspot/contact-51001.html', 1500);
    expect(page).toMatchObject({ url: PAGE, fixture: 'hubspot/contact-51001.html' });
    expect(image).toEqual({
      url: 'https://app.hubspot.com/dealside-bench/late-load.svg',
      fixture: 'bench/late-load.svg',
      contentType: 'image/svg+xml',
      delayMs: 1500,
    });
    // the replacement applies to the fixture (served as the harness does: every occurrence)
    const html = readFixture(page!.fixture);
    let served = html;
    for (const [from, to] of page!.replace!) served = served.split(from).join(to);
    expect(html.split('</body>')).toHaveLength(2);
    expect(served).toContain('<img src="https://app.hubspot.com/dealside-bench/late-load.svg" alt="" hidden></body>');
    expect(readFixture(image!.fixture)).toContain('<svg');
  });
});
