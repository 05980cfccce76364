import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { errors } from '../../platform/errors.js';
import type { Metrics } from '../../platform/metrics.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Who may scrape: with a token, whoever sends `Authorization: Bearer <token>`;
 * without one, connections from this machine only. The socket's own address is
 * used, never `req.ip`, which a forwarded header can set.
 */
export function metricsAccess(token: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (token) {
      const [scheme, given] = (req.headers.authorization ?? '').split(' ');
      if (scheme !== 'Bearer' || !given || !timingSafeEqual(digest(given), digest(token))) {
        throw errors.unauthenticated('a valid metrics token is required');
      }
    } else if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      throw errors.forbidden('metrics are served to this machine only unless METRICS_TOKEN is set');
    }
    next();
  };
}

/** `GET /metrics`: Prometheus's text exposition of the process's collectors. */
export function metricsRoutes(metrics: Metrics, token: string | undefined): Router {
  const router = Router();
  router.get('/', metricsAccess(token), async (_req, res) => {
    const { contentType, body } = await metrics.render();
    res.type(contentType).send(body);
  });
  return router;
}
