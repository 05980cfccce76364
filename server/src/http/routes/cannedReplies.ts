import { cannedReplyCreateBodySchema, cannedReplyListQuerySchema, cannedReplyUpdateBodySchema, idParamsSchema } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { presentCannedReply } from '../../cannedReplies/presenter.js';
import { currentActor, requireAuth } from '../middleware/auth.js';
import { parseRequest } from '../middleware/validate.js';

export function cannedReplyRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/', async (req, res) => {
    const query = parseRequest(cannedReplyListQuerySchema, req.query, 'query');
    const actor = currentActor(res);
    const replies = await services.cannedReplies.list(actor, query);
    res.json({ items: replies.map((reply) => presentCannedReply(reply, actor)) });
  });

  router.post('/', async (req, res) => {
    const body = parseRequest(cannedReplyCreateBodySchema, req.body, 'body');
    const actor = currentActor(res);
    const reply = await services.cannedReplies.create(actor, body);
    res.status(201).json({ cannedReply: presentCannedReply(reply, actor) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const body = parseRequest(cannedReplyUpdateBodySchema, req.body, 'body');
    const actor = currentActor(res);
    const reply = await services.cannedReplies.update(actor, id, body);
    res.json({ cannedReply: presentCannedReply(reply, actor) });
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    await services.cannedReplies.remove(currentActor(res), id);
    res.status(204).end();
  });

  return router;
}
