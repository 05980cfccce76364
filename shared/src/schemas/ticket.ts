import { z } from 'zod';
import { PRIORITIES, TICKET_EVENT_TYPES, TICKET_STATUSES } from '../enums.js';
import { isoDateSchema, objectIdSchema, paginationQuerySchema, skillListSchema, textSchema } from './common.js';
import { TRIAGE_CATEGORIES } from './triage.js';
import { ticketAbilitiesSchema } from './abilities.js';
import { userRefSchema } from './user.js';
import { ticketSlaSchema } from './sla.js';
import { ticketSlaViewSchema, ticketSortSchema, waitingOnSchema } from './queue.js';

export const ticketStatusSchema = z.enum(TICKET_STATUSES);
export const prioritySchema = z.enum(PRIORITIES);

export const TICKET_TITLE_MAX = 200;
export const TICKET_DESCRIPTION_MAX = 10_000;

export const ticketCreateBodySchema = z.strictObject({
  title: textSchema()
    .trim()
    .min(3, 'must be at least 3 characters')
    .max(TICKET_TITLE_MAX, `must be at most ${TICKET_TITLE_MAX} characters`),
  description: textSchema()
    .trim()
    .min(1, 'must not be empty')
    .max(TICKET_DESCRIPTION_MAX, `must be at most ${TICKET_DESCRIPTION_MAX} characters`),
});
export type TicketCreateBody = z.infer<typeof ticketCreateBodySchema>;

/** Whose tickets a staff list shows: the caller's, nobody's (the pool), or one person's by id. */
export const assigneeFilterSchema = z.union([z.enum(['me', 'unassigned']), objectIdSchema], {
  error: "must be 'me', 'unassigned' or a user id",
});
export type AssigneeFilter = z.infer<typeof assigneeFilterSchema>;

/**
 * One value or several: `status=todo,waiting` or `status=todo&status=waiting`, as a
 * bookmarkable URL carries them. Repeats collapse; an empty list is no filter.
 */
function oneOrSeveral<T extends z.ZodType<string>>(item: T, max: number) {
  return z.preprocess(
    (value) => {
      if (value === undefined) return undefined;
      const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
      const cleaned = parts.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '');
      return cleaned.length === 0 ? undefined : [...new Set(cleaned)];
    },
    z.array(item).max(max, `give at most ${max} values`).optional(),
  );
}

export const ticketListQuerySchema = paginationQuerySchema.extend({
  /** One or several statuses. */
  status: oneOrSeveral(ticketStatusSchema, TICKET_STATUSES.length),
  /** One or several priorities. */
  priority: oneOrSeveral(prioritySchema, PRIORITIES.length),
  assignee: assigneeFilterSchema.optional(),
  /** Staff: tickets filed by this person. */
  requester: objectIdSchema.optional(),
  /** Staff: the service-level views. */
  sla: ticketSlaViewSchema.optional(),
  sort: ticketSortSchema.default('newest'),
  q: textSchema().trim().max(100, 'must be at most 100 characters').optional(),
});
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;

/**
 * The ticket number a search text or path segment names (`1042` or `#1042`), or null
 * when it is anything else.
 */
export function parseTicketNumber(text: string): number | null {
  const match = /^#?(\d{1,9})$/.exec(text.trim());
  if (!match) return null;
  const number = Number(match[1]);
  return number > 0 ? number : null;
}

/** `GET /api/tickets/by-number/:number`. */
export const ticketNumberParamsSchema = z.strictObject({
  number: z.string().transform((value, ctx) => {
    const number = parseTicketNumber(value);
    if (number === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a ticket number such as 1042' });
      return z.NEVER;
    }
    return number;
  }),
});

export const ticketStatusBodySchema = z.strictObject({ status: ticketStatusSchema });
export type TicketStatusBody = z.infer<typeof ticketStatusBodySchema>;

/** `PATCH /api/tickets/:id/triage`: a person corrects what triage decided. */
export const triageCorrectionBodySchema = z
  .strictObject({
    priority: prioritySchema.optional(),
    category: z.enum(TRIAGE_CATEGORIES).optional(),
    relatedSkills: skillListSchema.optional(),
  })
  .refine((b) => b.priority !== undefined || b.category !== undefined || b.relatedSkills !== undefined, {
    message: 'give at least one of priority, category or relatedSkills',
  });
export type TriageCorrectionBody = z.infer<typeof triageCorrectionBodySchema>;

/** `POST /api/tickets/:id/assign`: an admin picks the assignee; `force` assigns past capacity. */
export const ticketAssignBodySchema = z.strictObject({
  moderatorId: objectIdSchema,
  force: z.boolean().optional(),
});
export type TicketAssignBody = z.infer<typeof ticketAssignBodySchema>;

/** One moderator's score, kept on the ticket so a person can see why it was assigned. */
export const assignmentCandidateSchema = z.object({
  moderatorId: objectIdSchema,
  name: z.string(),
  score: z.number(),
  skillMatch: z.number(),
  availability: z.number(),
  performance: z.number(),
  presence: z.string(),
  /** Where they stood and why (tier, capacity, admin fallback, turn-taking, exclusion); absent on older tickets. */
  standing: z.string().optional(),
});
export type AssignmentCandidate = z.infer<typeof assignmentCandidateSchema>;

/** `GET /api/tickets/:id/candidates`: everyone who could take the ticket now, best first, with why. */
export const assignmentCandidatesResponseSchema = z.object({
  items: z.array(
    assignmentCandidateSchema.extend({
      role: z.enum(['moderator', 'admin']),
      eligible: z.boolean(),
      activeTickets: z.number().int(),
      capacity: z.number().int(),
      standing: z.string(),
    }),
  ),
  /** Who scoring would choose now, and the sentence explaining it. */
  recommended: objectIdSchema.nullable(),
  reason: z.string(),
});
export type AssignmentCandidatesResponse = z.infer<typeof assignmentCandidatesResponseSchema>;

export const assignmentSchema = z.object({
  moderatorId: objectIdSchema,
  score: z.number(),
  skillMatch: z.number(),
  availability: z.number(),
  performance: z.number(),
  candidates: z.array(assignmentCandidateSchema),
  reason: z.string(),
  assignedAt: isoDateSchema,
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const ticketSchema = z.object({
  id: objectIdSchema,
  /** The ticket's human number, shown as `#1042`: its place in the order tickets were filed. */
  number: z.number().int().positive(),
  title: z.string(),
  description: z.string(),
  status: ticketStatusSchema,
  priority: prioritySchema,
  createdBy: userRefSchema,
  assignedTo: userRefSchema.nullable(),
  /** Staff-only, like helpfulNotes, category, triageConfidence and assignment: null for the person who filed it. */
  relatedSkills: z.array(z.string()).nullable(),
  helpfulNotes: z.string().nullable(),
  summary: z.string(),
  category: z.string().nullable(),
  triagedBy: z.string().nullable(),
  /** How sure the engine was of the priority, 0..1; null before triage, after a person corrected it, or for non-staff. */
  triageConfidence: z.number().min(0).max(1).nullable(),
  /** Who was chosen and how every candidate scored; null before assignment or for non-staff. */
  assignment: assignmentSchema.nullable(),
  /** Public comments only: staff-only notes are never counted here. */
  commentCount: z.number().int(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  completedAt: isoDateSchema.nullable(),
  /** The service-level clocks; null on tickets filed before service levels existed. */
  sla: ticketSlaSchema.nullable(),
  /** Whose turn it is: staff owe an answer, or the requester does; null when completed or filed before this was kept. */
  waitingOn: waitingOnSchema.nullable(),
  /** Since when `waitingOn` has been so. */
  waitingSince: isoDateSchema.nullable(),
  /** The last activity (comment, status change) the caller may see; drives `unread`. */
  activityAt: isoDateSchema.nullable(),
  /** What the caller may do to this ticket. */
  abilities: ticketAbilitiesSchema,
});
export type Ticket = z.infer<typeof ticketSchema>;

/** A ticket in a list: with `unread`, whether it has activity from others the caller has not opened yet. */
export const ticketListItemSchema = ticketSchema.extend({ unread: z.boolean() });
export type TicketListItem = z.infer<typeof ticketListItemSchema>;

export const ticketEventTypeSchema = z.enum(TICKET_EVENT_TYPES);

/** One entry of a ticket's append-only audit timeline. */
export const ticketEventSchema = z.object({
  id: objectIdSchema,
  ticketId: objectIdSchema,
  type: ticketEventTypeSchema,
  actor: userRefSchema.nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: isoDateSchema,
});
export type TicketEvent = z.infer<typeof ticketEventSchema>;

export const ticketDetailSchema = ticketSchema.extend({
  timeline: z.array(ticketEventSchema),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;
