import type { PresenceListResponse } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { requireAuth } from '../middleware/auth.js';

/** `GET /api/presence`: who of the staff is online, on do-not-disturb or offline right now. */
export function presenceRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/', async (_req, res) => {
    const staff = await services.presence.listStaff();
    const body: PresenceListResponse = { items: staff.map(({ user, status }) => ({ user, status })) };
    res.json(body);
  });

  return router;
}
