import { z } from 'zod';
import { objectIdSchema } from '../schemas/common.js';

/** Names of the background events that drive the ticket workflows. */
export const WORKFLOW_EVENTS = {
  ticketCreated: 'ticket/created',
  /** Internal: triage finished (or gave up), so the ticket can be assigned. */
  ticketTriaged: 'ticket/triaged',
  ticketAssigned: 'ticket/assigned',
  ticketCompleted: 'ticket/completed',
  ticketRetriageRequested: 'ticket/retriage.requested',
  ticketReassignRequested: 'ticket/reassign.requested',
  /** The ticket's SLA clocks were planned again; `planVersion` tells a newer plan from an older one. */
  ticketSlaPlanned: 'ticket/sla.planned',
  /** Recount the dashboard counters at `at`; each run schedules the next. */
  statsReconcileScheduled: 'stats/reconcile.scheduled',
  /** Something the requester should hear about (a public staff reply, a status change) was queued for their e-mail. */
  ticketRequesterUpdated: 'ticket/requester.updated',
  userSignedUp: 'user/signed-up',
  modRequestDecided: 'mod-request/decided',
  /** A staff member asked the copilot for a drafted reply; `requestId` names the run record and the socket messages. */
  copilotDraftRequested: 'copilot/draft.requested',
  /** A staff member asked the copilot a question about a ticket. */
  copilotAskRequested: 'copilot/ask.requested',
} as const;
export type WorkflowEventName = (typeof WORKFLOW_EVENTS)[keyof typeof WORKFLOW_EVENTS];

/** Payload schemas of the background events; see `JOB_EVENT_SCHEMAS`. */
export const ticketCreatedDataSchema = z.object({ ticketId: objectIdSchema });
export const ticketTriagedDataSchema = z.object({ ticketId: objectIdSchema });
export const ticketAssignedDataSchema = z.object({
  ticketId: objectIdSchema,
  moderatorId: objectIdSchema,
});
export const ticketCompletedDataSchema = z.object({
  ticketId: objectIdSchema,
  moderatorId: objectIdSchema.nullable(),
  completedAt: z.iso.datetime({ offset: true }),
});
export const ticketWorkflowRequestDataSchema = z.object({
  ticketId: objectIdSchema,
  /** The admin who asked; null when the system did (an SLA breach while the assignee is away). */
  requestedBy: objectIdSchema.nullable(),
});
export const ticketSlaPlannedDataSchema = z.object({ ticketId: objectIdSchema, planVersion: z.number().int().nonnegative() });
export const statsReconcileScheduledDataSchema = z.object({ at: z.iso.datetime({ offset: true }) });
export const ticketRequesterUpdatedDataSchema = z.object({ ticketId: objectIdSchema });
export const userSignedUpDataSchema = z.object({ userId: objectIdSchema });
export const modRequestDecidedDataSchema = z.object({
  applicationId: objectIdSchema,
  userId: objectIdSchema,
  status: z.enum(['approved', 'rejected']),
});

/** A copilot request: who asked, about which ticket; `requestId` is chosen by the server and makes sending idempotent. */
export const copilotRequestDataSchema = z.object({
  requestId: z.uuid(),
  ticketId: objectIdSchema,
  actorId: objectIdSchema,
});
export const copilotAskRequestDataSchema = copilotRequestDataSchema.extend({ question: z.string().trim().min(1).max(1000) });

/** The schema of each background event's payload, by name; workflows parse their input with it. */
export const JOB_EVENT_SCHEMAS = {
  'ticket/created': ticketCreatedDataSchema,
  'ticket/triaged': ticketTriagedDataSchema,
  'ticket/assigned': ticketAssignedDataSchema,
  'ticket/completed': ticketCompletedDataSchema,
  'ticket/retriage.requested': ticketWorkflowRequestDataSchema,
  'ticket/reassign.requested': ticketWorkflowRequestDataSchema,
  'ticket/sla.planned': ticketSlaPlannedDataSchema,
  'stats/reconcile.scheduled': statsReconcileScheduledDataSchema,
  'ticket/requester.updated': ticketRequesterUpdatedDataSchema,
  'user/signed-up': userSignedUpDataSchema,
  'mod-request/decided': modRequestDecidedDataSchema,
  'copilot/draft.requested': copilotRequestDataSchema,
  'copilot/ask.requested': copilotAskRequestDataSchema,
} as const satisfies Record<WorkflowEventName, z.ZodType>;

/** Payload type of each background event, by name. */
export type WorkflowEventPayloads = {
  [K in WorkflowEventName]: z.infer<(typeof JOB_EVENT_SCHEMAS)[K]>;
};
