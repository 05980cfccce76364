import { idParamsSchema, userListQuerySchema, userUpdateBodySchema } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { presentUser } from '../../users/presenter.js';
import { currentActor, requireAuth } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

export function userRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/', async (req, res) => {
    const query = parseRequest(userListQuerySchema, req.query, 'query');
    const actor = currentActor(res);
    const page = await services.users.listUsers(actor, query);
    res.json({ ...page, items: page.items.map((user) => presentUser(user, actor)) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const body = parseRequest(userUpdateBodySchema, req.body, 'body');
    const actor = currentActor(res);
    const user = await services.users.updateUser(actor, id, body);
    res.json({ user: presentUser(user, actor) });
  });

  return router;
}
