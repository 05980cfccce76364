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
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { createLogger } from '../server/src/lib/logger.js';
import { connectRedis } from '../server/src/lib/redis.js';
import { baseEnv, startAppServer, startBareServer, type ServerProcess } from './lib/appServer.js';
import { hasWorkflowRunner, measureCreation, type CreationResult } from './lib/creation.js';
import { startBenchDatabase, type BenchDatabase } from './lib/database.js';
import { timedGet } from './lib/httpGet.js';
import { runLoad, singleRequestResult, type LoadResult, type LoadSpec } from './lib/load.js';
import { canPin, CORES, killAllChildrenNow, repoRoot, stopAllChildren } from './lib/processes.js';
import { countQueriesPerRequest, type QueryCountResult } from './lib/queryCount.js';
import {
  formatMs,
  formatRate,
  formatRatio,
  formatSeconds,
  machineInfo,
  table,
  type MachineInfo,
} from './lib/report.js';
import { benchmarkScorer, type ScorerResult } from './lib/scorerBench.js';
import { FULL_SCALE, seedDatabase, type SeededData } from './lib/seed.js';

// ---------------------------------------------------------------------------------------
// Options

interface Options {
  scale: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  createSeconds: number;
  pipelineTimeoutSeconds: number;
  queryRequests: number;
  /** CACHE_TIMEOUT_MS for the servers; undefined keeps the server's default. */
  cacheTimeoutMs: number | undefined;
}

/**
 * How long the servers' cache waits for Redis. The server's default (25 ms) is
 * shorter than the event-loop delay of a saturated server process, so under this
 * load most "timeouts" are the process being busy, not Redis being slow, and the
 * reads fall through to the database: the benchmark would measure the fallback,
 * not the cache. See the README for the figures with the default.
 */
const BENCH_CACHE_TIMEOUT_MS = 1_000;

const USAGE = `Usage: npx tsx --conditions=source bench/api.ts [options]

  --scale N             data volume as a fraction of 50,000 tickets / 200 moderators / 5,000 users (default 1)
  --duration S          measured seconds per load case (default 10)
  --warmup S            warm-up seconds before each case (default 3, at most --duration)
  --connections N       concurrent connections per case (default 10)
  --create-duration S   seconds of POST /api/tickets load (default: --duration)
  --pipeline-timeout S  how long to wait for triage and assignment to catch up (default 300)
  --requests N          sequential requests per caller when counting database commands (default 10)
  --cache-timeout-ms N  CACHE_TIMEOUT_MS for the servers (default 1000; "default" keeps the server's 25 ms,
                        which under CPU saturation sends cached reads to the database; see bench/README.md)
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
      'cache-timeout-ms': { type: 'string', default: String(BENCH_CACHE_TIMEOUT_MS) },
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
    warmupSeconds: values.warmup === undefined ? Math.min(3, durationSeconds) : positive('warmup', values.warmup, true),
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
  process.once(signal, () => {
    console.error(`\n${signal}: stopping and cleaning up...`);
    void cleanUp().finally(() => process.exit(130));
  });
}
process.on('exit', killAllChildrenNow);

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

interface ListCase {
  label: string;
  role: 'user' | 'moderator' | 'admin';
  path: string;
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

/** One list case measured against one server. */
interface PhaseCaseResult {
  load: LoadResult;
  /** How the figures were taken, e.g. `10 conn × 10 s` or `1 request`. */
  method: string;
  /** The first request of the case: a cache miss with the cache on, an ordinary request with it off. */
  firstMs: number;
  total: number;
  items: number;
}

interface ListPhaseResult {
  cases: Map<string, PhaseCaseResult>;
  adminPageOne: Buffer;
  /** Times the server logged that it gave up on Redis and read from the database. */
  cacheOutages: number;
}

interface ListCaseResult {
  case: ListCase;
  /** Tickets the caller may see, and items on the requested page, as the server answered. */
  total: number;
  items: number;
  cached: PhaseCaseResult;
  uncached: PhaseCaseResult;
}

interface Results {
  options: Options;
  machine: MachineInfo;
  startedAt: Date;
  finishedAt: Date;
  engine: string;
  seeded: SeededData;
  countSeeded: SeededData;
  list: ListCaseResult[];
  cacheOutages: number;
  serverStartups: Array<{ label: string; seconds: number }>;
  loadAverages: number[];
  bodyBytes: number;
  bare: { http: LoadResult; express: LoadResult };
  queries: QueryCountResult[];
  creation: CreationResult;
  scorer: ScorerResult[];
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

async function runBaseline(options: Options, kind: 'http' | 'express', bodyFile: string): Promise<LoadResult> {
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
  const scorer = benchmarkScorer();

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
  const bare = { http: await runBaseline(options, 'http', bodyFile), express: await runBaseline(options, 'express', bodyFile) };

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
        warmupSeconds: Math.min(1, options.warmupSeconds),
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
// Report

/** Every load case with its failures, for the pass/fail decision and the table. */
function loadCases(results: Results): Array<{ label: string; load: LoadResult }> {
  return [
    ...results.list.flatMap((r) => [
      { label: `${r.case.label} (cache on)`, load: r.cached.load },
      { label: `${r.case.label} (cache off)`, load: r.uncached.load },
    ]),
    { label: 'bare node:http', load: results.bare.http },
    { label: 'bare Express 5', load: results.bare.express },
    { label: 'POST /api/tickets', load: results.creation.load },
  ];
}

const failures = (load: LoadResult) => load.non2xx + load.errors;

function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${args ? ` -- ${args}` : ''}`;
  return `npx tsx --conditions=source bench/api.ts${args ? ` ${args}` : ''}`;
}

function describeCommands(counts: Record<string, number>): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return 'none';
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name} ${Number.isInteger(n) ? n : n.toFixed(1)}`)
    .join(', ');
}

const count = (n: number) => n.toLocaleString('en-US');

function renderReport(results: Results): string {
  const { options, machine, engine, seeded } = results;
  const headline = results.list.find((r) => r.case.label === HEADLINE_CASE)!;
  const steady = (label: string, cacheEnabled: boolean) =>
    results.queries.find((q) => q.label === label && q.cacheEnabled === cacheEnabled)!;
  const out: string[] = [];
  const failed = loadCases(results).filter((c) => failures(c.load) > 0);
  const timeoutSetting =
    options.cacheTimeoutMs === undefined ? 'server default (25 ms)' : `${options.cacheTimeoutMs} ms (server default 25 ms)`;

  out.push('# API benchmark results', '');
  if (failed.length) {
    out.push(`**FAILED**: non-2xx answers or connection errors in ${failed.map((c) => c.label).join('; ')}. The figures below are not valid.`, '');
  }
  out.push(
    `- Date: ${results.startedAt.toISOString()} (took ${Math.round((results.finishedAt.getTime() - results.startedAt.getTime()) / 1000)} s)`,
    `- Command: \`${commandLine()}\``,
    `- Machine: ${machine.cores} cores (nproc), ${machine.cpuModel}, ${machine.memoryGiB.toFixed(1)} GiB RAM, ${machine.platform}, Node ${machine.node}; 1-minute load average ${machine.loadAverageAtStart.toFixed(2)} at start, ${Math.min(...results.loadAverages).toFixed(2)}–${Math.max(...results.loadAverages).toFixed(2)} across the load cases (above ${machine.cores}, processes were waiting for a core)`,
    `- Placement: ${canPin ? `server under test pinned to core ${CORES.server}, autocannon pinned to core ${CORES.load}` : 'unpinned (fewer than two cores or no taskset)'}; FerretDB, PostgreSQL and Redis unpinned`,
    `- Database engine: **${engine}**`,
    `- Data: ${count(seeded.tickets)} tickets, ${count(seeded.moderatorIds.length)} moderators, ${count(seeded.userIds.length)} users, ${seeded.adminIds.length} admins (scale ${options.scale}); seeded in ${seeded.seconds.toFixed(1)} s`,
    `- Load: ${options.connections} connections, ${options.warmupSeconds} s warm-up, then ${options.durationSeconds} s measured per case`,
    `- CACHE_TIMEOUT_MS: ${timeoutSetting}; the cache-on server logged ${results.cacheOutages} fall-back(s) to the database`,
    `- Server start-up until accepting requests: ${results.serverStartups
      .filter((s) => s.label.startsWith('server'))
      .map((s) => `${s.label} ${s.seconds.toFixed(1)} s`)
      .join(', ')}`,
    '',
  );

  const onOverOff = headline.cached.load.requestsPerSecond / headline.uncached.load.requestsPerSecond;
  const onOverExpress = headline.cached.load.requestsPerSecond / results.bare.express.requestsPerSecond;
  const onOverHttp = headline.cached.load.requestsPerSecond / results.bare.http.requestsPerSecond;
  out.push(
    '## Headline',
    '',
    `Admin, GET /api/tickets?page=1&limit=20 (${engine}):`,
    '',
    `- Cache warm vs bare Express 5 returning the same ${count(results.bodyBytes)} bytes: **${formatRatio(onOverExpress)}** the requests/s (${formatRate(headline.cached.load.requestsPerSecond)} vs ${formatRate(results.bare.express.requestsPerSecond)}); vs bare node:http ${formatRatio(onOverHttp)}.`,
    `- Cache warm vs cache off: **${formatRatio(onOverOff)}** the requests/s (${formatRate(headline.cached.load.requestsPerSecond)} vs ${formatRate(headline.uncached.load.requestsPerSecond)}, cache off measured as ${headline.uncached.method}); p50 ${formatMs(headline.cached.load.p50Ms)} ms vs ${formatMs(headline.uncached.load.p50Ms)} ms.`,
    `- Database reads per request once the cache is warm vs with the cache off: ${['user', 'moderator', 'admin']
      .map((role) => `${role} ${steady(role, true).steadyReadsPerRequest.toFixed(1)} vs ${steady(role, false).steadyReadsPerRequest.toFixed(1)}`)
      .join('; ')}.`,
    '',
  );

  out.push(
    `## GET /api/tickets (${engine})`,
    '',
    '"Visible": tickets the caller may see; "on page": items returned. "First" is the first request of the case, timed alone: with the cache on, the miss that fills the entry. Cache off is measured like cache on unless its requests are too slow for the window; then as that many sequential requests, or the first request alone ("1 request"). Latencies in ms.',
    '',
    table(
      ['Case', 'Visible', 'On page', 'On: first', 'On: req/s', 'On: p50', 'On: p99', 'Off: sample', 'Off: req/s', 'Off: p50', 'Off: p99', 'On/off', 'Failed'],
      results.list.map((r) => [
        r.case.label,
        count(r.total),
        String(r.items),
        formatMs(r.cached.firstMs),
        formatRate(r.cached.load.requestsPerSecond),
        formatMs(r.cached.load.p50Ms),
        formatMs(r.cached.load.p99Ms),
        r.uncached.method,
        formatRate(r.uncached.load.requestsPerSecond),
        formatMs(r.uncached.load.p50Ms),
        formatMs(r.uncached.load.p99Ms),
        formatRatio(r.cached.load.requestsPerSecond / r.uncached.load.requestsPerSecond),
        String(failures(r.cached.load) + failures(r.uncached.load)),
      ]),
    ),
    '',
    `## The same bytes from bare servers (no database; the ${count(results.bodyBytes)}-byte admin page 1)`,
    '',
    table(
      ['Server', 'Sample', 'req/s', 'p50 ms', 'p99 ms', 'vs bare Express', 'Failed'],
      [
        ['bare node:http', `${options.connections} conn × ${options.durationSeconds} s`, results.bare.http],
        ['bare Express 5 route', `${options.connections} conn × ${options.durationSeconds} s`, results.bare.express],
        [`RelayDesk, cache warm (${engine})`, headline.cached.method, headline.cached.load],
        [`RelayDesk, cache off (${engine})`, headline.uncached.method, headline.uncached.load],
      ].map(([label, method, load]) => {
        const l = load as LoadResult;
        return [
          label as string,
          method as string,
          formatRate(l.requestsPerSecond),
          formatMs(l.p50Ms),
          formatMs(l.p99Ms),
          formatRatio(l.requestsPerSecond / results.bare.express.requestsPerSecond),
          String(failures(l)),
        ];
      }),
    ),
    '',
    `## Database commands per request, GET /api/tickets?page=1&limit=20 (${engine}, in-process)`,
    '',
    `Counted on a separate copy of ${count(results.countSeeded.tickets)} tickets (${COUNT_SCALE * 100}% scale; which commands a request sends depends on its code path, not on the volume). ${options.queryRequests} sequential requests per caller; "first" is the first request (cold cache), "steady" the mean of the others. Reads are find, aggregate, count and getMore.`,
    '',
    table(
      ['Caller', 'Cache', 'First request', 'Steady reads/request', 'Steady commands'],
      results.queries.map((q) => [
        q.label,
        q.cacheEnabled ? 'on' : 'off',
        describeCommands(q.first),
        q.steadyReadsPerRequest.toFixed(1),
        describeCommands(q.steady),
      ]),
    ),
    '',
  );

  const c = results.creation;
  out.push(
    `## Ticket intake, POST /api/tickets (${engine}, cache on)`,
    '',
    `${options.connections} connections, each as a different user, bodies rotating through tickets from the triage corpus; ${Math.min(1, options.warmupSeconds)} s warm-up, then ${options.createSeconds} s measured. "Created" counts every ticket of the phase, warm-up and requests still open when the window closed included.`,
    '',
    table(
      ['Created', 'Creations/s', 'p50 ms', 'p99 ms', 'Failed'],
      [[count(c.created), formatRate(c.load.requestsPerSecond), formatMs(c.load.p50Ms), formatMs(c.load.p99Ms), String(failures(c.load))]],
    ),
    '',
  );
  if (c.pipeline) {
    const p = c.pipeline;
    out.push(
      `Triage and assignment run in the server process (in-process workflow runner), during the load and after it. "After last ticket": from the last ticket created to the last run of that kind finishing; "from first ticket": from the first ticket created to the last assignment run finishing.${p.timedOut ? ` **The pipeline had not finished ${options.pipelineTimeoutSeconds} s after the load.**` : ''}`,
      '',
      table(
        ['Triaged', 'Assigned', 'No free moderator', 'Failed runs', 'Triage done, after last ticket', 'Assignment done, after last ticket', 'From first ticket', 'Pipeline tickets/s'],
        [
          [
            `${count(p.triaged)}/${count(c.created)}`,
            `${count(p.assigned)}/${count(c.created)}`,
            String(p.noCandidate),
            String(p.failedRuns),
            formatSeconds(p.triagedAfterLoadSeconds),
            formatSeconds(p.settledAfterLoadSeconds),
            formatSeconds(p.settledAfterStartSeconds),
            p.settledAfterStartSeconds ? formatRate(c.created / p.settledAfterStartSeconds) : '—',
          ],
        ],
      ),
      '',
    );
  } else {
    out.push('The server has no workflow runner (no server/src/jobs/): creation throughput only.', '');
  }

  out.push(
    '## Assignment scorer (pure function, no database)',
    '',
    'Mean time of one `scoreModerators` call with synthetic candidates, and of sorting a copy of the same array by one number, in the same process: 5 alternating rounds of about 0.4 s each, median round shown.',
    '',
    table(
      ['Moderators', 'Iterations', 'scoreModerators µs/call', 'Sort by number µs/call', 'Ratio'],
      results.scorer.map((s) => [
        s.moderators.toLocaleString('en-US'),
        s.iterations.toLocaleString('en-US'),
        formatMs(s.scorerMicros),
        formatMs(s.baselineMicros),
        formatRatio(s.ratio),
      ]),
    ),
    '',
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  let exitCode = 0;
  try {
    const results = await run(options);
    const report = renderReport(results);
    mkdirSync(path.join(repoRoot, 'bench'), { recursive: true });
    writeFileSync(path.join(repoRoot, 'bench', 'RESULTS.md'), `${report}\n`);
    console.log(`\n${report}`);
    const failed = loadCases(results).filter((c) => failures(c.load) > 0);
    if (failed.length) {
      for (const { label, load } of failed) {
        console.error(`FAIL ${label}: ${load.non2xx} non-2xx, ${load.errors} errors (${load.timeouts} timeouts), status codes ${JSON.stringify(load.statusCodes)}`);
      }
      exitCode = 1;
    }
  } catch (err) {
    console.error(err);
    exitCode = 1;
  } finally {
    await cleanUp();
  }
  process.exit(exitCode);
}

void main();
