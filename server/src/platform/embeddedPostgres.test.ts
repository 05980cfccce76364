import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embeddedPostgres.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-embedded-pg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const isRoot = os.userInfo().uid === 0;

describe('startEmbeddedPostgres', () => {
  it.runIf(isRoot)('refuses to run as root, saying what to do instead, without creating a system user', async () => {
    await expect(startEmbeddedPostgres(path.join(dir, 'root'), () => {})).rejects.toThrow(/does not run as root.*EMBEDDED_DB_ENGINE=sqlite/s);
  });

  it.runIf(!isRoot)(
    'initialises a cluster once, serves the FerretDB database, and starts again on the same files',
    async () => {
      const target = path.join(dir, 'user');
      for (let start = 0; start < 2; start += 1) {
        const server = await startEmbeddedPostgres(target, () => {});
        try {
          const client = new pg.Client({ connectionString: server.url });
          await client.connect();
          const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
          await client.end();
          expect(rows[0]?.db).toBe('ferretdb');
        } finally {
          await server.stop();
        }
      }
    },
    120_000,
  );
});
