import { existsSync } from 'node:fs';
import path from 'node:path';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppContext } from '../app/context.js';
import { findRepoRoot } from '../platform/embeddedMongo.js';
import { apiNotFound, errorHandler } from './middleware/errorHandler.js';
import { createRateLimit } from './middleware/rateLimit.js';
import { authRoutes } from './routes/auth.js';
import { devOutboxRoutes } from './routes/devOutbox.js';
import { healthRoutes } from './routes/health.js';
import { inngestRoutes } from './routes/inngest.js';
import { modRequestRoutes } from './routes/modRequests.js';
import { presenceRoutes } from './routes/presence.js';
import { statsRoutes } from './routes/stats.js';
import { ticketJobRoutes } from './routes/ticketJobs.js';
import { ticketRoutes } from './routes/tickets.js';
import { userRoutes } from './routes/users.js';

export const BODY_LIMIT = '100kb';

/** The Express application: the JSON API under /api and, when built, the web client. */
export function createApp(ctx: AppContext): Express {
  const { config, logger, redis } = ctx;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // The default "simple" parser never builds nested objects from a query string.
  app.set('query parser', 'simple');

  app.use(helmet());
  app.use(
    '/api',
    cors({
      origin: (origin, callback) => callback(null, !origin || config.corsOrigins.includes(origin)),
      credentials: true,
    }),
  );

  const globalLimit = createRateLimit({
    name: 'global',
    max: config.rateLimit.max,
    windowMs: config.rateLimit.windowMs,
    redis,
    redisTimeoutMs: config.rateLimit.redisTimeoutMs,
  });
  const credentialLimit = createRateLimit({
    name: 'credentials',
    max: config.rateLimit.authMax,
    windowMs: config.rateLimit.windowMs,
    redis,
    redisTimeoutMs: config.rateLimit.redisTimeoutMs,
  });

  const api = express.Router();
  api.use(globalLimit);
  api.use(express.json({ limit: BODY_LIMIT }));
  api.use('/health', healthRoutes(ctx));
  api.use('/auth', authRoutes(ctx, credentialLimit));
  api.use('/tickets', ticketJobRoutes(ctx));
  api.use('/tickets', ticketRoutes(ctx));
  api.use('/users', userRoutes(ctx));
  api.use('/mod-requests', modRequestRoutes(ctx));
  api.use('/presence', presenceRoutes(ctx));
  api.use('/stats', statsRoutes(ctx));
  api.use('/dev/outbox', devOutboxRoutes(ctx));
  api.use(apiNotFound);
  // Before the API router: Inngest's calls are not subject to the API's rate limit or body size.
  app.use('/api/inngest', inngestRoutes(ctx));
  app.use('/api', api);

  const clientDist = config.clientDist ?? path.join(findRepoRoot(), 'client', 'dist');
  if (existsSync(path.join(clientDist, 'index.html'))) {
    app.use(express.static(clientDist, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app shell.
    app.get(/^(?!\/api\/).*/, (_req, res) => {
      res.sendFile(path.join(clientDist, 'index.html'), { maxAge: 0 });
    });
  }

  app.use(errorHandler(logger));
  return app;
}
