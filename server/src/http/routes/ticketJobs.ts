import { idParamsSchema } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { createTicketWorkflowRequests } from '../../tickets/workflowRequests.js';
import { currentActor, requireAuth, requireRole } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

/**
 * Admin requests to run a ticket's triage or assignment again. The work happens in
 * the background, hence 202; the ticket's timeline and socket updates show the result.
 */
export function ticketJobRoutes({ services, events }: AppContext): Router {
  const router = Router();
  const requests = createTicketWorkflowRequests({ tickets: services.tickets, events });
  const adminOnly = [requireAuth(services.users), requireRole('admin')];

  router.post('/:id/retriage', ...adminOnly, async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    await requests.requestRetriage(currentActor(res), id);
    res.status(202).json({ accepted: true, ticketId: id });
  });

  router.post('/:id/reassign', ...adminOnly, async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    await requests.requestReassign(currentActor(res), id);
    res.status(202).json({ accepted: true, ticketId: id });
  });

  return router;
}
