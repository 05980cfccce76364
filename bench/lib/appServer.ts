/**
 * Starts the real RelayDesk server (server/src/main.ts) as its own process,
 * pinned to the server core, and the bare baselines the same way.
 */
import path from 'node:path';
import { freePort } from '../../server/src/platform/freePort.js';
import { CORES, repoRoot, startTsNode, stopChild, waitForLine, type Child } from './processes.js';

/**
 * Generous: at start the server looks for untriaged tickets, a query FerretDB answers
 * by scanning the whole tickets collection.
 */
const READY_TIMEOUT_MS = 600_000;

/** A server process under test. */
export interface ServerProcess {
  url: string;
  child: Child;
  /** Seconds from spawning the process to its accepting requests. */
  startupSeconds: number;
  stop(): Promise<void>;
}

/** What the server process gets in its environment besides PORT (nothing is inherited by accident). */
export interface ServerEnv {
  mongoUri: string;
  redisUrl: string;
  redisKeyPrefix: string;
  jwtSecret: string;
  cacheEnabled: boolean;
  /** CACHE_TIMEOUT_MS; the server's default when absent. */
  cacheTimeoutMs?: number;
  dataDir: string;
}

/** The environment every child starts from: enough to find node and tsx, no stray settings. */
export function baseEnv(): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR, LANG } = process.env;
  return { PATH, HOME, TMPDIR, LANG, NODE_ENV: 'production' };
}

/** Starts server/src/main.ts and waits until it accepts requests. */
export async function startAppServer(settings: ServerEnv, label: string): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    HOST: '127.0.0.1',
    PORT: String(port),
    MONGO_URI: settings.mongoUri,
    REDIS_URL: settings.redisUrl,
    REDIS_KEY_PREFIX: settings.redisKeyPrefix,
    JWT_SECRET: settings.jwtSecret,
    CACHE_ENABLED: settings.cacheEnabled ? '1' : '0',
    ...(settings.cacheTimeoutMs === undefined ? {} : { CACHE_TIMEOUT_MS: String(settings.cacheTimeoutMs) }),
    // The benchmark is one client address; the global per-IP limit must not be what it measures.
    RATE_LIMIT_MAX: '100000000',
    SEED_DEMO: 'never',
    LOG_LEVEL: 'warn',
    DATA_DIR: settings.dataDir,
  };
  const started = performance.now();
  const child = startTsNode(path.join(repoRoot, 'server', 'src', 'main.ts'), [], { label, core: CORES.server, env });
  try {
    await waitForLine(child, (line) => line.startsWith('RelayDesk is running on'), READY_TIMEOUT_MS);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  const startupSeconds = (performance.now() - started) / 1_000;
  return { url: `http://127.0.0.1:${port}`, child, startupSeconds, stop: () => stopChild(child) };
}

/** Starts a baseline (bare `node:http` or bare Express) serving `bodyFile`. */
export async function startBareServer(kind: 'http' | 'express' | 'express-nested', bodyFile: string): Promise<ServerProcess> {
  const started = performance.now();
  const child = startTsNode(path.join(repoRoot, 'bench', 'lib', 'bareServer.ts'), [kind, bodyFile], {
    label: `bare-${kind}`,
    core: CORES.server,
    env: baseEnv(),
  });
  const line = await waitForLine(child, (l) => l.startsWith('{'), READY_TIMEOUT_MS);
  const { port } = JSON.parse(line) as { port: number };
  const startupSeconds = (performance.now() - started) / 1_000;
  return { url: `http://127.0.0.1:${port}`, child, startupSeconds, stop: () => stopChild(child) };
}
