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
  /** The copilot request that produced it; the socket's `copilot_progress`/`copilot_result` carry the same id. */
  requestId: z.string().optional(),
});
export type DraftReplyResponse = z.infer<typeof draftReplyResponseSchema>;

export const askBodySchema = z.strictObject({ question: z.string().trim().min(1).max(1000) });
export type AskBody = z.infer<typeof askBodySchema>;

export const askResponseSchema = z.object({
  answer: z.string(),
  sources: z.array(z.string()),
  /** The copilot request that produced it. */
  requestId: z.string().optional(),
});
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

export const COPILOT_RUN_KINDS = ['draft', 'ask'] as const;
export type CopilotRunKind = (typeof COPILOT_RUN_KINDS)[number];

/** Where a copilot request is: waiting for its workflow, drafting, or finished one way or the other. */
export const COPILOT_STAGES = ['queued', 'drafting', 'done', 'failed'] as const;
export type CopilotStage = (typeof COPILOT_STAGES)[number];

/** One tool call the agent made, as the admin's record shows it. */
export const copilotToolCallSchema = z.object({ name: z.string(), durationMs: z.number() });

/**
 * The record of one copilot request, for admins: what ran, how long, how many tokens,
 * which tools, and why the local engine answered when it did. Never the prompt, the
 * answer, the key or the ticket's text.
 */
export const copilotRunSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: z.enum(COPILOT_RUN_KINDS),
  stage: z.enum(COPILOT_STAGES),
  engine: z.enum(DRAFT_ENGINES).nullable(),
  /** The hosted model asked, or null when none was. */
  model: z.string().nullable(),
  modelCalls: z.number().int(),
  promptTokens: z.number().int(),
  responseTokens: z.number().int(),
  durationMs: z.number().nullable(),
  tools: z.array(copilotToolCallSchema),
  /** Why the hosted model's answer was not used, when it was not. */
  fallbackReason: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type CopilotRun = z.infer<typeof copilotRunSchema>;

export const copilotRunsQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type CopilotRunsQuery = z.infer<typeof copilotRunsQuerySchema>;

export const copilotRunsResponseSchema = z.object({
  items: z.array(copilotRunSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export type CopilotRunsResponse = z.infer<typeof copilotRunsResponseSchema>;
