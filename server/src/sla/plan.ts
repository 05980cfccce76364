import type { BusinessHours, Priority, SlaTarget, TicketStatus } from '@relaydesk/shared';
import type { TicketSlaFields } from '../tickets/ticketModel.js';
import { addWorkingMinutes, workingMinutesBetween } from './clock.js';

/** The policy as planning needs it. */
export interface SlaRules {
  targets: Record<Priority, SlaTarget>;
  businessHours: BusinessHours | null;
}

/** What planning reads from the ticket itself. */
export interface PlannedTicket {
  createdAt: Date;
  priority: Priority;
}

/** A warning falls due at this share of a target. */
export const WARNING_SHARE = 0.8;

/** The two clocks. */
export type SlaClock = 'firstResponse' | 'resolution';
/** What a clock can pass. */
export type SlaMilestone = 'warning' | 'breach';

/**
 * Computes both clocks from the ticket's creation (and the current resolution
 * clock's start plus its paused minutes) under the given rules: used when a
 * ticket is filed, its priority changes, the policy changes, or a pause ends. A
 * flag stays set only while its moment is still behind `now`; a flag whose moment
 * is now ahead clears, and a timer sets it again (its timeline entry is kept once).
 */
export function planClocks(ticket: PlannedTicket, previous: TicketSlaFields | null, rules: SlaRules, now: Date): TicketSlaFields {
  const target = rules.targets[ticket.priority];
  const hours = rules.businessHours;
  const base: TicketSlaFields = previous ?? {
    firstResponseDueAt: null,
    firstResponseWarnAt: null,
    firstRespondedAt: null,
    resolutionDueAt: null,
    resolutionWarnAt: null,
    resolvedAt: null,
    pausedSince: null,
    resolutionStartedAt: ticket.createdAt,
    pausedMinutes: 0,
    cycle: 0,
    planVersion: 0,
    warned: { firstResponse: false, resolution: false },
    breached: { firstResponse: false, resolution: false },
  };
  const resolutionMinutes = target.resolutionMinutes + base.pausedMinutes;
  const next: TicketSlaFields = {
    ...base,
    firstResponseDueAt: addWorkingMinutes(ticket.createdAt, target.firstResponseMinutes, hours),
    firstResponseWarnAt: addWorkingMinutes(ticket.createdAt, target.firstResponseMinutes * WARNING_SHARE, hours),
    resolutionDueAt: addWorkingMinutes(base.resolutionStartedAt, resolutionMinutes, hours),
    resolutionWarnAt: addWorkingMinutes(base.resolutionStartedAt, resolutionMinutes - target.resolutionMinutes * (1 - WARNING_SHARE), hours),
    planVersion: base.planVersion + 1,
  };
  // A stopped clock keeps the flags it stopped with.
  const passed = (at: Date | null) => at !== null && at.getTime() <= now.getTime();
  if (!next.firstRespondedAt) {
    next.warned = { ...next.warned, firstResponse: base.warned.firstResponse && passed(next.firstResponseWarnAt) };
    next.breached = { ...next.breached, firstResponse: base.breached.firstResponse && passed(next.firstResponseDueAt) };
  }
  if (!next.resolvedAt) {
    next.warned = { ...next.warned, resolution: base.warned.resolution && passed(next.resolutionWarnAt) };
    next.breached = { ...next.breached, resolution: base.breached.resolution && passed(next.resolutionDueAt) };
  }
  return next;
}

/** The first public reply by staff stops the first-response clock (later replies change nothing). */
export function recordFirstResponse(sla: TicketSlaFields, now: Date): TicketSlaFields | null {
  if (sla.firstRespondedAt) return null;
  return { ...sla, firstRespondedAt: now, planVersion: sla.planVersion + 1 };
}

/**
 * The clocks after a status change: `waiting` pauses the resolution clock and
 * leaving it resumes (the paused working time extends the target); completing
 * stops the clocks; reopening starts a new resolution clock from now.
 */
export function clocksAfterStatusChange(
  ticket: PlannedTicket,
  sla: TicketSlaFields,
  change: { from: TicketStatus; to: TicketStatus },
  rules: SlaRules,
  now: Date,
): TicketSlaFields {
  let next: TicketSlaFields = { ...sla };
  if (next.pausedSince && change.to !== 'waiting') {
    next.pausedMinutes += workingMinutesBetween(next.pausedSince, now, rules.businessHours);
    next.pausedSince = null;
  }
  if (change.from === 'completed' && change.to !== 'completed') {
    next = {
      ...next,
      resolvedAt: null,
      resolutionStartedAt: now,
      pausedMinutes: 0,
      cycle: next.cycle + 1,
      warned: { ...next.warned, resolution: false },
      breached: { ...next.breached, resolution: false },
    };
  }
  if (change.to === 'completed') next.resolvedAt = now;
  if (change.to === 'waiting' && !next.pausedSince) next.pausedSince = now;
  return planClocks(ticket, next, rules, now);
}

/** A moment a clock passes, for the timer to wake at. */
export interface SlaMoment {
  clock: SlaClock;
  milestone: SlaMilestone;
  at: Date;
}

/** The moments still ahead for the running clocks (not yet flagged), earliest first; a paused or stopped clock has none. */
export function pendingMoments(sla: TicketSlaFields): SlaMoment[] {
  const moments: SlaMoment[] = [];
  if (!sla.firstRespondedAt) {
    if (!sla.warned.firstResponse && sla.firstResponseWarnAt) moments.push({ clock: 'firstResponse', milestone: 'warning', at: sla.firstResponseWarnAt });
    if (!sla.breached.firstResponse && sla.firstResponseDueAt) moments.push({ clock: 'firstResponse', milestone: 'breach', at: sla.firstResponseDueAt });
  }
  if (!sla.resolvedAt && !sla.pausedSince) {
    if (!sla.warned.resolution && sla.resolutionWarnAt) moments.push({ clock: 'resolution', milestone: 'warning', at: sla.resolutionWarnAt });
    if (!sla.breached.resolution && sla.resolutionDueAt) moments.push({ clock: 'resolution', milestone: 'breach', at: sla.resolutionDueAt });
  }
  return moments.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** A breach implies its warning: a clock found past its target gets both. */
export function passedMoments(sla: TicketSlaFields, now: Date): SlaMoment[] {
  return pendingMoments(sla).filter((m) => m.at.getTime() <= now.getTime());
}

/** The dedupe key of a moment's timeline entry: one per ticket, clock, milestone and resolution cycle. */
export function momentDedupeKey(ticketId: string, sla: TicketSlaFields, moment: Pick<SlaMoment, 'clock' | 'milestone'>): string {
  const cycle = moment.clock === 'resolution' ? sla.cycle : 0;
  return `sla:${ticketId}:${moment.clock}:${moment.milestone}:${cycle}`;
}
