import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { devdbSources, findRepoRoot, startEmbeddedMongo } from './embeddedMongo.js';

const mode = (file: string) => statSync(file).mode & 0o777;
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded database files', () => {
  it('are readable by their owner only, including files an older version left readable to all', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'relaydesk-modes-'));
    chmodSync(dir, 0o755);
    const devdbDir = path.join(dir, 'devdb');
    mkdirSync(devdbDir, { mode: 0o755 });
    chmodSync(devdbDir, 0o755);
    writeFileSync(path.join(devdbDir, 'left-over.txt'), '', { mode: 0o644 });
    chmodSync(path.join(devdbDir, 'left-over.txt'), 0o644);

    const mongo = await startEmbeddedMongo({ dataDir: dir });
    try {
      const connection = await mongoose.createConnection(mongo.uri, { dbName: 'modes' }).asPromise();
      await connection.collection('users').insertOne({ email: 'someone@example.test', passwordHash: '$2b$10$x' });
      await connection.close();
      expect(mode(path.join(dir, 'relaydesk.lock'))).toBe(0o600);
    } finally {
      await mongo.stop();
    }

    expect(mode(dir)).toBe(0o700);
    expect(mode(devdbDir)).toBe(0o700);
    const files = readdirSync(devdbDir);
    expect(files.some((f) => f.startsWith('modes'))).toBe(true);
    for (const file of files) expect([file, mode(path.join(devdbDir, file))]).toEqual([file, 0o600]);
  });

  it('are rebuilt from every Go source of tools/devdb, so a change to any of them rebuilds the binary', () => {
    const sources = devdbSources(path.join(findRepoRoot(), 'tools', 'devdb')).map((f) => path.basename(f));
    expect(sources).toEqual(expect.arrayContaining(['main.go', 'umask_unix.go', 'umask_other.go', 'go.mod', 'go.sum']));
  });
});
