import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Proof that this process owns a data directory; `release()` gives it up (idempotent). */
export interface DataDirLock {
  readonly file: string;
  release(): void;
}

/** Another live process holds the directory; the message names the directory and its pid. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dir: string,
    readonly holderPid: number,
  ) {
    super(
      `the data directory ${dir} is in use by another RelayDesk process (pid ${holderPid}); ` +
        `stop that process or use another DATA_DIR`,
    );
  }
}

const LOCK_FILE = 'relaydesk.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): { pid: number; text: string } | null {
  try {
    const text = readFileSync(file, 'utf8');
    const pid = Number.parseInt(text, 10);
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : 0, text };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Takes the data directory for this process with a pid file created with
 * O_EXCL. Throws DataDirLockedError while a live process holds it; a lock left
 * by a process that no longer runs is taken over.
 *
 * Written here rather than with proper-lockfile: that library judges a lock
 * stale by its age and keeps a timer refreshing it, so it cannot name the
 * holder's pid and makes a restart after a crash wait out the stale period;
 * the pid answers both exactly. A lock is per host, like the directory.
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          // Only our own lock: never remove one a later process took over.
          if (readHolder(file)?.pid === process.pid) unlinkSync(file);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (!holder) continue;
    // A pid file being written right now reads empty for a moment; give it that moment.
    if (holder.pid === 0 && attempt === 0) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    if (holder.pid !== 0 && isAlive(holder.pid)) throw new DataDirLockedError(dir, holder.pid);
    // Stale: remove it only if it still holds what we judged, then race for O_EXCL again.
    if (readHolder(file)?.text === holder.text) {
      try {
        unlinkSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
  throw new Error(`could not lock the data directory ${dir}: its lock file ${file} keeps changing`);
}
