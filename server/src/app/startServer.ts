import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AppConfig } from '../config/env.js';
import { createContext, type AppContext } from './context.js';
import { connectMongo, databaseNameFromUri, disconnectMongo } from '../platform/db.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../platform/embeddedMongo.js';
import type { Logger } from '../platform/logger.js';
import { connectRedis } from '../platform/redis.js';
import { createApp } from '../http/app.js';
import { startWorkflows } from '../workflows/index.js';
import { attachRealtime } from '../realtime/io.js';
import { subscribePresenceToDomainEvents } from '../presence/subscriptions.js';
import { seedDemoData } from './demoData.js';
import { ensureFilingNumbers } from '../tickets/filingNumbers.js';
import { UserModel } from '../users/userModel.js';

const DEFAULT_DATABASE = 'relaydesk';

export interface RunningServer {
  ctx: AppContext;
  http: Server;
  url: string;
  embedded: EmbeddedMongo | null;
  stop(): Promise<void>;
}

/**
 * Brings the whole product up: database (external or embedded), Redis (or
 * single-node mode), the first admin, demo data on an empty embedded
 * database, and the HTTP server.
 */
export async function startServer(config: AppConfig, logger: Logger): Promise<RunningServer> {
  let embedded: EmbeddedMongo | null = null;
  let mongoUri = config.mongoUri;
  if (!mongoUri) {
    embedded = await startEmbeddedMongo({ dataDir: config.dataDir, log: (m) => logger.info(m) });
    mongoUri = embedded.uri;
    logger.info({ engine: embedded.engine, dataDir: path.join(config.dataDir) }, 'embedded database started');
  }
  await connectMongo(mongoUri, logger, databaseNameFromUri(mongoUri) ?? DEFAULT_DATABASE);
  const redis = await connectRedis({ ...config.redis, logger });
  const ctx = createContext({ config, logger, redis, mongoEngine: embedded?.engine ?? 'external' });
  const { numbered } = await ensureFilingNumbers(ctx.lock);
  if (numbered > 0) logger.info({ tickets: numbered }, 'numbered existing tickets for the newest-first list');

  if (config.admin.email && config.admin.password) {
    const outcome = await ctx.services.users.ensureAdmin({
      email: config.admin.email,
      password: config.admin.password,
      name: config.admin.name,
    });
    logger.info({ email: config.admin.email, outcome }, 'admin account ready');
    if (outcome !== 'unchanged') await ctx.cache.invalidateAll();
  }

  const shouldSeed =
    config.seedDemo === 'always' || (config.seedDemo === 'auto' && embedded !== null && !(await UserModel.exists({})));
  if (shouldSeed) {
    const logins = await seedDemoData(ctx);
    // The data set was written straight to the database; nothing cached before it may be served.
    await ctx.cache.invalidateAll();
    const lines = logins.map((l) => `  ${l.role.padEnd(9)} ${l.email.padEnd(28)} ${l.password}`);
    logger.info({ logins }, 'demo data loaded');
    console.log(`\nDemo logins (role, email, password):\n${lines.join('\n')}\n`);
  }

  const app = createApp(ctx);
  const http = createServer(app);
  const { presence } = ctx.services;
  const unsubscribePresence = subscribePresenceToDomainEvents(ctx.events, presence);
  presence.start();
  const realtime = await attachRealtime(http, ctx);
  // Workflows: to Inngest when configured, else in-process (resuming what a previous run left queued).
  const workflows = await startWorkflows(ctx);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://localhost:${port}`;

  return {
    ctx,
    http,
    url,
    embedded,
    async stop() {
      // Presence first, so the connections closing next expire in Redis instead of being recorded as closed.
      presence.stop();
      unsubscribePresence();
      await realtime.close();
      await workflows.stop();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await redis.close();
      await disconnectMongo();
      await embedded?.stop();
    },
  };
}
