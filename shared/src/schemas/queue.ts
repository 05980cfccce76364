import { z } from 'zod';
import { PRIORITIES, TICKET_STATUSES } from '../enums.js';
import { objectIdSchema } from './common.js';

/**
 * The work queue: how staff sort and slice the ticket list, and the bulk actions
 * admins take on a selection of it.
 */

/**
 * `newest`/`oldest` by filing; `priority` urgent first; `waiting` the tickets waiting
 * longest for our answer first; `due` the soonest service-level deadline first.
 */
export const TICKET_SORTS = ['newest', 'oldest', 'priority', 'waiting', 'due'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];
export const ticketSortSchema = z.enum(TICKET_SORTS, { error: `must be one of ${TICKET_SORTS.join(', ')}` });

/** `breached`: open tickets past a target; `due_soon`: a target within the next hour, not yet passed. */
export const TICKET_SLA_VIEWS = ['breached', 'due_soon'] as const;
export type TicketSlaView = (typeof TICKET_SLA_VIEWS)[number];
export const ticketSlaViewSchema = z.enum(TICKET_SLA_VIEWS, { error: `must be one of ${TICKET_SLA_VIEWS.join(', ')}` });

/** Whose turn it is on a ticket. */
export const waitingOnSchema = z.enum(['staff', 'requester']);
export type WaitingOn = z.infer<typeof waitingOnSchema>;

/** At most this many tickets in one bulk action. */
export const BULK_MAX_TICKETS = 100;

const bulkIdsSchema = z
  .array(objectIdSchema)
  .min(1, 'select at least one ticket')
  .max(BULK_MAX_TICKETS, `select at most ${BULK_MAX_TICKETS} tickets`)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a ticket');

/** `POST /api/tickets/bulk`: one action applied to each selected ticket in turn. */
export const ticketBulkBodySchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ ids: bulkIdsSchema, action: z.literal('assign'), moderatorId: objectIdSchema, force: z.boolean().optional() }),
    z.strictObject({ ids: bulkIdsSchema, action: z.literal('status'), status: z.enum(TICKET_STATUSES) }),
    z.strictObject({ ids: bulkIdsSchema, action: z.literal('priority'), priority: z.enum(PRIORITIES) }),
  ],
  { error: "action must be 'assign', 'status' or 'priority'" },
);
export type TicketBulkBody = z.infer<typeof ticketBulkBodySchema>;

/** What happened to one ticket of a bulk action. */
export const ticketBulkResultSchema = z.discriminatedUnion('ok', [
  z.object({ id: objectIdSchema, ok: z.literal(true) }),
  z.object({ id: objectIdSchema, ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type TicketBulkResult = z.infer<typeof ticketBulkResultSchema>;

export const ticketBulkResponseSchema = z.object({
  results: z.array(ticketBulkResultSchema),
  succeeded: z.number().int(),
  failed: z.number().int(),
});
export type TicketBulkResponse = z.infer<typeof ticketBulkResponseSchema>;
