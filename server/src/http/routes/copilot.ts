import { askBodySchema, copilotRunsQuerySchema, idParamsSchema } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { currentActor, requireAuth } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

/** The copilot's endpoints on a ticket: similar solved tickets, a drafted reply, questions. Mounted at /tickets. */
export function copilotTicketRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/:id/similar', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    res.json({ items: await services.copilot.similarTickets(currentActor(res), id) });
  });

  router.post('/:id/draft-reply', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    res.json(await services.copilot.draftReply(currentActor(res), id));
  });

  router.post('/:id/ask', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const { question } = parseRequest(askBodySchema, req.body, 'body');
    res.json(await services.copilot.ask(currentActor(res), id, question));
  });

  return router;
}

/** A requester's history for staff. Mounted at /users. */
export function copilotUserRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/:id/context', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    res.json(await services.copilot.requesterContext(currentActor(res), id));
  });

  return router;
}

/** The copilot's run records for admins. Mounted at /copilot. */
export function copilotRunRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/runs', async (req, res) => {
    const query = parseRequest(copilotRunsQuerySchema, req.query, 'query');
    res.json(await services.copilot.listRuns(currentActor(res), query));
  });

  return router;
}
