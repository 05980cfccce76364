import type { Schema, UpdateQuery } from 'mongoose';
import type { TicketFields, TicketSlaFields } from './ticketModel.js';

type SlaMoments = Pick<TicketSlaFields, 'firstResponseDueAt' | 'firstRespondedAt' | 'resolutionDueAt' | 'resolvedAt' | 'pausedSince'>;

/**
 * The next deadline of a running clock: the first-response target until someone
 * answered, the resolution target unless the clock is paused (waiting on the
 * requester), whichever comes first. Null when no clock runs (resolved, paused with
 * the first response given, or no clocks at all). A passed deadline stays, so an
 * overdue ticket sorts before one merely due.
 */
export function nextSlaDueAt(sla: SlaMoments | null | undefined): Date | null {
  if (!sla || sla.resolvedAt) return null;
  const moments: Date[] = [];
  if (!sla.firstRespondedAt && sla.firstResponseDueAt) moments.push(new Date(sla.firstResponseDueAt));
  if (!sla.pausedSince && sla.resolutionDueAt) moments.push(new Date(sla.resolutionDueAt));
  if (moments.length === 0) return null;
  return new Date(Math.min(...moments.map((d) => d.getTime())));
}

/**
 * Keeps `slaDueAt` in step with `sla` on every write that replaces the clocks,
 * whichever service writes them (filing, status changes, replies, re-plans,
 * priority changes): deriving it in the model rather than in each writer means a
 * new writer cannot forget it. Writes that set only parts of `sla` (the warned and
 * breached flags) do not move a deadline.
 */
export function deriveSlaDueAtOnWrite(schema: Schema<TicketFields>): void {
  schema.pre('save', function () {
    if (this.isNew || this.isModified('sla')) this.slaDueAt = nextSlaDueAt(this.sla);
  });
  schema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function () {
    const update = this.getUpdate() as UpdateQuery<TicketFields> | null;
    if (!update || Array.isArray(update)) return;
    if (update.$set && 'sla' in update.$set) update.$set.slaDueAt = nextSlaDueAt(update.$set.sla as SlaMoments | null);
    else if ('sla' in update) update.slaDueAt = nextSlaDueAt(update.sla as SlaMoments | null);
  });
}
