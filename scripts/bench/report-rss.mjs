// Preloaded with `node --import` by the dedupe benchmark: at exit, writes the process's peak
// resident set size in KB (getrusage maxRSS) and its CPU time (user + system) in microseconds,
// separated by a space, to $DEALSIDE_RSS_FILE. Plain JavaScript: the bundled CLI runs without a
// TypeScript loader.
import { writeFileSync } from 'node:fs';

const file = process.env.DEALSIDE_RSS_FILE;
if (file)
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
