// Memory at the CLI's phase boundaries, on stderr, when DEALSIDE_DEDUPE_MEMLOG is set: how the
// figures in ARCHITECTURE.md (Duplicates) were taken phase by phase. VmHWM (the peak resident set
// so far, Linux's /proc/self/status) tells in which phase the peak came, between two lines.
import { readFileSync } from 'node:fs';

function statusKb(status: string, key: string): number | undefined {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : undefined;
}

/** a logger of phases, or undefined when the environment does not ask for one */
export function memoryLogger(env: NodeJS.ProcessEnv, write: (line: string) => void): ((phase: string) => void) | undefined {
  if (!env.DEALSIDE_DEDUPE_MEMLOG) return undefined;
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
  return (phase) => {
    let status = '';
    try {
      status = readFileSync('/proc/self/status', 'utf8');
    } catch {
      // not Linux: the heap's figures only
    }
    const rss = statusKb(status, 'VmRSS');
    const hwm = statusKb(status, 'VmHWM');
    const m = process.memoryUsage();
    const cpu = process.cpuUsage();
    write(
      `memlog ${phase}: rss ${rss !== undefined ? mb(rss * 1024) : mb(m.rss)} MB, peak ${hwm !== undefined ? mb(hwm * 1024) : '?'} MB, ` +
        `heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB (array buffers ${mb(m.arrayBuffers)}), ` +
        `cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s\n`,
    );
  };
}
