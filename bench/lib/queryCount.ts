/**
 * Database commands per request, counted in-process: the app is built the way the
 * integration tests build it (assembleRelayDesk), driven with supertest,
 * and the MongoDB driver's command monitoring counts what each request sends.
 * Needs mongoose connected with `monitorCommands: true`.
 */
import mongoose from 'mongoose';
import supertest from 'supertest';
import { loadConfig } from '../../server/src/config/env.js';
import { assembleRelayDesk } from '../../server/src/app/compositionRoot.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { connectRedis } from '../../server/src/platform/redis.js';

/** Commands that read from the database. */
const READ_COMMANDS = new Set(['find', 'aggregate', 'count', 'distinct', 'getMore']);

/** Commands one request sent, by name. */
export type CommandCounts = Record<string, number>;

/** Per-request database commands for one caller, with and without a warm cache. */
export interface QueryCountResult {
  label: string;
  cacheEnabled: boolean;
  /** The first request (cold cache, cold identity). */
  first: CommandCounts;
  /** Mean over the requests after the first. */
  steadyReadsPerRequest: number;
  steadyCommandsPerRequest: number;
  /** Mean of each command name over the requests after the first. */
  steady: CommandCounts;
  /** Mean Redis commands the app's connection sent per request after the first, by name. */
  steadyRedis: CommandCounts;
  steadyRedisPerRequest: number;
  requests: number;
}

/** Someone to send requests as. */
export interface Caller {
  label: string;
  token: string;
}

const reads = (counts: CommandCounts) =>
  Object.entries(counts).reduce((sum, [name, n]) => sum + (READ_COMMANDS.has(name) ? n : 0), 0);
const total = (counts: CommandCounts) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/**
 * Sends `requests` sequential `GET path` as each caller to an in-process app with
 * the cache on or off, counting the database commands each request caused.
 */
export async function countQueriesPerRequest(options: {
  callers: Caller[];
  path: string;
  requests: number;
  cacheEnabled: boolean;
  /** CACHE_TIMEOUT_MS; the server's default when undefined. */
  cacheTimeoutMs: number | undefined;
  redisUrl: string;
  redisKeyPrefix: string;
  jwtSecret: string;
}): Promise<QueryCountResult[]> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: options.jwtSecret,
    // Closing Redis at the end logs "connection lost" at error level; only a crash is worth printing here.
    LOG_LEVEL: 'fatal',
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: options.redisKeyPrefix,
    CACHE_ENABLED: options.cacheEnabled ? '1' : '0',
    ...(options.cacheTimeoutMs === undefined ? {} : { CACHE_TIMEOUT_MS: String(options.cacheTimeoutMs) }),
    RATE_LIMIT_MAX: '100000000',
    SEED_DEMO: 'never',
  });
  const logger = createLogger(config.logLevel);
  const redis = await connectRedis({ ...config.redis, logger });
  const { app } = await assembleRelayDesk({ config, logger, redis, mongoEngine: 'external', workflows: false });
  const request = supertest(app);

  let current: CommandCounts = {};
  const onCommand = (event: { commandName: string }) => {
    current[event.commandName] = (current[event.commandName] ?? 0) + 1;
  };
  const client = mongoose.connection.getClient();
  client.on('commandStarted', onCommand);
  // Every command the app's Redis connection sends goes through sendCommand (a script call
  // counts once, whatever it runs inside Redis); counted there rather than with MONITOR, which
  // would also see the bench's own and other processes' commands.
  let currentRedis: CommandCounts = {};
  const redisClient = redis.client;
  const sendCommand = redisClient?.sendCommand.bind(redisClient);
  if (redisClient && sendCommand) {
    redisClient.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
      currentRedis[command.name] = (currentRedis[command.name] ?? 0) + 1;
      return (sendCommand as (...args: unknown[]) => unknown)(command, ...rest);
    }) as typeof redisClient.sendCommand;
  }
  const results: QueryCountResult[] = [];
  try {
    for (const caller of options.callers) {
      const perRequest: CommandCounts[] = [];
      const redisPerRequest: CommandCounts[] = [];
      for (let i = 0; i < options.requests; i += 1) {
        current = {};
        currentRedis = {};
        const response = await request.get(options.path).set('Authorization', `Bearer ${caller.token}`);
        if (response.status !== 200) throw new Error(`${caller.label}: GET ${options.path} answered ${response.status}`);
        perRequest.push(current);
        redisPerRequest.push(currentRedis);
      }
      const [first = {}, ...rest] = perRequest;
      const restRedis = redisPerRequest.slice(1);
      const meanOf = (list: CommandCounts[]) => {
        const mean: CommandCounts = {};
        for (const counts of list) {
          for (const [name, n] of Object.entries(counts)) mean[name] = (mean[name] ?? 0) + n / list.length;
        }
        return mean;
      };
      const steady = meanOf(rest);
      const steadyRedis = meanOf(restRedis);
      results.push({
        label: caller.label,
        cacheEnabled: options.cacheEnabled,
        first,
        steady,
        steadyRedis,
        steadyRedisPerRequest: restRedis.length ? restRedis.reduce((sum, c) => sum + total(c), 0) / restRedis.length : 0,
        steadyReadsPerRequest: rest.length ? rest.reduce((sum, c) => sum + reads(c), 0) / rest.length : 0,
        steadyCommandsPerRequest: rest.length ? rest.reduce((sum, c) => sum + total(c), 0) / rest.length : 0,
        requests: options.requests,
      });
    }
  } finally {
    client.off('commandStarted', onCommand);
    if (redisClient && sendCommand) redisClient.sendCommand = sendCommand;
    await redis.close();
  }
  return results;
}
