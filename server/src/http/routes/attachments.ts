import { pipeline } from 'node:stream/promises';
import { attachmentUploadFieldsSchema, idParamsSchema, isImageAttachment } from '@relaydesk/shared';
import { create as contentDisposition } from 'content-disposition';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { presentAttachment } from '../../attachments/presenter.js';
import { errors } from '../../platform/errors.js';
import { currentActor, requireAuth } from '../middleware/auth.js';
import { readSingleFileUpload } from '../middleware/multipartUpload.js';
import { parseRequest } from '../middleware/validate.js';

/** `POST /api/tickets/:id/attachments` and `GET /api/tickets/:id/attachments`, mounted under /tickets. */
export function attachmentTicketRoutes({ services, config }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/:id/attachments', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const actor = currentActor(res);
    const { attachments, ticket } = await services.attachments.listForTicket(actor, id);
    res.json({ items: attachments.map((a) => presentAttachment(a, ticket, actor)) });
  });

  router.post('/:id/attachments', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const actor = currentActor(res);
    // Before the body is read: a stranger's upload is refused without taking in its bytes.
    await services.attachments.assertMayUpload(actor, id);
    const { fields, file } = await readSingleFileUpload(req, { maxBytes: config.attachments.maxBytes });
    const { commentId } = parseRequest(attachmentUploadFieldsSchema, fields, 'body');
    if (!file) throw errors.validation('the upload has no file; send it in the "file" part', [{ path: 'file', message: 'required' }]);
    const { attachment, ticket } = await services.attachments.upload(actor, id, { commentId, file });
    res.status(201).json({ attachment: presentAttachment(attachment, ticket, actor) });
  });

  return router;
}

/** `GET /api/attachments/:id`: the file's bytes. */
export function attachmentRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/:id', async (req, res) => {
    const { id } = parseRequest(idParamsSchema, req.params, 'path');
    const { attachment, body } = await services.attachments.open(currentActor(res), id);
    const isText = attachment.contentType.startsWith('text/') || attachment.contentType === 'application/json';
    res.set({
      'Content-Type': isText ? `${attachment.contentType}; charset=utf-8` : attachment.contentType,
      'Content-Length': String(attachment.size),
      // Only images are shown in the page; everything else is saved, never rendered from our origin.
      'Content-Disposition': contentDisposition(attachment.name, { type: isImageAttachment(attachment.contentType) ? 'inline' : 'attachment' }),
      'X-Content-Type-Options': 'nosniff',
      // Should a browser render it anyway, it runs nothing and reaches nothing.
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      'Cache-Control': 'private, no-store',
      ETag: `"${attachment.sha256}"`,
    });
    await pipeline(body, res);
  });

  return router;
}
