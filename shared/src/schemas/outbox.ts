import { z } from 'zod';
import { isoDateSchema, objectIdSchema, paginationQuerySchema, textSchema } from './common.js';

/** What an e-mail is about; the development outbox can be filtered by it. */
export const MAIL_CATEGORIES = ['ticket_assigned', 'welcome', 'application_decided', 'signup_attempt', 'ticket_update'] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

/** `GET /api/dev/outbox` query: paging plus optional filters. */
export const outboxListQuerySchema = paginationQuerySchema.extend({
  category: z.enum(MAIL_CATEGORIES).optional(),
  /** Exact recipient address, case-insensitive. */
  to: textSchema().trim().toLowerCase().max(254, 'must be at most 254 characters').optional(),
});
export type OutboxListQuery = z.infer<typeof outboxListQuerySchema>;

/**
 * An e-mail the server would have sent: with no mail provider configured, messages
 * land in a development outbox that admins (and tests) read instead of an inbox.
 */
export const outboxMessageSchema = z.object({
  id: objectIdSchema,
  to: z.string(),
  from: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  category: z.enum(MAIL_CATEGORIES),
  ticketId: objectIdSchema.nullable(),
  userId: objectIdSchema.nullable(),
  createdAt: isoDateSchema,
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
