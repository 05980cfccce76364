import { z } from 'zod';
import { TICKET_STATUSES } from '../enums.js';

/** A solved ticket like the one being read, with the public staff reply that closed it. */
export const similarTicketSchema = z.object({
  ticket: z.object({ id: z.string(), number: z.number().int(), title: z.string(), status: z.enum(TICKET_STATUSES) }),
  /** BM25 score against the ticket's title and description; comparable only within one answer. */
  score: z.number(),
  /** Share (0..1) of the query's term weight (idf) this ticket matches: comparable across queries. */
  coverage: z.number(),
  /** The last public reply by staff before the ticket was completed; empty when staff never replied. */
  resolution: z.string(),
});
export type SimilarTicket = z.infer<typeof similarTicketSchema>;

export const similarTicketsResponseSchema = z.object({ items: z.array(similarTicketSchema) });
export type SimilarTicketsResponse = z.infer<typeof similarTicketsResponseSchema>;

export const DRAFT_ENGINES = ['gemini', 'local'] as const;
export type DraftEngine = (typeof DRAFT_ENGINES)[number];

/** A reply proposed to the moderator, never sent on its own. */
export const draftReplySchema = z.object({
  text: z.string(),
  engine: z.enum(DRAFT_ENGINES),
  /** Ids of the tickets the draft was built from. */
  sources: z.array(z.string()),
  /** What the moderator should know before using it: that it is a suggestion, and where it came from. */
  label: z.string(),
});
export type DraftReply = z.infer<typeof draftReplySchema>;

export const draftReplyResponseSchema = z.object({
  draft: draftReplySchema,
  /** Why the draft is empty, when it is. */
  reason: z.string().optional(),
});
export type DraftReplyResponse = z.infer<typeof draftReplyResponseSchema>;

export const askBodySchema = z.strictObject({ question: z.string().trim().min(1).max(1000) });
export type AskBody = z.infer<typeof askBodySchema>;

export const askResponseSchema = z.object({ answer: z.string(), sources: z.array(z.string()) });
export type AskResponse = z.infer<typeof askResponseSchema>;

/** One of a requester's tickets, as the requester-context panel lists it. */
export const requesterTicketSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: z.enum(TICKET_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});

export const requesterContextResponseSchema = z.object({
  user: z.object({ id: z.string(), name: z.string() }),
  tickets: z.array(requesterTicketSchema),
  counts: z.object({ total: z.number().int(), open: z.number().int(), completed: z.number().int() }),
  /** When the requester last filed or touched a ticket, and how long ago in milliseconds; null with no tickets. */
  lastContactAt: z.string().nullable(),
  sinceLastContactMs: z.number().nullable(),
});
export type RequesterContextResponse = z.infer<typeof requesterContextResponseSchema>;
