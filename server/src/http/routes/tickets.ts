import {
  commentCreateBodySchema,
  commentListQuerySchema,
  idParamsSchema,
  ticketCreateBodySchema,
  ticketNumberParamsSchema,
  ticketAssignBodySchema,
  ticketBulkBodySchema,
  ticketStatusBodySchema,
  triageCorrectionBodySchema,
  type AssignmentCandidatesResponse,
} from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { presentAttachment } from '../../attachments/presenter.js';
import { presentComment, presentTicket, presentTicketEvent } from '../../tickets/presenter.js';
import { createIdempotencyStore } from '../../platform/idempotency.js';
import { currentActor, requireAuth } from '../middleware/auth.js';
import { idempotent } from '../middleware/idempotency.js';
import { parseRequest } from '../middleware/validate.js';

/** How long a retry under the same Idempotency-Key gets the first answer back. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a request keeps its key to itself before a retry may take it over (the process died). */
const IDEMPOTENCY_LEASE_MS = 60_000;

export function ticketRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));
  // A client that lost the answer to a create may send it again under the same key.
  const once = idempotent(createIdempotencyStore({ ttlMs: IDEMPOTENCY_TTL_MS, leaseMs: IDEMPOTENCY_LEASE_MS }));

  // GET / (the list) is registered flat, at the top of the app: see ticketList.ts.

  // Before `/:id`: "bulk" is not a ticket id.
  router.post('/bulk', async (req, res) => {
    const body = parseRequest(ticketBulkBodySchema, req.body, 'body');
    res.json(await services.queue.bulkUpdate(currentActor(res), body));
  });

  router.post('/', once, async (req, res) => {
    const body = parseRequest(ticketCreateBodySchema, req.body, 'body');
    const actor = currentActor(res);
    const ticket = await services.tickets.createTicket(actor, body);
    res.status(201).json({ ticket: presentTicket(ticket, actor) });
  });

  // `/tickets/1042` in the app: the ticket people quote by number, answered as `GET /:id` answers.
  router.get('/by-number/:number', async (req, res) => {
    const { number } = parseRequest(ticketNumberParamsSchema, req.params, 'path');
    const actor = currentActor(res);
    const { ticket, timeline } = await services.tickets.getTicketByNumber(actor, number);
    res.json({ ticket: { ...presentTicket(ticket, actor), timeline: timeline.map(presentTicketEvent) } });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const actor = currentActor(res);
    const { ticket, timeline } = await services.tickets.getTicket(actor, id);
    res.json({ ticket: { ...presentTicket(ticket, actor), timeline: timeline.map(presentTicketEvent) } });
  });

  router.post('/:id/read', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    await services.tickets.markSeen(currentActor(res), id);
    res.status(204).end();
  });

  router.patch('/:id/status', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const { status } = parseRequest(ticketStatusBodySchema, req.body, 'body');
    const actor = currentActor(res);
    const ticket = await services.tickets.changeStatus(actor, id, status);
    res.json({ ticket: presentTicket(ticket, actor) });
  });

  router.get('/:id/comments', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const query = parseRequest(commentListQuerySchema, req.query, 'query');
    const actor = currentActor(res);
    const page = await services.comments.listComments(actor, id, query);
    const files = await services.attachments.listForTicket(actor, id);
    const filesOf = (commentId: string) =>
      files.attachments.filter((a) => String(a.comment) === commentId).map((a) => presentAttachment(a, files.ticket, actor));
    res.json({ ...page, items: page.items.map((c) => ({ ...presentComment(c), attachments: filesOf(String(c._id)) })) });
  });

  router.post('/:id/comments', once, async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const { body, internal } = parseRequest(commentCreateBodySchema, req.body, 'body');
    const comment = await services.comments.addComment(currentActor(res), id, body, { internal });
    res.status(201).json({ comment: presentComment(comment) });
  });

  // Triage and assignment run again in the background, hence 202; the timeline and
  // socket updates show the result.
  router.post('/:id/retriage', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    await services.ticketWorkflows.requestRetriage(currentActor(res), id);
    res.status(202).json({ accepted: true, ticketId: id });
  });

  router.post('/:id/reassign', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    await services.ticketWorkflows.requestReassign(currentActor(res), id);
    res.status(202).json({ accepted: true, ticketId: id });
  });

  router.patch('/:id/triage', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const body = parseRequest(triageCorrectionBodySchema, req.body, 'body');
    const actor = currentActor(res);
    const ticket = await services.triageCorrections.correctTriage(actor, id, body);
    res.json({ ticket: presentTicket(ticket, actor) });
  });

  router.get('/:id/candidates', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const body: AssignmentCandidatesResponse = await services.manualAssignment.candidates(currentActor(res), id);
    res.json(body);
  });

  router.post('/:id/assign', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const body = parseRequest(ticketAssignBodySchema, req.body, 'body');
    const actor = currentActor(res);
    const ticket = await services.manualAssignment.assign(actor, id, body);
    res.json({ ticket: presentTicket(ticket, actor) });
  });

  router.post('/:id/claim', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const actor = currentActor(res);
    const ticket = await services.manualAssignment.claim(actor, id);
    res.json({ ticket: presentTicket(ticket, actor) });
  });

  router.post('/:id/release', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const actor = currentActor(res);
    const ticket = await services.manualAssignment.release(actor, id);
    res.json({ ticket: presentTicket(ticket, actor) });
  });

  return router;
}
