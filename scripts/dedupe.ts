// `npm run --silent dedupe -- <in.csv> --kind contacts|accounts --out <out.csv>`: see scripts/dedupe/cli.ts.
import { setFlagsFromString } from 'node:v8';
import { runDedupe } from './dedupe/cli';

// A batch job that must stay small (a million rows in ~300 MB): V8 lets the heap grow up to four
// times its live data before a full collection, and comparing rows makes garbage all along.
// Growing by at most 30 % between collections keeps the process's peak near what it holds, for
// about a tenth more time. (Read by V8 at each collection, so it applies when set at run time.)
setFlagsFromString('--heap-growing-percent=30');

process.exitCode = await runDedupe(process.argv.slice(2));
