import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AppConfig } from '../config/env.js';
import { connectMongo, databaseNameFromUri, disconnectMongo } from '../platform/db.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../platform/embeddedMongo.js';
import type { Logger } from '../platform/logger.js';
import { connectRedis } from '../platform/redis.js';
import { ensureFilingNumbers, ensureNumberEntries } from '../tickets/filingNumbers.js';
import { ensureQueueFields } from '../tickets/queueBackfill.js';
import { UserModel } from '../users/userModel.js';
import { assembleRelayDesk, startRealtime } from './compositionRoot.js';
import type { AppContext } from './context.js';
import { seedDemoData } from './demoData.js';

const DEFAULT_DATABASE = 'relaydesk';

export interface RunningServer {
  ctx: AppContext;
  http: Server;
  url: string;
  embedded: EmbeddedMongo | null;
  /**
   * Drains and takes everything down: stops accepting, closes idle keep-alive
   * connections, answers requests in flight with `Connection: close` and lets them
   * finish, then lets workflow steps under way finish, all within `timeoutMs`
   * (SHUTDOWN_TIMEOUT_MS); past it, connections are cut. Resolves `drained: false` then.
   */
  stop(options?: { timeoutMs?: number }): Promise<{ drained: boolean }>;
}

/**
 * Brings the whole product up: database (external or embedded), Redis (or
 * single-node mode), the composition root's services and workflows, the first
 * admin, demo data on an empty embedded database, the HTTP server and the
 * real-time layer. `stop` takes them down in reverse.
 */
export async function startServer(config: AppConfig, logger: Logger): Promise<RunningServer> {
  let embedded: EmbeddedMongo | null = null;
  let mongoUri = config.mongoUri;
  if (!mongoUri) {
    embedded = await startEmbeddedMongo({ dataDir: config.dataDir, log: (m) => logger.info(m), storage: config.embeddedDbEngine });
    mongoUri = embedded.uri;
    logger.info({ engine: embedded.engine, dataDir: path.join(config.dataDir) }, 'embedded database started');
  }
  await connectMongo(mongoUri, logger, databaseNameFromUri(mongoUri) ?? DEFAULT_DATABASE);
  const redis = await connectRedis({ ...config.redis, logger });

  const assembly = await assembleRelayDesk({
    config,
    logger,
    redis,
    mongoEngine: embedded?.engine ?? 'external',
    prepare: (ctx) => prepareData(ctx, embedded !== null),
  });
  const { ctx } = assembly;

  const http = createServer(assembly.app);
  const drain = trackInFlight(http);
  const realtime = await startRealtime(http, ctx);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;

  return {
    ctx,
    http,
    url: `http://localhost:${port}`,
    embedded,
    async stop({ timeoutMs = config.shutdownTimeoutMs } = {}) {
      const deadline = Date.now() + timeoutMs;
      const remaining = () => Math.max(0, deadline - Date.now());
      drain.begin();
      // Stops listening; resolves once every connection has ended.
      const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      // Socket.io closes its sockets, then waits for the HTTP server as well.
      const requestsDone = realtime.close().then(() => httpClosed);
      const drained = await finishesWithin(requestsDone, remaining());
      if (!drained) {
        logger.warn({ inFlight: drain.inFlight(), timeoutMs }, 'requests still in flight at the shutdown deadline; closing their connections');
        http.closeAllConnections();
        await requestsDone;
      }
      await assembly.stop({ timeoutMs: remaining() });
      await redis.close();
      await disconnectMongo();
      await embedded?.stop();
      return { drained };
    },
  };
}

/**
 * Keeps the responses under way, so a drain can tell each to close its connection
 * when done (`Connection: close`, so keep-alive clients reconnect elsewhere) and so
 * can requests that still arrive on an open connection while draining.
 */
function trackInFlight(http: Server) {
  const responses = new Set<ServerResponse>();
  let isDraining = false;
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  http.on('request', (_req, res: ServerResponse) => {
    if (isDraining) closeAfter(res);
    responses.add(res);
    res.once('close', () => responses.delete(res));
  });
  return {
    begin() {
      isDraining = true;
      responses.forEach(closeAfter);
    },
    inFlight: () => responses.size,
  };
}

/** Whether `work` settles within `ms`. */
async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether start-up loads the demo data set, whose logins (an admin's among them) are
 * public: `auto` only in development on an empty embedded database, `always` anywhere but
 * production (loadConfig refuses that pair; this checks again), `never` never.
 */
export async function wantsDemoData(
  config: Pick<AppConfig, 'env' | 'seedDemo'>,
  database: { isEmbedded: boolean; isEmpty: () => Promise<boolean> },
): Promise<boolean> {
  if (config.env === 'production') return false;
  if (config.seedDemo === 'always') return true;
  if (config.seedDemo === 'never' || config.env !== 'development' || !database.isEmbedded) return false;
  return database.isEmpty();
}

/** Start-up data work: filing numbers and queue fields for old tickets, the configured admin, demo data where it belongs. */
export async function prepareData(ctx: AppContext, isEmbedded: boolean): Promise<void> {
  const { config, logger } = ctx;
  const { numbered } = await ensureFilingNumbers(ctx.lock);
  if (numbered > 0) logger.info({ tickets: numbered }, 'numbered existing tickets for the newest-first list');
  const { entries } = await ensureNumberEntries(ctx.lock);
  if (entries > 0) logger.info({ numbers: entries }, 'recorded which ticket holds each existing number');
  const { updated } = await ensureQueueFields(ctx.lock);
  if (updated > 0) logger.info({ tickets: updated }, 'gave existing tickets the work queue fields');

  if (config.admin.email && config.admin.password) {
    const outcome = await ctx.services.users.ensureAdmin({
      email: config.admin.email,
      password: config.admin.password,
      name: config.admin.name,
    });
    logger.info({ email: config.admin.email, outcome }, 'admin account ready');
    if (outcome !== 'unchanged') await ctx.cache.invalidateAll();
  }

  const isEmpty = async () => !(await UserModel.exists({}));
  if (await wantsDemoData(config, { isEmbedded, isEmpty })) {
    const logins = await seedDemoData(ctx);
    // The data set was written straight to the database; nothing cached before it may be served.
    await ctx.cache.invalidateAll();
    const lines = logins.map((l) => `  ${l.role.padEnd(9)} ${l.email.padEnd(28)} ${l.password}`);
    logger.info({ logins }, 'demo data loaded');
    console.log(`\nDemo logins (role, email, password):\n${lines.join('\n')}\n`);
  }
}
