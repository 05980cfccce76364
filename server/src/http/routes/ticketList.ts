import { ROLES, ticketListQuerySchema } from '@relaydesk/shared';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../../app/context.js';
import type { ReadAheadEntry } from '../../platform/readAhead.js';
import { runWithReadAhead } from '../../platform/readAhead.js';
import { bearerToken, currentActor, requireAuth } from '../middleware/auth.js';
import type { SharedRateLimit } from '../middleware/rateLimit.js';
import { parseRequest } from '../middleware/validate.js';

/**
 * Reads ahead, in one Redis call, everything a cached list request asks Redis
 * for: the rate-limit increment, the token's denylist entry, the cached identity
 * and the list that identity's role sees (see platform/readAhead.ts). The limiter,
 * authentication and the service then run as for any request and take their
 * answers from it. A request it cannot plan for (no token, a bad query, Redis
 * unavailable) goes on with nothing read ahead, and each part asks Redis itself.
 */
function readTicketListAhead({ cache, services }: AppContext, limit: SharedRateLimit): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    const auth = token ? services.users.authenticationReadAhead(token) : null;
    const query = auth ? ticketListQuerySchema.safeParse(req.query) : null;
    if (!auth || !query?.success) return next();
    const variants: Record<string, ReadAheadEntry> = {};
    for (const role of ROLES) variants[role] = cache.readAheadEntry(services.tickets.listCacheSpec({ id: auth.userId, role }, query.data));
    const readAhead = await cache.readAhead({
      counter: limit.readAheadCounter(req) ?? undefined,
      exists: auth.denylistKey ?? undefined,
      entries: [cache.readAheadEntry(auth.identity)],
      dependent: { from: 0, field: 'role', variants },
    });
    if (!readAhead) return next();
    runWithReadAhead(readAhead, next);
  };
}

/**
 * `GET /api/tickets`, the hottest request, registered at the top level of the app
 * with its whole path rather than through the `/api` and `/tickets` routers: each
 * router it passes through matches and dispatches again. Answers with the entity
 * tag stored with the cached page, and 304 when the caller already holds it, so
 * the body is never hashed per request.
 */
export function ticketListRoute(ctx: AppContext, limit: SharedRateLimit): RequestHandler[] {
  const { services } = ctx;
  return [
    readTicketListAhead(ctx, limit),
    limit,
    requireAuth(services.users),
    async (req, res) => {
      const query = parseRequest(ticketListQuerySchema, req.query, 'query');
      const page = await services.tickets.listTickets(currentActor(res), query);
      // Lists are per caller and change with any write: keep them out of shared caches, revalidate every time.
      res.setHeader('Cache-Control', 'private, no-cache');
      res.setHeader('ETag', page.etag);
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      const body = page.bytes;
      res.setHeader('Content-Length', body.length);
      res.end(body);
    },
  ];
}
