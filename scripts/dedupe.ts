// `npm run --silent dedupe -- <in.csv> --kind contacts|accounts --out <out.csv>`: see scripts/dedupe/cli.ts.
import { runDedupe } from './dedupe/cli';

process.exitCode = await runDedupe(process.argv.slice(2));
