import { idParamsSchema, userListQuerySchema, userUpdateBodySchema } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { presentUser } from '../../tickets/presenter.js';
import { currentActor, requireAuth, requireRole } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

export function userRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users), requireRole('admin'));

  router.get('/', async (req, res) => {
    const query = parseRequest(userListQuerySchema, req.query, 'query');
    const page = await services.users.listUsers(query);
    res.json({ ...page, items: page.items.map(presentUser) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const body = parseRequest(userUpdateBodySchema, req.body, 'body');
    const user = await services.users.updateUser(currentActor(res), id, body);
    res.json({ user: presentUser(user) });
  });

  return router;
}
