// The pairs the matcher finds while comparing wait in a temporary file (utils/match/cluster.ts
// PairSpill) instead of memory: at a million rows some 2.5 million pairs, 30 MB, that would
// otherwise sit beside the blocks at the end of comparing, and beside merging's arrays after.
// They are read back a chunk at a time.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PairSpill } from '../../utils/match/cluster';

export interface FileSpill extends PairSpill {
  /** the temporary file: already gone where an open file can be removed (not Windows), else on close */
  readonly path: string;
}

/**
 * A spill in a new file under `dir` (the system's temporary folder by default). The file is
 * removed as soon as it is open where the system allows it (Linux, macOS: the open descriptor
 * still reads and writes it, and its space goes when the process ends, however it ends — a run
 * stopped with Ctrl-C leaves nothing behind), else when the spill is closed.
 */
export function fileSpill(dir = tmpdir()): FileSpill {
  const folder = mkdtempSync(join(dir, 'dealside-dedupe-pairs-'));
  const path = join(folder, 'pairs.bin');
  let fd: number | undefined = openSync(path, 'w+', 0o600);
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    // an open file cannot be removed here: close() removes it
  }
  let size = 0;
  return {
    path,
    write(bytes) {
      if (fd === undefined) throw new Error('pair spill already closed');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, size + done);
      size += bytes.length;
    },
    read(into, position) {
      if (fd === undefined) throw new Error('pair spill already closed');
      if (position + into.length > size) throw new Error(`pair spill: ${into.length} bytes at ${position} asked, ${size} written`);
      for (let done = 0; done < into.length; ) {
        const n = readSync(fd, into, done, into.length - done, position + done);
        if (n === 0) throw new Error('pair spill: file shorter than written');
        done += n;
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
