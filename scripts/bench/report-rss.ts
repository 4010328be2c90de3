// Preloaded with `node --import` by the dedupe benchmark: at exit, writes the process's peak
// resident set size in KB (getrusage maxRSS) to $DEALSIDE_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.DEALSIDE_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
