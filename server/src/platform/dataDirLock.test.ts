import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './dataDirLock.js';
import { startEmbeddedMongo, type EmbeddedMongo } from './embeddedMongo.js';

const lockModule = fileURLToPath(new URL('./dataDirLock.ts', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'relaydesk-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Another node process that locks `dir` and keeps it until killed. */
async function holdInAnotherProcess(dir: string): Promise<ChildProcess> {
  const script = `const { lockDataDir } = await import(${JSON.stringify(lockModule)}); lockDataDir(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => void child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return child;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('data directory lock', () => {
  it('refuses a second embedded database on the same directory, naming the directory and the holder, until the first stops', async () => {
    const dir = tempDir();
    const first = await startEmbeddedMongo({ dataDir: dir });
    let firstStopped = false;
    cleanups.push(() => (firstStopped ? undefined : first.stop()));

    const second = startEmbeddedMongo({ dataDir: dir });
    await expect(second).rejects.toThrow(DataDirLockedError);
    await expect(second).rejects.toThrow(`the data directory ${dir} is in use by another RelayDesk process (pid ${process.pid})`);

    await first.stop();
    firstStopped = true;
    expect(existsSync(path.join(dir, 'relaydesk.lock'))).toBe(false);
    const again: EmbeddedMongo = await startEmbeddedMongo({ dataDir: dir });
    await again.stop();
  });

  it('refuses a directory another live process holds, and takes it over once that process is killed', async () => {
    const dir = tempDir();
    const holder = await holdInAnotherProcess(dir);
    expect(() => lockDataDir(dir)).toThrow(`(pid ${holder.pid})`);

    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const lock = lockDataDir(dir);
    lock.release();
  });

  it('is not blocked by a lock file left by a pid that no longer runs', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'relaydesk.lock'), `${await deadPid()}\n`);
    const mongo = await startEmbeddedMongo({ dataDir: dir });
    await mongo.stop();
  });

  it('releases only its own lock', async () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    const file = path.join(dir, 'relaydesk.lock');
    // Someone else's lock in its place (e.g. after our pid file was removed by hand).
    writeFileSync(file, '1\n');
    lock.release();
    expect(existsSync(file)).toBe(true);
  });
});
