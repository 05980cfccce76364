/**
 * The assignment policies the simulation compares.
 *
 * - `weighted`: RelayDesk's own. It builds the candidates as
 *   `server/src/assignment/service.ts` does (every moderator and admin, presence,
 *   open tickets, resolution history, last assignment) and calls the real
 *   `scoreModerators` with the configured capacity and target resolution time; its
 *   `winner` is the assignee. Offline moderators are candidates too (a lower tier), so
 *   a ticket that no online moderator can take goes to an offline one.
 * - `roundRobin`: Chatwoot's default, Community Edition (app/services/auto_assignment/
 *   inbox_round_robin_service.rb with agent_assignment_service.rb): a rotation over the
 *   inbox members that are online; `Inbox#member_ids_with_assignment_capacity` returns
 *   every member, so capacity is not checked and violations are counted. Nobody
 *   online: the conversation stays unassigned.
 * - `roundRobinCapped`: the same rotation with the Enterprise Edition's
 *   `max_assignment_limit` set to the capacity (members at the limit are left out).
 * - `leastLoaded`: the online moderator with the fewest open tickets below capacity,
 *   least recently assigned on a tie.
 */
import {
  DEFAULT_TARGET_RESOLUTION_HOURS,
  scoreModerators,
  type AssignmentCandidateInput,
} from '../../server/src/assignment/scoreModerators.js';
import { averageResolutionHours } from '../../server/src/users/userModel.js';
import type { ModeratorView, Policy } from './simEngine.js';

/** Wall-clock origin of simulation hour 0 (a Monday), for `lastAssignedAt`. */
const EPOCH_MS = Date.UTC(2026, 0, 5);
const HOUR_MS = 3_600_000;

/** An admin, as the real candidate list has; the scorer uses admins only when no moderator exists. */
const ADMIN: AssignmentCandidateInput = {
  id: 'admin-1',
  name: 'Administrator',
  role: 'admin',
  skills: [],
  activeTickets: 0,
  totalResolved: 0,
  avgResolutionHours: 0,
  lastAssignedAt: null,
  presence: 'online',
};

export interface WeightedPolicyOptions {
  capacity: number;
  /**
   * What-if variants around the same scorer, for the analysis only (the server does neither):
   * - `skillBlind`: the ticket's skills are not passed, so skill match is neutral for everyone
   *   and availability, performance and turns decide: what the skill weight is worth.
   * - `waitForOnline`: only online moderators are candidates; with none eligible the ticket
   *   waits and is offered again when someone comes online or frees capacity, instead of
   *   going to an offline moderator who may be back only days later.
   */
  variant?: 'skillBlind' | 'waitForOnline';
}

const VARIANT_NAMES = { skillBlind: 'weightedSkillBlind', waitForOnline: 'weightedWaitForOnline' } as const;

/** RelayDesk's assignment through the real scorer. */
export function weightedPolicy({ capacity, variant }: WeightedPolicyOptions): Policy {
  return {
    name: variant ? VARIANT_NAMES[variant] : 'weighted',
    choose(ticket, all) {
      const moderators = variant === 'waitForOnline' ? all.filter((m) => m.online) : all;
      if (moderators.length === 0) return null;
      const inputs: AssignmentCandidateInput[] = moderators.map((m) => ({
        id: m.moderator.id,
        name: m.moderator.name,
        role: 'moderator',
        skills: m.moderator.skills,
        activeTickets: m.active,
        totalResolved: m.totalResolved,
        avgResolutionHours: averageResolutionHours(m),
        lastAssignedAt: m.lastAssignedAt === null ? null : new Date(EPOCH_MS + m.lastAssignedAt * HOUR_MS),
        presence: m.online ? 'online' : 'offline',
      }));
      // With only online moderators listed, an admin would look like the last resort
      // whenever nobody is online; the variant leaves admins out.
      if (variant !== 'waitForOnline') inputs.push(ADMIN);
      const { winner } = scoreModerators(variant === 'skillBlind' ? [] : ticket.skills, inputs, {
        capacity,
        targetResolutionHours: DEFAULT_TARGET_RESOLUTION_HOURS,
      });
      if (!winner) return null;
      const chosen = moderators.find((m) => m.moderator.id === winner.moderatorId);
      if (!chosen) throw new Error(`the scorer chose ${winner.moderatorId}, who is not a moderator`);
      return chosen.index;
    },
  };
}

export interface RoundRobinOptions {
  /** Chatwoot Enterprise `max_assignment_limit`; undefined for the Community Edition (no limit). */
  maxAssignmentLimit?: number;
}

/**
 * Chatwoot's inbox rotation: a Redis list of members; the agent chosen is the last of
 * the list (`queue.intersection(allowed).pop`) among the allowed online ones, and is then
 * moved to the head (`lrem` + `lpush`). So the allowed member moved longest ago goes next.
 */
export function roundRobinPolicy({ maxAssignmentLimit }: RoundRobinOptions = {}): Policy {
  let queue: number[] | null = null;
  return {
    name: maxAssignmentLimit === undefined ? 'roundRobin' : 'roundRobinCapped',
    choose(_ticket, moderators) {
      // `reset_queue` fills the list with `lpush(ids)`: the first member ends up at the tail, so goes first.
      queue ??= moderators.map((m) => m.index).reverse();
      const allowed = (m: ModeratorView) =>
        m.online && (maxAssignmentLimit === undefined || m.active < maxAssignmentLimit);
      for (let i = queue.length - 1; i >= 0; i -= 1) {
        const index = queue[i]!;
        if (!allowed(moderators[index]!)) continue;
        queue.splice(i, 1);
        queue.unshift(index);
        return index;
      }
      return null;
    },
  };
}

/** Fewest open tickets among online moderators with room; then least recently assigned, then team order. */
export function leastLoadedPolicy({ capacity }: { capacity: number }): Policy {
  return {
    name: 'leastLoaded',
    choose(_ticket, moderators) {
      let best: ModeratorView | null = null;
      for (const m of moderators) {
        if (!m.online || m.active >= capacity) continue;
        if (
          best === null ||
          m.active < best.active ||
          (m.active === best.active && (m.lastAssignedAt ?? -Infinity) < (best.lastAssignedAt ?? -Infinity))
        ) {
          best = m;
        }
      }
      return best === null ? null : best.index;
    },
  };
}
