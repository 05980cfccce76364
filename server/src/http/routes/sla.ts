import { slaPolicyBodySchema } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { currentActor, requireAuth } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

/** `GET /api/sla` (staff) and `PUT /api/sla` (admins): the service-level policy. */
export function slaRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/', async (_req, res) => {
    res.json(await services.sla.getPolicy(currentActor(res)));
  });

  router.put('/', async (req, res) => {
    const body = parseRequest(slaPolicyBodySchema, req.body, 'body');
    res.json(await services.sla.updatePolicy(currentActor(res), body));
  });

  return router;
}
