// What the content-script benchmark counts as ours in a trace (the figures themselves are the
// bench's, never asserted).
import { describe, expect, it } from 'vitest';
import { contentScriptMs } from './contentScripts';

const OURS = 'chrome-extension://abc/content-scripts/';
const main = { pid: 1, tid: 7 };

describe('contentScriptMs', () => {
  it('counts our compile and the samples with our frame on the stack, and no long gap beyond the sampling interval', () => {
    const events = [
      { ...main, name: 'EvaluateScript', ph: 'X', ts: 0, dur: 5000, args: { data: { url: `${OURS}hubspot.js` } } },
      { ...main, name: 'v8.compile', ph: 'X', ts: 0, dur: 3000, tdur: 1000, args: { data: { url: `${OURS}hubspot.js` } } },
      // the page's own script: not ours
      { ...main, name: 'v8.compile', ph: 'X', ts: 0, dur: 9000, args: { data: { url: 'https://app.hubspot.com/app.js' } } },
      {
        pid: 1,
        tid: 9,
        id: '0x1',
        name: 'ProfileChunk',
        ph: 'P',
        ts: 0,
        args: {
          data: {
            cpuProfile: {
              nodes: [
                { id: 1, callFrame: { url: '' } },
                { id: 2, parent: 1, callFrame: { url: `${OURS}hubspot.js` } },
                { id: 3, parent: 2, callFrame: { url: '' } }, // a DOM call our code made
                { id: 4, parent: 1, callFrame: { url: 'https://app.hubspot.com/app.js' } },
              ],
              samples: [2, 3, 4, 2],
            },
            // the last sample follows a gap in which the OS ran something else
            timeDeltas: [100, 100, 100, 100_000],
          },
        },
      },
      // another process (the sidebar's frame)
      { pid: 2, tid: 1, id: '0x1', name: 'ProfileChunk', ph: 'P', ts: 0, args: { data: { cpuProfile: { nodes: [{ id: 1, callFrame: { url: `${OURS}x.js` } }], samples: [1, 1] }, timeDeltas: [100, 100] } } },
    ];
    expect(contentScriptMs(events, OURS)).toBeCloseTo(1.4);
  });

  it('is zero when our script never ran', () => {
    expect(contentScriptMs([{ ...main, name: 'EvaluateScript', ph: 'X', ts: 0, dur: 10, args: { data: { url: 'https://page/x.js' } } }], OURS)).toBe(0);
  });
});
