/**
 * A second server process with its own in-process workflow runner, for tests of
 * what several processes do to one queue: the same app as production on the
 * database and Redis prefix it is given. Prints `{"port":N}` once listening, then
 * one `{"checked":"<ticketId>"}` line each time one of its SLA timers checks a
 * ticket's clocks. Ends when its stdin closes (its parent died) or when killed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assembleRelayDesk } from '../app/compositionRoot.js';
import { loadConfig } from '../config/env.js';
import { connectMongo } from '../platform/db.js';
import { createLogger } from '../platform/logger.js';
import { connectRedis } from '../platform/redis.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
await connectMongo(config.mongoUri!, logger);
const redis = await connectRedis({ ...config.redis, logger });
// The same short polls and backoffs as the test's own runner (FAST_RUNNER).
const { ctx, app } = await assembleRelayDesk({
  config,
  logger,
  redis,
  mongoEngine: 'external',
  workflows: { runner: { pollIntervalMs: 50, retryBaseMs: 20, retryMaxMs: 200, leaseMs: 2_000 } },
});
const { sla } = ctx.services;
const checkClocks = sla.checkClocks.bind(sla);
// The workflow deps hold this same service object, so its timers report here.
sla.checkClocks = async (ticketId, planVersion) => {
  process.stdout.write(`${JSON.stringify({ checked: ticketId })}\n`);
  return checkClocks(ticketId, planVersion);
};
const http = createServer(app);
await new Promise<void>((resolve) => http.listen(config.port, config.host, resolve));
process.stdout.write(`${JSON.stringify({ port: (http.address() as AddressInfo).port })}\n`);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
