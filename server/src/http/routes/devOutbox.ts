import { outboxListQuerySchema } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { presentOutboxMessage } from '../../mail/presenter.js';
import { listOutbox } from '../../mail/outbox.js';
import { currentActor, requireAuth } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

/** The development outbox: e-mail the server kept instead of sending (no SENDGRID_API_KEY). Admins only. */
export function devOutboxRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/', async (req, res) => {
    const query = parseRequest(outboxListQuerySchema, req.query, 'query');
    const page = await listOutbox(currentActor(res), query);
    res.json({ ...page, items: page.items.map(presentOutboxMessage) });
  });

  return router;
}
