// `npm run --silent dedupe -- <in.csv> --kind contacts|accounts --out <out.csv>`: see scripts/dedupe/cli.ts.
// npm runs this file bundled (scripts/dedupe/build.mjs) by plain `node`; `node --import tsx` also runs it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runDedupe } from './dedupe/cli';

// A batch job that must stay small (a million rows in ~300 MB): V8 lets the heap grow up to four
// times its live data before a full collection, and comparing rows makes garbage all along.
// Growing by at most 30 % between collections keeps the process's peak near what it holds, for
// about a tenth more time. (Read by V8 at each collection, so it applies when set at run time.)
setFlagsFromString('--heap-growing-percent=30');
// And the young generation stays at its first size (about 1 MB a semi-space) instead of growing to
// 16: the garbage of one comparison dies young either way; the peak is about 30 MB lower (100,000
// rows: 157 instead of 187 MB) for the same time.
setFlagsFromString('--semi-space-growth-factor=1');

// A full collection when the blocks are built and when comparing ends (see Io.collectGarbage):
// V8's `gc`, exposed by a flag that applies to contexts made after it is set.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

process.exitCode = await runDedupe(process.argv.slice(2), { stderr: process.stderr, collectGarbage });
