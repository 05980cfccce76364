import {
  idParamsSchema,
  modRequestCreateBodySchema,
  modRequestDecisionBodySchema,
  modRequestListQuerySchema,
} from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { presentModRequest } from '../../moderation/presenter.js';
import { currentActor, requireAuth } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

export function modRequestRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.post('/', async (req, res) => {
    const body = parseRequest(modRequestCreateBodySchema, req.body, 'body');
    const actor = currentActor(res);
    const application = await services.modRequests.apply(actor, body);
    res.status(201).json({ request: presentModRequest(application, actor) });
  });

  router.get('/', async (req, res) => {
    const query = parseRequest(modRequestListQuerySchema, req.query, 'query');
    const actor = currentActor(res);
    const page = await services.modRequests.list(actor, query);
    res.json({ ...page, items: page.items.map((application) => presentModRequest(application, actor)) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const { status } = parseRequest(modRequestDecisionBodySchema, req.body, 'body');
    const actor = currentActor(res);
    const application = await services.modRequests.decide(actor, id, status);
    res.json({ request: presentModRequest(application, actor) });
  });

  return router;
}
