import path from 'node:path';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { AppContext } from '../app/context.js';
import { findRepoRoot } from '../platform/embeddedMongo.js';
import { clientAssets } from './clientAssets.js';
import { apiNotFound, errorHandler } from './middleware/errorHandler.js';
import { createRateLimit } from './middleware/rateLimit.js';
import { observeRequests, restoreRequestContext } from './middleware/requestObservation.js';
import { buildOpenApiDocument } from './openapi.js';
import { createRouteMatcher, listRoutes } from './routeTable.js';
import { attachmentRoutes, attachmentTicketRoutes } from './routes/attachments.js';
import { authRoutes } from './routes/auth.js';
import { cannedReplyRoutes } from './routes/cannedReplies.js';
import { copilotRunRoutes, copilotTicketRoutes, copilotUserRoutes } from './routes/copilot.js';
import { slaRoutes } from './routes/sla.js';
import { devOutboxRoutes } from './routes/devOutbox.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes, type WorkflowState } from './routes/health.js';
import { inngestRoutes } from './routes/inngest.js';
import { metricsRoutes } from './routes/metrics.js';
import { modRequestRoutes } from './routes/modRequests.js';
import { presenceRoutes } from './routes/presence.js';
import { statsRoutes } from './routes/stats.js';
import { ticketListRoute } from './routes/ticketList.js';
import { ticketRoutes } from './routes/tickets.js';
import { triageRoutes } from './routes/triage.js';
import { userRoutes } from './routes/users.js';

export const BODY_LIMIT = '100kb';

export interface AppTransports {
  /** Inngest's serve handler when workflows run on Inngest; null with the in-process runner. */
  inngestHandler: RequestHandler | null;
  /** What the readiness check reports for workflows; `off` when not given. */
  workflowState?: WorkflowState;
}

let openApiDocument: { version: string; document: object } | null = null;

/** The OpenAPI document, built once per process (it depends on the schemas and the version only). */
function openApiFor(version: string): object {
  if (openApiDocument?.version !== version) openApiDocument = { version, document: buildOpenApiDocument(version) };
  return openApiDocument.document;
}

/** The Express application: the JSON API under /api and, when built, the web client. */
export function createApp(ctx: AppContext, { inngestHandler, workflowState }: AppTransports = { inngestHandler: null }): Express {
  const { config, logger, redis, metrics } = ctx;
  const app = express();
  // Filled in once every route is registered, below.
  let routeOf: (method: string, path: string) => string | null = () => null;
  app.use(observeRequests({ logger, metrics, routeOf: (method, path) => routeOf(method, path) }));
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // The default "simple" parser never builds nested objects from a query string.
  app.set('query parser', 'simple');

  app.use(
    helmet({
      // blob: for thumbnails of attachments, which the client fetches with its token and shows through object URLs.
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'blob:'] } },
    }),
  );
  app.use(
    '/api',
    cors({
      origin: (origin, callback) => callback(null, !origin || config.corsOrigins.includes(origin)),
      credentials: true,
    }),
  );

  const { windowMs, redisTimeoutMs } = config.rateLimit;
  const limit = (name: string, max: number) => createRateLimit({ name, max, windowMs, redis, redisTimeoutMs, logger });
  const globalLimit = limit('global', config.rateLimit.max);
  const credentialLimit = limit('credentials', config.rateLimit.authMax);

  const resources: [string, express.Router][] = [
    ['/health', healthRoutes(ctx, workflowState)],
    ['/auth', authRoutes(ctx, credentialLimit)],
    ['/tickets', ticketRoutes(ctx)],
    ['/tickets', copilotTicketRoutes(ctx)],
    ['/tickets', attachmentTicketRoutes(ctx)],
    ['/attachments', attachmentRoutes(ctx)],
    ['/users', userRoutes(ctx)],
    ['/users', copilotUserRoutes(ctx)],
    ['/copilot', copilotRunRoutes(ctx)],
    ['/mod-requests', modRequestRoutes(ctx)],
    ['/presence', presenceRoutes(ctx)],
    ['/stats', statsRoutes(ctx)],
    ['/canned-replies', cannedReplyRoutes(ctx)],
    ['/sla', slaRoutes(ctx)],
    ['/triage', triageRoutes(ctx)],
    ['/dev/outbox', devOutboxRoutes(ctx)],
  ];
  const api = express.Router();
  api.use(globalLimit);
  // Only under endpoints that exist: a request anywhere else gets its 404 without its body being read.
  api.use([...new Set(resources.map(([mount]) => mount))], express.json({ limit: BODY_LIMIT }), restoreRequestContext);
  api.use(docsRoutes(openApiFor(ctx.version)));
  for (const [mount, router] of resources) api.use(mount, router);
  api.use(apiNotFound);
  if (inngestHandler) {
    // Before the API router, with a limit of its own: Inngest's calls carry step state over the API's body size,
    // and come in bursts from a few addresses.
    app.use('/api/inngest', limit('inngest', config.rateLimit.inngestMax), inngestRoutes(inngestHandler));
  }
  // The hot list request, flat: see ticketListRoute.
  app.get('/api/tickets', ...ticketListRoute(ctx, globalLimit));
  app.use('/api', api);
  app.use('/metrics', metricsRoutes(metrics, config.metrics.token));

  const client = clientAssets(config.clientDist ?? path.join(findRepoRoot(), 'client', 'dist'));
  if (client) app.use(client);

  app.use(errorHandler(logger));
  const matchRoute = createRouteMatcher(listRoutes(app));
  routeOf = matchRoute;
  return app;
}
