import { z } from 'zod';
import { objectIdSchema } from '../schemas/common.js';

/** Names of the background events that drive the ticket workflows. */
export const JOB_EVENTS = {
  ticketCreated: 'ticket/created',
  ticketAssigned: 'ticket/assigned',
  ticketCompleted: 'ticket/completed',
  ticketRetriageRequested: 'ticket/retriage.requested',
  ticketReassignRequested: 'ticket/reassign.requested',
} as const;
export type JobEventName = (typeof JOB_EVENTS)[keyof typeof JOB_EVENTS];

export const ticketCreatedDataSchema = z.object({ ticketId: objectIdSchema });
export const ticketAssignedDataSchema = z.object({
  ticketId: objectIdSchema,
  moderatorId: objectIdSchema,
});
export const ticketCompletedDataSchema = z.object({
  ticketId: objectIdSchema,
  moderatorId: objectIdSchema.nullable(),
  completedAt: z.iso.datetime({ offset: true }),
});

/** Payload type of each background event, by name. */
export interface JobEventPayloads {
  'ticket/created': z.infer<typeof ticketCreatedDataSchema>;
  'ticket/assigned': z.infer<typeof ticketAssignedDataSchema>;
  'ticket/completed': z.infer<typeof ticketCompletedDataSchema>;
  'ticket/retriage.requested': z.infer<typeof ticketCreatedDataSchema>;
  'ticket/reassign.requested': z.infer<typeof ticketCreatedDataSchema>;
}
