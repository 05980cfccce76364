import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import { currentRequestContext, requestIdFrom, runWithRequestContext, type RequestContext } from '../../platform/requestContext.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Requests that matched no route share one label, so unknown paths cannot grow the metrics without bound. */
export const UNMATCHED_ROUTE = '(unmatched)';

export interface RequestObservationDeps {
  logger: Logger;
  metrics: Pick<Metrics, 'httpDuration'>;
  /** The route pattern a request matched, or null (resolved once the app's routes exist). */
  routeOf: (method: string, path: string) => string | null;
}

/**
 * The first middleware: gives the request its id (the caller's `X-Request-Id`
 * when short and safe, a new UUID otherwise), returns it in the response, runs
 * the rest of the request inside that request context, and when the response
 * is finished logs one line and records the latency by route pattern.
 */
export function observeRequests({ logger, metrics, routeOf }: RequestObservationDeps): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.locals.requestContext = { requestId } satisfies RequestContext;
    // The path as the client sent it: mounted routers rewrite `req.url` while they handle it.
    const path = req.originalUrl.split('?')[0] ?? '/';
    const startedAt = performance.now();
    res.once('finish', () => {
      const durationMs = performance.now() - startedAt;
      const route = routeOf(req.method, path) ?? UNMATCHED_ROUTE;
      const status = res.statusCode;
      metrics.httpDuration.observe({ method: req.method, route, status_class: `${Math.floor(status / 100)}xx` }, durationMs / 1000);
      const line = { requestId, method: req.method, route, status, durationMs: Math.round(durationMs * 10) / 10 };
      if (status >= 500) logger.warn(line, 'request finished');
      else logger.info(line, 'request finished');
    });
    runWithRequestContext({ requestId }, next);
  };
}

/**
 * Re-enters the request's context. A body parser resumes the request from the
 * socket's stream events, which run outside the context the request started in.
 */
export function restoreRequestContext(_req: Request, res: Response, next: NextFunction): void {
  const context = res.locals.requestContext as RequestContext | undefined;
  if (!context || currentRequestContext()?.requestId === context.requestId) return next();
  runWithRequestContext(context, next);
}
