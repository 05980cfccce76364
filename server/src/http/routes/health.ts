import type { Health } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { mongoState } from '../../platform/db.js';

const startedAt = Date.now();

/** Process, MongoDB and Redis state; 503 when the database is down, since nothing works then. */
export function healthRoutes({ redis, mongoEngine, version }: AppContext): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const mongo = mongoState();
    const body: Health = {
      status: mongo === 'up' && redis.state() !== 'down' ? 'ok' : 'degraded',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      version,
      mongo: { state: mongo, engine: mongoEngine },
      redis: { state: redis.state() },
    };
    res.status(mongo === 'up' ? 200 : 503).json(body);
  });
  return router;
}
