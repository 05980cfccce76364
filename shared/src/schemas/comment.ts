import { z } from 'zod';
import { isoDateSchema, objectIdSchema, paginationQuerySchema, textSchema } from './common.js';
import { attachmentSchema } from './attachment.js';
import { userRefSchema } from './user.js';

export const COMMENT_BODY_MAX = 5_000;

export const commentCreateBodySchema = z.strictObject({
  body: textSchema()
    .trim()
    .min(1, 'must not be empty')
    .max(COMMENT_BODY_MAX, `must be at most ${COMMENT_BODY_MAX} characters`),
  /** True for a staff-only note the ticket's requester never sees; a public reply otherwise. */
  internal: z.boolean().optional(),
});
export type CommentCreateBody = z.infer<typeof commentCreateBodySchema>;

export const commentListQuerySchema = paginationQuerySchema.extend({
  limit: paginationQuerySchema.shape.limit.default(50),
});
export type CommentListQuery = z.infer<typeof commentListQuerySchema>;

export const commentSchema = z.object({
  id: objectIdSchema,
  ticketId: objectIdSchema,
  author: userRefSchema,
  body: z.string(),
  /** A staff-only note: only people with `readInternalNotes` on the ticket are ever sent one. */
  internal: z.boolean(),
  createdAt: isoDateSchema,
  /** Files attached to this comment, oldest first; present on the comment list. */
  attachments: z.array(attachmentSchema).optional(),
});
export type Comment = z.infer<typeof commentSchema>;
