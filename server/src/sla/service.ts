import type { SlaPolicy, SlaPolicyBody } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/authorize.js';
import type { DomainEvents } from '../domain/events.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { PresenceService } from '../presence/service.js';
import type { PopulatedComment, PopulatedTicket } from '../tickets/presenter.js';
import { findTicket } from '../tickets/repo.js';
import { ticketLockKey, type TicketService } from '../tickets/service.js';
import { TicketModel, type TicketSlaFields } from '../tickets/ticketModel.js';
import { recordTicketEventOnce } from '../tickets/timeline.js';
import { momentDedupeKey, passedMoments, pendingMoments, planClocks, recordFirstResponse, type SlaMoment } from './plan.js';
import { loadSlaPolicy, loadSlaRules, noteReplanned, saveSlaPolicy } from './policyStore.js';

export interface SlaServiceDeps {
  lock: KeyedLock;
  events: DomainEvents;
  tickets: TicketService;
  presence: Pick<PresenceService, 'getEffectiveStatuses'>;
}

/** What a timer learns when it looks at a ticket: the next moment to wake at, or that it has nothing left to do. */
export type SlaTimerPlan = { kind: 'wake'; at: string } | { kind: 'done' } | { kind: 'superseded' };

/** Moments a check recorded, as plain data (a workflow step's result). */
export interface SlaCheckResult {
  superseded: boolean;
  recorded: Array<{ clock: SlaMoment['clock']; milestone: SlaMoment['milestone'] }>;
}

const POLICY_LOCK = 'sla-policy';

const idOf = (ref: unknown): string | null => {
  if (!ref) return null;
  if (typeof ref === 'object' && '_id' in ref) return String((ref as { _id: unknown })._id);
  return String(ref);
};

/** Service levels: the policy, the clocks' reactions to replies and priority changes, and what timers check. */
export function createSlaService({ lock, events, tickets, presence }: SlaServiceDeps) {
  /** Writes new clocks for a ticket (the caller holds its lock) and announces them, so a timer is planned for them. */
  async function writeClocks(ticketId: string, sla: TicketSlaFields): Promise<PopulatedTicket> {
    await TicketModel.updateOne({ _id: ticketId }, { $set: { sla } });
    const populated = (await tickets.loadPopulated(ticketId))!;
    await events.publish('ticket.updated', { ticket: populated, fields: ['sla'] });
    return populated;
  }

  /** Plans a ticket's clocks again from its creation under the current policy; unchanged moments write nothing. */
  async function replan(ticketId: string): Promise<boolean> {
    const rules = await loadSlaRules();
    return lock.run(ticketLockKey(ticketId), async () => {
      const ticket = await findTicket(ticketId);
      if (!ticket?.sla || ticket.status === 'completed') return false;
      const next = planClocks(ticket, ticket.sla, rules, new Date());
      const same = (['firstResponseDueAt', 'firstResponseWarnAt', 'resolutionDueAt', 'resolutionWarnAt'] as const).every(
        (k) => next[k]?.getTime() === ticket.sla![k]?.getTime(),
      );
      if (same && next.warned.firstResponse === ticket.sla.warned.firstResponse && next.warned.resolution === ticket.sla.warned.resolution) {
        return false;
      }
      await writeClocks(ticketId, next);
      return true;
    });
  }

  return {
    replan,

    /** The policy in force (staff). */
    async getPolicy(actor: Actor): Promise<SlaPolicy> {
      authorize(actor, 'workspace.viewSla', null);
      return loadSlaPolicy();
    },

    /**
     * Changes the policy (admins) and re-plans every open ticket's clocks under it,
     * from that moment on; the change is kept in `sla_policy_changes`.
     */
    async updatePolicy(actor: Actor, body: SlaPolicyBody): Promise<SlaPolicy> {
      authorize(actor, 'workspace.manageSla', null);
      const { after, changeId } = await lock.run(POLICY_LOCK, () => saveSlaPolicy(body, actor.id));
      // Open tickets by status equality (pushed down where the backend can), never one `$ne` scan per status.
      const open = await Promise.all(
        (['todo', 'in_progress', 'waiting'] as const).map((status) => TicketModel.find({ status }).select('_id').lean()),
      );
      let replanned = 0;
      for (const { _id } of open.flat()) if (await replan(String(_id))) replanned += 1;
      await noteReplanned(changeId, replanned);
      return after;
    },

    /**
     * Reacts to a comment: the first public staff reply stops the first-response
     * clock; the requester answering a ticket that waits on them resumes it.
     */
    async onCommentAdded({ ticket, comment }: { ticket: PopulatedTicket; comment: PopulatedComment }): Promise<void> {
      const ticketId = String(ticket._id);
      const authorId = idOf(comment.author);
      const requesterId = idOf(ticket.createdBy);
      if (authorId && authorId === requesterId) {
        if (ticket.status === 'waiting') await tickets.resumeAfterRequesterReply(ticketId, authorId);
        return;
      }
      // A comment marked internal (a note among staff) is not a reply to the requester.
      if ((comment as { internal?: boolean }).internal === true) return;
      const role = typeof comment.author === 'object' && comment.author && 'role' in comment.author ? comment.author.role : null;
      if (role !== 'moderator' && role !== 'admin') return;
      const createdAt = new Date(comment.createdAt);
      await lock.run(ticketLockKey(ticketId), async () => {
        const current = await findTicket(ticketId);
        if (!current?.sla) return;
        const next = recordFirstResponse(current.sla, createdAt);
        if (next) await writeClocks(ticketId, next);
      });
    },

    /**
     * After a breach: when the assignee is offline or on do-not-disturb, asks for
     * the ticket to be assigned again (the same request an admin makes). Returns
     * whether it asked.
     */
    async escalateBreach(ticketId: string): Promise<{ reassignRequested: boolean; assigneeStatus: string | null }> {
      const ticket = await findTicket(ticketId);
      if (!ticket?.assignedTo || ticket.status === 'completed') return { reassignRequested: false, assigneeStatus: null };
      const assigneeId = String(ticket.assignedTo);
      const status = (await presence.getEffectiveStatuses([assigneeId])).get(assigneeId) ?? 'offline';
      if (status === 'online') return { reassignRequested: false, assigneeStatus: status };
      await events.publish('ticket.reassign_requested', { ticketId, actorId: null });
      return { reassignRequested: true, assigneeStatus: status };
    },

    /** What a ticket's timer should do next for the plan it was started for. */
    async planTimer(ticketId: string, planVersion: number): Promise<SlaTimerPlan> {
      const ticket = await findTicket(ticketId);
      if (!ticket?.sla) return { kind: 'done' };
      if (ticket.sla.planVersion !== planVersion) return { kind: 'superseded' };
      const [next] = pendingMoments(ticket.sla);
      return next ? { kind: 'wake', at: next.at.toISOString() } : { kind: 'done' };
    },

    /**
     * Flags the moments a ticket's clocks have passed and records each on the
     * timeline once (keyed by ticket, clock, milestone and resolution cycle),
     * however many timers look. A timer for an older plan changes nothing.
     */
    async checkClocks(ticketId: string, planVersion: number): Promise<SlaCheckResult> {
      const outcome = await lock.run(ticketLockKey(ticketId), async () => {
        const ticket = await findTicket(ticketId);
        if (!ticket?.sla || ticket.sla.planVersion !== planVersion) return null;
        const sla = ticket.sla;
        const passed = passedMoments(sla, new Date());
        if (passed.length === 0) return { sla, passed };
        const warned = { ...sla.warned };
        const breached = { ...sla.breached };
        for (const m of passed) (m.milestone === 'warning' ? warned : breached)[m.clock] = true;
        // The plan version stays: the same timer carries on to the next moment.
        await TicketModel.updateOne({ _id: ticketId }, { $set: { 'sla.warned': warned, 'sla.breached': breached } });
        return { sla, passed };
      });
      if (!outcome) return { superseded: true, recorded: [] };
      const recorded: SlaCheckResult['recorded'] = [];
      for (const m of outcome.passed) {
        const dueAt = (m.clock === 'firstResponse' ? outcome.sla.firstResponseDueAt : outcome.sla.resolutionDueAt) ?? m.at;
        const isNew = await recordTicketEventOnce(
          {
            ticketId,
            type: m.milestone === 'warning' ? 'sla_warning' : 'sla_breached',
            data: { clock: m.clock, dueAt: dueAt.toISOString() },
            dedupeKey: momentDedupeKey(ticketId, outcome.sla, m),
          },
          lock,
        );
        if (isNew) recorded.push({ clock: m.clock, milestone: m.milestone });
      }
      if (outcome.passed.length > 0) {
        const populated = await tickets.loadPopulated(ticketId);
        if (populated) {
          await events.publish('ticket.updated', { ticket: populated, fields: ['sla'] });
          for (const m of recorded) await events.publish('ticket.sla_alert', { ticket: populated, clock: m.clock, milestone: m.milestone });
        }
      }
      return { superseded: false, recorded };
    },
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
