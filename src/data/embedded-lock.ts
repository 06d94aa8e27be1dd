import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when another live process holds the embedded database; the CLI exits 1 with it. */
export class DatabaseHeldError extends Error {
  override name = 'DatabaseHeldError';
}

/**
 * PGlite serves one process at a time and corrupts its files if two open it. A lock file with the
 * holder's pid guards the data directory; a lock left by a dead process is taken over.
 */
export function acquireEmbeddedLock(dataDir: string, command: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'herald.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DatabaseHeldError(
          `database: embedded database ${dataDir} is held by process ${holder.pid} (herald ${holder.command}, since ${holder.since}); stop it or set DATABASE_URL`,
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new DatabaseHeldError(`database: could not lock ${path}`);
}

function readHolder(path: string): { pid: number; command: string; since: string } | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
