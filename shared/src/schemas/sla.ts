import { z } from 'zod';
import { PRIORITIES } from '../enums.js';
import { isoDateSchema } from './common.js';

/** Minutes may be fractions (a few seconds in tests); at most a year. */
const minutesSchema = z.number().positive('must be more than zero').max(525_600, 'must be at most a year of minutes');

/** How long a ticket of one priority may wait for its first public staff reply and for its resolution. */
export const slaTargetSchema = z.strictObject({
  firstResponseMinutes: minutesSchema,
  resolutionMinutes: minutesSchema,
});
export type SlaTarget = z.infer<typeof slaTargetSchema>;

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be 'HH:MM'");

/** When the clocks run: the given ISO weekdays (1 = Monday) from `opensAt` to `closesAt` in `timeZone`. */
export const businessHoursSchema = z
  .strictObject({
    timeZone: z.string().refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1, 'give at least one weekday')
      .refine((days) => new Set(days).size === days.length, 'must not repeat a weekday'),
    opensAt: clockTimeSchema,
    closesAt: clockTimeSchema,
  })
  .refine((b) => b.opensAt < b.closesAt, { message: 'closesAt must be after opensAt', path: ['closesAt'] });
export type BusinessHours = z.infer<typeof businessHoursSchema>;

/** The whole service-level policy: a target per priority and, optionally, business hours (else around the clock). */
export const slaPolicySchema = z.object({
  targets: z.object({
    urgent: slaTargetSchema,
    high: slaTargetSchema,
    medium: slaTargetSchema,
    low: slaTargetSchema,
  }),
  businessHours: businessHoursSchema.nullable(),
  updatedAt: isoDateSchema.nullable(),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

/** `PUT /api/sla`: a missing priority keeps its target; `businessHours: null` means around the clock. */
export const slaPolicyBodySchema = z.strictObject({
  targets: z.strictObject(Object.fromEntries(PRIORITIES.map((p) => [p, slaTargetSchema.optional()])) as Record<
    (typeof PRIORITIES)[number],
    z.ZodOptional<typeof slaTargetSchema>
  >),
  businessHours: businessHoursSchema.nullable().optional(),
});
export type SlaPolicyBody = z.infer<typeof slaPolicyBodySchema>;

/** The two clocks on a ticket, as its JSON carries them. */
export const ticketSlaSchema = z.object({
  firstResponseDueAt: isoDateSchema.nullable(),
  firstRespondedAt: isoDateSchema.nullable(),
  resolutionDueAt: isoDateSchema.nullable(),
  resolvedAt: isoDateSchema.nullable(),
  /** Set while the ticket waits on its requester: the resolution clock is stopped. */
  pausedSince: isoDateSchema.nullable(),
  warned: z.object({ firstResponse: z.boolean(), resolution: z.boolean() }),
  breached: z.object({ firstResponse: z.boolean(), resolution: z.boolean() }),
});
export type TicketSla = z.infer<typeof ticketSlaSchema>;

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
