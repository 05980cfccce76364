/**
 * The database behind the API benchmark: FerretDB (the project's tools/devdb
 * program) on a throw-away PostgreSQL database, or on SQLite files in a temporary
 * directory when PostgreSQL cannot be reached.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureDevdbBinary, findRepoRoot } from '../../server/src/platform/embeddedMongo.js';
import { startChild, stopChild, waitForLine, type Child } from './processes.js';

/**
 * Where PostgreSQL is expected: 127.0.0.1:5432, user `postgres`, trust authentication,
 * as on the benchmark machines. The usual libpq variables PGHOST and PGPORT move it.
 */
const PG = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: 'postgres',
  adminDb: 'postgres',
} as const;

const READY_TIMEOUT_MS = 60_000;

/** A running FerretDB and what to say about it next to every figure. */
export interface BenchDatabase {
  /** MongoDB connection string naming the benchmark's database. */
  uri: string;
  dbName: string;
  /** e.g. `FerretDB 1.24 on PostgreSQL 15.20`; appears next to every figure. */
  engine: string;
  /** Whether the SQLite fallback is in use (PostgreSQL was not reachable). */
  isFallback: boolean;
  /**
   * Lets PostgreSQL catch up after bulk inserts (VACUUM ANALYZE), so its autovacuum
   * does not start in the middle of a measurement. Nothing to do on SQLite.
   */
  settle(): Promise<void>;
  /** Stops FerretDB and drops the PostgreSQL database; safe to call twice. */
  stop(): Promise<void>;
  /** Stops FerretDB and leaves the data, for a second start with `existing: true`. */
  stopKeepingData(): Promise<void>;
}

/**
 * Runs one SQL statement with psql. Asynchronous on purpose: VACUUM can take a while,
 * and a blocked event loop would leave Ctrl-C unanswered.
 */
function psql(sql: string, database: string = PG.adminDb): Promise<{ ok: boolean; output: string }> {
  const args = ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', sql];
  return new Promise((resolve) => {
    execFile('psql', args, { encoding: 'utf8', env: { ...process.env, PGCONNECT_TIMEOUT: '3' } }, (err, stdout, stderr) => {
      resolve({ ok: !err, output: `${stdout ?? ''}${stderr ?? ''}`.trim() || (err?.message ?? '') });
    });
  });
}

/** The PostgreSQL server's version (e.g. `15.20`), or null when it cannot be reached. */
async function postgresVersion(): Promise<string | null> {
  const result = await psql('SHOW server_version');
  return result.ok ? (result.output.split(/\s/)[0] ?? null) : null;
}

/**
 * Starts FerretDB for the benchmark. With PostgreSQL reachable, creates the
 * database `pgDatabase` (dropped again by `stop`); otherwise uses SQLite files
 * under `scratchDir`.
 */
export async function startBenchDatabase(options: {
  pgDatabase: string;
  dbName: string;
  scratchDir: string;
  log: (message: string) => void;
  /** `sqlite` forces FerretDB's SQLite handler (the server's default) even where PostgreSQL answers. */
  backend?: 'auto' | 'sqlite';
  /** Extra environment for devdb (e.g. `DEVDB_ID_INDEXES=0`). */
  env?: NodeJS.ProcessEnv;
  /** The PostgreSQL database is already there (left by `stopKeepingData`). */
  existing?: boolean;
}): Promise<BenchDatabase> {
  const { pgDatabase, dbName, scratchDir, log } = options;
  const binary = ensureDevdbBinary(findRepoRoot(), log);
  const version = options.backend === 'sqlite' ? null : await postgresVersion();

  let args: string[];
  let engine: string;
  let dropDatabase = false;
  if (version) {
    const created = options.existing ? { ok: true, output: '' } : await psql(`CREATE DATABASE ${pgDatabase}`);
    if (!created.ok) throw new Error(`could not create PostgreSQL database ${pgDatabase}: ${created.output}`);
    dropDatabase = true;
    args = ['-handler', 'postgresql', '-postgresql-url', `postgres://${PG.user}@${PG.host}:${PG.port}/${pgDatabase}`];
    engine = `FerretDB 1.24 on PostgreSQL ${version}`;
  } else {
    if (options.backend !== 'sqlite') {
      log(`PostgreSQL is not reachable on ${PG.host}:${PG.port}: falling back to FerretDB's SQLite handler`);
    }
    const dir = path.join(scratchDir, 'sqlite');
    mkdirSync(dir, { recursive: true });
    args = ['-handler', 'sqlite', '-dir', dir];
    engine = options.backend === 'sqlite' ? 'FerretDB 1.24 on SQLite' : 'FerretDB 1.24 on SQLite (fallback: PostgreSQL unreachable)';
  }

  // FerretDB is deliberately not pinned: it stands in for a database server on its own machine.
  let child: Child;
  let line: string;
  try {
    child = startChild(binary, args, { label: 'devdb', env: { ...process.env, ...options.env } });
    line = await waitForLine(child, (l) => l.startsWith('{'), READY_TIMEOUT_MS);
  } catch (err) {
    if (dropDatabase) await psql(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
    throw err;
  }
  const base = (JSON.parse(line) as { uri: string }).uri.replace(/\/+$/, '');

  let stopped = false;
  return {
    uri: `${base}/${dbName}`,
    dbName,
    engine,
    isFallback: !version,
    async settle() {
      if (!dropDatabase) return;
      const result = await psql('VACUUM ANALYZE', pgDatabase);
      if (!result.ok) log(`VACUUM ANALYZE failed: ${result.output}`);
    },
    async stopKeepingData() {
      if (stopped) return;
      stopped = true;
      await stopChild(child);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // devdb exits on SIGTERM, and also when its stdin closes if we die first.
      await stopChild(child);
      if (dropDatabase) {
        const dropped = await psql(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
        if (!dropped.ok) log(`could not drop PostgreSQL database ${pgDatabase}: ${dropped.output}`);
      }
    },
  };
}
