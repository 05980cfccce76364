/**
 * A second API + real-time process for multi-process tests and the benchmark: the same
 * app and socket.io server as production, on the database and Redis prefix it is given.
 * Prints `{"port":N}` once listening; ends when its stdin closes (its parent died) or
 * when killed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/env.js';
import { assembleRelayDesk, startRealtime } from '../app/compositionRoot.js';
import { connectMongo } from '../platform/db.js';
import { createLogger } from '../platform/logger.js';
import { connectRedis } from '../platform/redis.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
// The database name travels in the URI's path.
await connectMongo(config.mongoUri!, logger);
const redis = await connectRedis({ ...config.redis, logger });
const { ctx, app } = await assembleRelayDesk({ config, logger, redis, mongoEngine: 'external', workflows: false });
const http = createServer(app);
await startRealtime(http, ctx);
await new Promise<void>((resolve) => http.listen(config.port, config.host, resolve));
process.stdout.write(`${JSON.stringify({ port: (http.address() as AddressInfo).port })}\n`);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
