import {
  idParamsSchema,
  modRequestCreateBodySchema,
  modRequestDecisionBodySchema,
  modRequestListQuerySchema,
} from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { presentModRequest } from '../../tickets/presenter.js';
import { currentActor, requireAuth, requireRole } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

export function modRequestRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.post('/', async (req, res) => {
    const body = parseRequest(modRequestCreateBodySchema, req.body, 'body');
    const application = await services.modRequests.apply(currentActor(res), body);
    res.status(201).json({ request: presentModRequest(application) });
  });

  router.get('/', async (req, res) => {
    const query = parseRequest(modRequestListQuerySchema, req.query, 'query');
    const page = await services.modRequests.list(currentActor(res), query);
    res.json({ ...page, items: page.items.map(presentModRequest) });
  });

  router.patch('/:id', requireRole('admin'), async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const { status } = parseRequest(modRequestDecisionBodySchema, req.body, 'body');
    const application = await services.modRequests.decide(currentActor(res), id, status);
    res.json({ request: presentModRequest(application) });
  });

  return router;
}
