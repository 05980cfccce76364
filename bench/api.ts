/**
 * API benchmark: `npx tsx --conditions=source bench/api.ts [--scale 1] [--duration 10]`.
 *
 * Seeds FerretDB (on a throw-away PostgreSQL database) with a realistic volume,
 * starts the real server in its own process pinned to one core, and loads it with
 * autocannon from a process pinned to the other core:
 *
 * - GET /api/tickets as a user, a moderator and an admin (page 1, and the admin's
 *   pages 100 and 1000), with the Redis cache warm and with it off;
 * - the same bytes from a bare `node:http` server and a bare Express 5 route, as
 *   the floor any Node server of this shape stands on;
 * - database commands per request with and without the cache (in-process, through
 *   the driver's command monitoring);
 * - ticket intake (POST /api/tickets) with the triage and assignment workflows
 *   running, and how long they take to catch up;
 * - the assignment scorer on its own for 10 to 10,000 moderators.
 *
 * Prints Markdown tables and writes them to bench/RESULTS.md. Exits 1 if any load
 * case received a non-2xx answer or a connection error. Everything it starts
 * (processes, the PostgreSQL database, Redis keys under its own prefix) is removed
 * on exit, Ctrl-C included. See bench/README.md, section "API".
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { createLogger } from '../server/src/platform/logger.js';
import { connectRedis } from '../server/src/platform/redis.js';
import {
  failures,
  loadCases,
  renderReport,
  type ApiBenchOptions as Options,
  type ApiBenchResults as Results,
  type ListCase,
  type ListCaseResult,
  type PhaseCaseResult,
} from './lib/apiReport.js';
import { baseEnv, startAppServer, startBareServer, type ServerProcess } from './lib/appServer.js';
import { hasWorkflowRunner, measureCreation } from './lib/creation.js';
import { startBenchDatabase, type BenchDatabase } from './lib/database.js';
import { timedGet } from './lib/httpGet.js';
import { runLoad, singleRequestResult, type LoadResult, type LoadSpec } from './lib/load.js';
import { canPin, killAllChildrenNow, repoRoot, stopAllChildren } from './lib/processes.js';
import { countQueriesPerRequest, type QueryCountResult } from './lib/queryCount.js';
import { formatMs, formatRate, machineInfo } from './lib/report.js';
import { markedSections } from './lib/resultsFile.js';
import { measureScorer } from './lib/scorerBench.js';
import { FULL_SCALE, seedDatabase, type SeededData } from './lib/seed.js';

// ---------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: npx tsx --conditions=source bench/api.ts [options]

  --scale N             data volume as a fraction of 50,000 tickets / 200 moderators / 5,000 users (default 1)
  --duration S          measured seconds per load case (default 10)
  --warmup S            warm-up seconds before each case, 0 for none (default 3, or --duration if shorter)
  --connections N       concurrent connections per case (default 10)
  --create-duration S   seconds of POST /api/tickets load (default: --duration)
  --pipeline-timeout S  how long to wait for triage and assignment to catch up (default 300)
  --requests N          sequential requests per caller when counting database commands (default 10)
  --cache-timeout-ms N  CACHE_TIMEOUT_MS for the servers (default: the server's own, 25 ms)
`;

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: '1' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '10' },
      'create-duration': { type: 'string' },
      'pipeline-timeout': { type: 'string', default: '300' },
      requests: { type: 'string', default: '10' },
      'cache-timeout-ms': { type: 'string', default: 'default' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: string, text: string | undefined, integer = false): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      console.error(`--${name} must be a positive ${integer ? 'whole ' : ''}number, got ${text}\n\n${USAGE}`);
      process.exit(2);
    }
    return value;
  };
  const durationSeconds = positive('duration', values.duration, true);
  return {
    scale: positive('scale', values.scale),
    durationSeconds,
    warmupSeconds: values.warmup === undefined ? Math.min(3, durationSeconds) : values.warmup === '0' ? 0 : positive('warmup', values.warmup, true),
    connections: positive('connections', values.connections, true),
    createSeconds: values['create-duration'] === undefined ? durationSeconds : positive('create-duration', values['create-duration'], true),
    pipelineTimeoutSeconds: positive('pipeline-timeout', values['pipeline-timeout'], true),
    queryRequests: Math.max(2, positive('requests', values.requests, true)),
    cacheTimeoutMs:
      values['cache-timeout-ms'] === 'default' ? undefined : positive('cache-timeout-ms', values['cache-timeout-ms'], true),
  };
}

// ---------------------------------------------------------------------------------------
// Clean-up: everything started is undone in reverse order, once, also on Ctrl-C.

const cleanups: Array<{ label: string; run: () => Promise<void> }> = [];
let cleaningUp: Promise<void> | null = null;
/** Set on Ctrl-C: what fails afterwards fails because its processes were stopped. */
let interrupted = false;

function onCleanup(label: string, run: () => Promise<void>): void {
  cleanups.push({ label, run });
}

function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    await stopAllChildren();
    for (const { label, run } of cleanups.reverse()) {
      await run().catch((err: unknown) => console.error(`clean-up of ${label} failed: ${(err as Error).message}`));
    }
  })();
  return cleaningUp;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: tsx relays a signal a second time when we are slow to acknowledge it,
  // and a second signal with no listener would end the process before it has cleaned up.
  process.on(signal, () => {
    if (cleaningUp) return;
    interrupted = true;
    console.error(`\n${signal}: stopping and cleaning up...`);
    void cleanUp().finally(() => process.exit(130));
  });
}
process.on('exit', killAllChildrenNow);
process.on('unhandledRejection', (err) => {
  console.error('unexpected failure:', err);
  void cleanUp().finally(() => process.exit(1));
});

// ---------------------------------------------------------------------------------------
// The run

const log = (message: string) => console.error(`[bench:api] ${message}`);

/**
 * Volume of the separate copy the database commands are counted on. A request's
 * commands follow from its code path, not from the volume, and on the full data an
 * uncached admin request takes about a minute on FerretDB.
 */
const COUNT_SCALE = 0.01;

/** What every phase shares. */
interface Fixture {
  db: BenchDatabase;
  jwtSecret: string;
  redisUrl: string;
  /** Every Redis key the run writes starts with this. */
  redisPrefix: string;
  scratchDir: string;
  cacheTimeoutMs: number | undefined;
}

/** The seeded people the load cases act as. */
interface Identities {
  seeded: SeededData;
  tokens: { user: string; moderator: string; admin: string; creators: string[] };
}

const LIST_PATH = (page: number) => `/api/tickets?page=${page}&limit=20`;
const LIST_CASES: ListCase[] = [
  { label: 'user, page 1', role: 'user', path: LIST_PATH(1) },
  { label: 'moderator, page 1', role: 'moderator', path: LIST_PATH(1) },
  { label: 'admin, page 1', role: 'admin', path: LIST_PATH(1) },
  { label: 'admin, page 100', role: 'admin', path: LIST_PATH(100) },
  { label: 'admin, page 1000', role: 'admin', path: LIST_PATH(1000) },
];
const HEADLINE_CASE = 'admin, page 1';

interface ListPhaseResult {
  cases: Map<string, PhaseCaseResult>;
  adminPageOne: Buffer;
  /** Times the server logged that it gave up on Redis and read from the database. */
  cacheOutages: number;
}

function signToken(secret: string, userId: string): string {
  return jwt.sign({ sub: userId, ver: 0 }, secret, { algorithm: 'HS256', expiresIn: '2h' });
}

function identities(seeded: SeededData, secret: string, creators: number): Identities {
  const sign = (id: string) => signToken(secret, id);
  return {
    seeded,
    tokens: {
      user: sign(seeded.userIds[0]!),
      moderator: sign(seeded.moderatorIds[0]!),
      admin: sign(seeded.adminIds[0]!),
      // Intake comes from several people, one per connection.
      creators: seeded.userIds.slice(1, 1 + creators).map(sign),
    },
  };
}

function loadSpec(options: Options, url: string, token: string | null, listPath: string): LoadSpec {
  return {
    url,
    method: 'GET',
    path: listPath,
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
    // A slow request is a figure, not an error.
    timeoutSeconds: 900,
    headerSets: [token ? { authorization: `Bearer ${token}` } : {}],
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 1-minute load averages taken before each load case: other work on the machine shows here. */
const loadAverages: number[] = [];
const sampleLoadAverage = () => loadAverages.push(os.loadavg()[0] ?? 0);

/** How long each server process took to accept requests, in order of starting. */
const serverStartups: Array<{ label: string; seconds: number }> = [];

async function withServer<T>(
  label: string,
  start: () => Promise<ServerProcess>,
  use: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  const server = await start();
  serverStartups.push({ label, seconds: server.startupSeconds });
  log(`${label} accepting requests after ${server.startupSeconds.toFixed(1)} s`);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

/** Connects mongoose to one database of the benchmark's FerretDB, with command monitoring on. */
async function connectMonitored(uri: string, dbName: string): Promise<void> {
  await mongoose.connect(uri, { dbName, monitorCommands: true, serverSelectionTimeoutMS: 10_000, autoIndex: true });
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
}

/** Starts the database and sets up what every phase shares. */
async function prepare(options: Options): Promise<Fixture> {
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-bench-api-'));
  onCleanup('scratch directory', async () => rmSync(scratchDir, { recursive: true, force: true }));
  const db = await startBenchDatabase({
    pgDatabase: `relaydesk_bench_${process.pid}`,
    dbName: 'relaydesk_bench',
    scratchDir,
    log,
  });
  onCleanup('database', () => db.stop());
  onCleanup('mongoose', () => mongoose.disconnect());
  log(`database: ${db.engine}`);

  const redisUrl = 'redis://127.0.0.1:6379';
  const redisPrefix = `relaydesk-bench-api:${process.pid}-${randomBytes(4).toString('hex')}:`;
  onCleanup('Redis keys', () => deleteRedisKeys(redisUrl, redisPrefix));
  return { db, jwtSecret: randomBytes(48).toString('base64url'), redisUrl, redisPrefix, scratchDir, cacheTimeoutMs: options.cacheTimeoutMs };
}

/** Deletes the keys under `prefix`, and only those. */
async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = await connectRedis({ url, enabled: true, keyPrefix: prefix, logger: createLogger('silent') });
  const client = redis.client;
  if (!client) return;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await client.del(...keys);
  } while (cursor !== '0');
  await redis.close();
}

/** Counts database commands per request on a small separate database, then drops it. */
async function runQueryCounts(options: Options, fixture: Fixture): Promise<{ queries: QueryCountResult[]; seeded: SeededData }> {
  await connectMonitored(fixture.db.uri, `${fixture.db.dbName}_counts`);
  try {
    const seeded = await seedDatabase(COUNT_SCALE, log);
    const { tokens } = identities(seeded, fixture.jwtSecret, 0);
    const callers = [
      { label: 'user', token: tokens.user },
      { label: 'moderator', token: tokens.moderator },
      { label: 'admin', token: tokens.admin },
    ];
    const queries: QueryCountResult[] = [];
    for (const cacheEnabled of [true, false]) {
      queries.push(
        ...(await countQueriesPerRequest({
          callers,
          path: LIST_PATH(1),
          requests: options.queryRequests,
          cacheEnabled,
          cacheTimeoutMs: fixture.cacheTimeoutMs,
          redisUrl: fixture.redisUrl,
          redisKeyPrefix: `${fixture.redisPrefix}inproc-${cacheEnabled ? 'cached' : 'uncached'}:`,
          jwtSecret: fixture.jwtSecret,
        })),
      );
    }
    return { queries, seeded };
  } finally {
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  }
}

function serverSettings(fixture: Fixture, cacheEnabled: boolean, phase: string) {
  return {
    mongoUri: fixture.db.uri,
    redisUrl: fixture.redisUrl,
    // A prefix per phase, so no phase starts with entries another one cached.
    redisKeyPrefix: `${fixture.redisPrefix}${phase}:`,
    jwtSecret: fixture.jwtSecret,
    cacheEnabled,
    cacheTimeoutMs: fixture.cacheTimeoutMs,
    dataDir: path.join(fixture.scratchDir, `server-${phase}`),
  };
}

/**
 * Measures one list case. The first request is timed on its own (with the cache
 * on, it is the miss that fills the entry). With the cache off, a case whose
 * requests are too slow for the load window is measured with fewer requests, one
 * at a time, or with that first request alone: concurrent minute-long scans would
 * only queue up in FerretDB and outlive the window.
 */
async function measureListCase(
  options: Options,
  url: string,
  token: string,
  listCase: ListCase,
  cacheEnabled: boolean,
): Promise<{ result: PhaseCaseResult; body: Buffer }> {
  sampleLoadAverage();
  const first = await timedGet(`${url}${listCase.path}`, { authorization: `Bearer ${token}` });
  if (first.status !== 200) throw new Error(`${listCase.label}: ${first.status} ${first.body.toString('utf8').slice(0, 300)}`);
  const page = JSON.parse(first.body.toString('utf8')) as { total: number; items: unknown[] };
  const spec = loadSpec(options, url, token, listCase.path);
  const firstSeconds = first.ms / 1_000;
  const sequentialFit = Math.floor(options.durationSeconds / firstSeconds);

  let load: LoadResult;
  let method: string;
  if (cacheEnabled || sequentialFit >= 2 * options.connections) {
    load = await runLoad(spec, baseEnv());
    method = `${options.connections} conn × ${options.durationSeconds} s`;
    // Requests cut off at the end of the window may still be running; let them finish.
    await pause(Math.min(60_000, 2 * load.p99Ms));
  } else if (sequentialFit >= 2) {
    load = await runLoad({ ...spec, connections: 1, amount: sequentialFit, warmupSeconds: 0 }, baseEnv());
    method = `${sequentialFit} sequential`;
  } else {
    load = singleRequestResult(first.ms, first.status);
    method = '1 request';
  }
  return { result: { load, method, firstMs: first.ms, total: page.total, items: page.items.length }, body: first.body };
}

/** Loads every list case against one server process; captures the admin's first page on the way. */
async function runListPhase(options: Options, fixture: Fixture, who: Identities, cacheEnabled: boolean): Promise<ListPhaseResult> {
  const phase = cacheEnabled ? 'cached' : 'uncached';
  return withServer(
    `server (cache ${cacheEnabled ? 'on' : 'off'})`,
    () => startAppServer(serverSettings(fixture, cacheEnabled, phase), `server-${phase}`),
    async (server) => {
      let cacheOutages = 0;
      server.child.output.on('stdout', (line: string) => {
        if (line.includes('cache unavailable')) cacheOutages += 1;
      });
      const cases = new Map<string, PhaseCaseResult>();
      let adminPageOne: Buffer = Buffer.alloc(0);
      for (const listCase of LIST_CASES) {
        const { result, body } = await measureListCase(options, server.url, who.tokens[listCase.role], listCase, cacheEnabled);
        if (listCase.label === HEADLINE_CASE) adminPageOne = body;
        log(
          `${phase} ${listCase.label}: ${result.total} visible, ${result.items} on the page; first request ${formatMs(result.firstMs)} ms; ` +
            `${formatRate(result.load.requestsPerSecond)} req/s, p50 ${formatMs(result.load.p50Ms)} ms, p99 ${formatMs(result.load.p99Ms)} ms (${result.method})`,
        );
        cases.set(listCase.label, result);
      }
      return { cases, adminPageOne, cacheOutages };
    },
  );
}

async function runBaseline(options: Options, kind: 'http' | 'express' | 'express-nested', bodyFile: string): Promise<LoadResult> {
  return withServer(
    `bare ${kind}`,
    () => startBareServer(kind, bodyFile),
    async (server) => {
      sampleLoadAverage();
      const load = await runLoad(loadSpec(options, server.url, null, LIST_PATH(1)), baseEnv());
      log(`bare ${kind}: ${formatRate(load.requestsPerSecond)} req/s, p50 ${formatMs(load.p50Ms)} ms, p99 ${formatMs(load.p99Ms)} ms`);
      return load;
    },
  );
}

async function run(options: Options): Promise<Results> {
  const startedAt = new Date();
  const machine = machineInfo();
  if (!canPin) log('fewer than two cores or no taskset: processes run unpinned');

  // First, while nothing else of ours runs: the scorer is pure CPU.
  log('timing the assignment scorer');
  const scorer = await measureScorer(baseEnv());

  const fixture = await prepare(options);
  log(`counting database commands per request (in-process, ${COUNT_SCALE * 100}% copy)`);
  const counts = await runQueryCounts(options, fixture);

  await connectMonitored(fixture.db.uri, fixture.db.dbName);
  log(`seeding ${Math.round(FULL_SCALE.tickets * options.scale)} tickets (scale ${options.scale})`);
  const seeded = await seedDatabase(options.scale, log);
  await fixture.db.settle();
  const who = identities(seeded, fixture.jwtSecret, options.connections);

  log('list cases, cache on');
  const cached = await runListPhase(options, fixture, who, true);

  // Right after the cached cases, so the ratio compares figures taken under similar conditions.
  const bodyFile = path.join(fixture.scratchDir, 'admin-page-1.json');
  writeFileSync(bodyFile, cached.adminPageOne);
  log(`baselines serving the same ${cached.adminPageOne.length} bytes`);
  const bare = {
    http: await runBaseline(options, 'http', bodyFile),
    express: await runBaseline(options, 'express', bodyFile),
    expressNested: await runBaseline(options, 'express-nested', bodyFile),
  };

  log('list cases, cache off');
  const uncached = await runListPhase(options, fixture, who, false);

  log(`ticket intake for ${options.createSeconds} s${hasWorkflowRunner() ? ' with the workflows running' : ''}`);
  const creation = await withServer(
    'server (intake)',
    () => startAppServer(serverSettings(fixture, true, 'intake'), 'server-intake'),
    (server) => {
      sampleLoadAverage();
      return measureCreation({
        url: server.url,
        tokens: who.tokens.creators,
        connections: options.connections,
        durationSeconds: options.createSeconds,
        pipelineTimeoutSeconds: options.pipelineTimeoutSeconds,
        loadEnv: baseEnv(),
        log,
      });
    },
  );

  const list: ListCaseResult[] = LIST_CASES.map((listCase) => {
    const warm = cached.cases.get(listCase.label)!;
    return { case: listCase, total: warm.total, items: warm.items, cached: warm, uncached: uncached.cases.get(listCase.label)! };
  });
  return {
    options,
    command: commandLine(),
    headlineCase: HEADLINE_CASE,
    countScale: COUNT_SCALE,
    machine,
    startedAt,
    finishedAt: new Date(),
    engine: fixture.db.engine,
    seeded,
    countSeeded: counts.seeded,
    list,
    cacheOutages: cached.cacheOutages,
    serverStartups,
    loadAverages,
    bodyBytes: cached.adminPageOne.length,
    bare,
    queries: counts.queries,
    creation,
    scorer,
  };
}

// ---------------------------------------------------------------------------------------

/** The command as typed, reconstructed from the arguments. */
function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${args ? ` -- ${args}` : ''}`;
  return `npx tsx --conditions=source bench/api.ts${args ? ` ${args}` : ''}`;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  let exitCode = 0;
  try {
    const results = await run(options);
    const report = renderReport(results);
    mkdirSync(path.join(repoRoot, 'bench'), { recursive: true });
    const resultsPath = path.join(repoRoot, 'bench', 'RESULTS.md');
    // Other benchmarks keep their own sections in the file; carry them over.
    const kept = existsSync(resultsPath) ? markedSections(readFileSync(resultsPath, 'utf8')) : '';
    writeFileSync(resultsPath, kept ? `${report}\n\n${kept}\n` : `${report}\n`);
    console.log(`\n${report}`);
    const failed = loadCases(results).filter((c) => failures(c.load) > 0);
    if (failed.length) {
      for (const { label, load } of failed) {
        console.error(`FAIL ${label}: ${load.non2xx} non-2xx, ${load.errors} errors (${load.timeouts} timeouts), status codes ${JSON.stringify(load.statusCodes)}`);
      }
      exitCode = 1;
    }
  } catch (err) {
    if (!interrupted) console.error(err);
    exitCode = 1;
  } finally {
    await cleanUp();
  }
  process.exit(exitCode);
}

void main();
