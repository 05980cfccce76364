import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { currentActor, requireAuth } from '../middleware/auth.js';

/** Dashboard figures for admins, served from the cache (5 minutes, dropped on every ticket change). */
export function statsRoutes({ services }: AppContext): Router {
  const router = Router();
  router.get('/', requireAuth(services.users), async (_req, res) => {
    res.json(await services.stats.dashboard(currentActor(res)));
  });
  return router;
}
