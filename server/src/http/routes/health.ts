import type { Health, Liveness, Readiness } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { mongoState } from '../../platform/db.js';

const startedAt = Date.now();
const uptimeSeconds = () => Math.round((Date.now() - startedAt) / 1000);

/** What the readiness check says about workflows: the runner's state, or `off`. */
export type WorkflowState = () => Readiness['workflows']['state'];

/**
 * `/api/health`: process, MongoDB and Redis state; 503 when the database is down,
 * since nothing works then. `/live` answers as long as the process does (restart
 * it when not); `/ready` says whether to send it traffic.
 */
export function healthRoutes({ redis, mongoEngine, version }: AppContext, workflowState: WorkflowState = () => 'off'): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const mongo = mongoState();
    const body: Health = {
      status: mongo === 'up' && redis.state() !== 'down' ? 'ok' : 'degraded',
      uptimeSeconds: uptimeSeconds(),
      version,
      mongo: { state: mongo, engine: mongoEngine },
      redis: { state: redis.state() },
    };
    res.status(mongo === 'up' ? 200 : 503).json(body);
  });

  router.get('/live', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: uptimeSeconds() } satisfies Liveness);
  });

  router.get('/ready', (_req, res) => {
    const mongo = mongoState();
    const body: Readiness = {
      status: mongo === 'up' ? 'ready' : 'not_ready',
      mongo: { state: mongo },
      redis: { state: redis.state() },
      workflows: { state: workflowState() },
    };
    res.status(mongo === 'up' ? 200 : 503).json(body);
  });
  return router;
}
