import { z } from 'zod';

/**
 * What the caller may do, sent with every resource so the client shows a
 * control exactly when the server would allow the action. The rules behind
 * these flags live in the server's policy modules; the client never re-derives them.
 */

export const TICKET_ACTIONS = ['read', 'comment', 'changeStatus', 'retriage', 'reassign', 'correctTriage', 'assign', 'claim', 'release', 'addInternalNote', 'readInternalNotes'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];
export const ticketAbilitiesSchema = z.object({
  read: z.boolean(),
  comment: z.boolean(),
  changeStatus: z.boolean(),
  retriage: z.boolean(),
  reassign: z.boolean(),
  /** Change priority, category or skills by hand. */
  correctTriage: z.boolean(),
  /** Pick the assignee. */
  assign: z.boolean(),
  /** Take an unassigned ticket for oneself. */
  claim: z.boolean(),
  /** Give the ticket back to the unassigned pool. */
  release: z.boolean(),
  /** Leave a note only staff can see. */
  addInternalNote: z.boolean(),
  /** See the staff-only notes in the conversation and timeline. */
  readInternalNotes: z.boolean(),
}) satisfies z.ZodType<Record<TicketAction, boolean>>;
export type TicketAbilities = z.infer<typeof ticketAbilitiesSchema>;

export const USER_ACTIONS = ['read', 'update'] as const;
export type UserAction = (typeof USER_ACTIONS)[number];
export const userAbilitiesSchema = z.object({
  read: z.boolean(),
  update: z.boolean(),
}) satisfies z.ZodType<Record<UserAction, boolean>>;
export type UserAbilities = z.infer<typeof userAbilitiesSchema>;

export const APPLICATION_ACTIONS = ['read', 'decide'] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];
export const applicationAbilitiesSchema = z.object({
  read: z.boolean(),
  decide: z.boolean(),
}) satisfies z.ZodType<Record<ApplicationAction, boolean>>;
export type ApplicationAbilities = z.infer<typeof applicationAbilitiesSchema>;

export const CANNED_REPLY_ACTIONS = ['use', 'update', 'delete'] as const;
export type CannedReplyAction = (typeof CANNED_REPLY_ACTIONS)[number];
export const cannedReplyAbilitiesSchema = z.object({
  use: z.boolean(),
  update: z.boolean(),
  delete: z.boolean(),
}) satisfies z.ZodType<Record<CannedReplyAction, boolean>>;
export type CannedReplyAbilities = z.infer<typeof cannedReplyAbilitiesSchema>;

/** What the signed-in person may do across the product: which areas and lists the client offers. */
export const WORKSPACE_ACTIONS = [
  'fileTicket',
  'applyForModerator',
  'workQueue',
  'listAllTickets',
  'manageUsers',
  'decideApplications',
  'viewStats',
  'viewOutbox',
  'viewPresence',
  'useCannedReplies',
  'manageCannedReplies',
  'useCopilot',
  'viewCopilotRuns',
  'viewSla',
  'manageSla',
  /** Assign, change the status or the priority of many tickets at once. */
  'bulkUpdateTickets',
] as const;
export type WorkspaceAction = (typeof WORKSPACE_ACTIONS)[number];
export const workspaceAbilitiesSchema = z.object(
  Object.fromEntries(WORKSPACE_ACTIONS.map((a) => [a, z.boolean()])) as Record<WorkspaceAction, z.ZodBoolean>,
);
export type WorkspaceAbilities = z.infer<typeof workspaceAbilitiesSchema>;
