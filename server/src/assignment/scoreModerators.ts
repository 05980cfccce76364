/**
 * Ranking of moderators for a new ticket:
 *
 *   score = 0.5·skillMatch + 0.3·availability + 0.2·performance
 *
 * Presence is not part of the score but a sort key before it: every eligible `online`
 * moderator ranks above every `dnd` or `offline` one. Among the top presence tier, everyone
 * scoring within `tieMargin` of the best is treated as equally good and the one assigned
 * least recently takes the ticket, so equal moderators take turns.
 */
import { explainSkillMatch, computeSkillMatch } from './skillMatch.js';

/** Weight of each factor in the score; they sum to 1 so a perfect candidate scores 1. */
export const SCORE_WEIGHTS = { skillMatch: 0.5, availability: 0.3, performance: 0.2 } as const;

/** Active tickets a moderator may hold before receiving no more. */
export const DEFAULT_CAPACITY = 10;
/** The resolution time a moderator is measured against; at exactly this average, performance is 0.5. */
export const DEFAULT_TARGET_RESOLUTION_HOURS = 24;
/** Relative score gap within which candidates count as equal and take turns. */
export const DEFAULT_TIE_MARGIN = 0.05;
/** Performance of a moderator who has not resolved anything yet. */
export const NEUTRAL_PERFORMANCE = 0.5;

// Scores are compared after rounding, so this only absorbs float error in `best × (1 − margin)`.
const SCORE_EPSILON = 1e-9;

/** What a person shows to others; only `online` counts as present for assignment. */
export type Presence = 'online' | 'dnd' | 'offline';

/** One possible assignee with the figures the score needs. */
export interface AssignmentCandidateInput {
  id: string;
  name: string;
  role: 'moderator' | 'admin';
  skills: string[];
  /** Tickets assigned to them that are not completed. */
  activeTickets: number;
  totalResolved: number;
  avgResolutionHours: number;
  /** When they last received a ticket; null if never. */
  lastAssignedAt: Date | null;
  presence: Presence;
  /** Set when this person must not get this ticket (they gave it back, say): the reason shown. */
  excludedReason?: string;
}

/** Tuning of the ranking; every field falls back to its `DEFAULT_*` constant. */
export interface ScoreModeratorsOptions {
  /** Whole number ≥ 1. */
  capacity?: number;
  /** Hours, > 0. */
  targetResolutionHours?: number;
  /** Fraction in [0, 1); 0.05 means "within 5% of the best". */
  tieMargin?: number;
}

/** A candidate with its score and the factors behind it, each rounded to 4 decimals. */
export interface ScoredCandidate {
  moderatorId: string;
  name: string;
  score: number;
  skillMatch: number;
  availability: number;
  performance: number;
  presence: Presence;
  eligible: boolean;
  /** Why the candidate could not be chosen; present only when `eligible` is false. */
  ineligibleReason?: string;
}

/** Where one candidate stands and why, for the panel that explains an assignment. */
export interface CandidateStanding {
  /** Open tickets they hold, as capacity counts them. */
  activeTickets: number;
  /**
   * A sentence a person reads beside the score: the winner's "Chosen", or what put
   * them below it (presence tier, capacity, admin fallback, turn-taking, exclusion,
   * a lower score). A higher score than the winner's never appears without the
   * reason it did not win.
   */
  standing: string;
}

/** The outcome of ranking: everyone in order, the chosen one, and why. */
export interface ModeratorRanking {
  /** Every candidate: the winner first, then other eligible ones, then ineligible ones. */
  ranked: ScoredCandidate[];
  winner: ScoredCandidate | null;
  /** A sentence a person can read on the ticket explaining the choice or why there is none. */
  reason: string;
}

/** A ranking with every candidate's standing, by moderator id: what the assignment panel shows. */
export interface ExplainedRanking extends ModeratorRanking {
  standings: Record<string, CandidateStanding>;
}

/**
 * Availability from open workload: `max(0, 1 − active / capacity)`. Negative or
 * non-numeric counts are read as 0.
 */
export function computeAvailability(activeTickets: number, capacity: number = DEFAULT_CAPACITY): number {
  const active = sanitiseCount(activeTickets);
  return Math.max(0, 1 - active / capacity);
}

/**
 * Performance from resolution speed: `target / (target + avgHours)`. Smooth and strictly
 * decreasing in the average; 1 for instant resolution, 0.5 at the target, 1/3 at twice the
 * target, never reaching 0 so one slow stretch is not fatal. A moderator with no history
 * (nothing resolved, or an average that is not a non-negative number) gets 0.5.
 */
export function computePerformance(
  totalResolved: number,
  avgResolutionHours: number,
  targetResolutionHours: number = DEFAULT_TARGET_RESOLUTION_HOURS,
): number {
  if (!hasResolutionHistory(totalResolved, avgResolutionHours)) return NEUTRAL_PERFORMANCE;
  return targetResolutionHours / (targetResolutionHours + avgResolutionHours);
}

function hasResolutionHistory(totalResolved: number, avgResolutionHours: number): boolean {
  return sanitiseCount(totalResolved) > 0 && Number.isFinite(avgResolutionHours) && avgResolutionHours >= 0;
}

/**
 * Ranks candidates for a ticket with the given `relatedSkills` and picks the assignee.
 *
 * Rules, in order:
 * - Admins are considered only when no candidate has the role `moderator` at all; if
 *   moderators exist but are all at capacity, nobody is chosen.
 * - A candidate with `activeTickets >= capacity` is not eligible.
 * - Eligible `online` candidates rank above eligible `dnd`/`offline` ones regardless of score.
 * - Within the top presence tier, candidates with `score >= best × (1 − tieMargin)` are
 *   ordered by `lastAssignedAt` (never assigned first, then oldest), then score, then id.
 * - Everything else is ordered by score, then id, so the result does not depend on input order.
 *
 * Malformed figures are read defensively: negative or non-numeric counts become 0, an
 * unusable average means "no history", an invalid date means "never assigned", an unknown
 * presence means `offline`, and an unknown role makes the candidate ineligible.
 * Runs in O(n log n) for n candidates. Throws RangeError for invalid options.
 */
export function scoreModerators(
  ticketSkills: readonly string[],
  candidates: readonly AssignmentCandidateInput[],
  options: ScoreModeratorsOptions = {},
): ModeratorRanking {
  const { ranked, winner, reason } = rankAndExplain(ticketSkills, candidates, options);
  return { ranked, winner, reason };
}

/** `scoreModerators` plus why each candidate stands where it does. */
export function rankAndExplain(
  ticketSkills: readonly string[],
  candidates: readonly AssignmentCandidateInput[],
  options: ScoreModeratorsOptions = {},
): ExplainedRanking {
  const settings = resolveOptions(options);
  const skills = Array.isArray(ticketSkills) ? ticketSkills.filter((s): s is string => typeof s === 'string') : [];
  const inputs = Array.isArray(candidates) ? candidates.filter((c) => typeof c === 'object' && c !== null) : [];
  const hasModerator = inputs.some((c) => c.role === 'moderator');

  const entries = inputs.map((input) => scoreCandidate(input, skills, hasModerator, settings));
  entries.sort(compareByRank);

  const eligibleCount = countLeading(entries, (e) => e.scored.eligible);
  if (eligibleCount === 0) {
    const standings = Object.fromEntries(
      entries.map((e) => [e.scored.moderatorId, { activeTickets: e.activeTickets, standing: `Not eligible: ${e.scored.ineligibleReason ?? 'unknown'}` }]),
    );
    return { ranked: entries.map((e) => e.scored), winner: null, reason: noWinnerReason(inputs, hasModerator, settings), standings };
  }

  const first = entries[0] as RankEntry;
  const best = first.scored.score;
  const cutoff = best * (1 - settings.tieMargin) - SCORE_EPSILON;
  const tieCount = countLeading(
    entries,
    (e) => e.scored.eligible && e.tier === first.tier && e.scored.score >= cutoff,
  );
  const tieGroup = entries.slice(0, tieCount).sort(compareByTurn);
  const ordered = [...tieGroup, ...entries.slice(tieCount)];
  const winner = tieGroup[0] as RankEntry;
  const tied = new Set(tieGroup);
  const standings = Object.fromEntries(
    ordered.map((e) => [e.scored.moderatorId, { activeTickets: e.activeTickets, standing: describeStanding(e, winner, tied, settings) }]),
  );

  const reason = winnerReason({
    winner,
    topScorer: first,
    tieGroupSize: tieCount,
    eligible: entries.slice(0, eligibleCount),
    ticketSkills: skills,
    adminFallback: !hasModerator,
    settings,
  });
  return { ranked: ordered.map((e) => e.scored), winner: winner.scored, reason, standings };
}

interface ResolvedOptions {
  capacity: number;
  targetResolutionHours: number;
  tieMargin: number;
}

/** Internal ranking record: the public result plus the sort keys that are not part of it. */
interface RankEntry {
  scored: ScoredCandidate;
  /** 0 for online, 1 for dnd/offline. */
  tier: 0 | 1;
  /** Milliseconds since epoch; null = never assigned. */
  lastAssignedMs: number | null;
  input: AssignmentCandidateInput;
  activeTickets: number;
  hasHistory: boolean;
}

function resolveOptions(options: ScoreModeratorsOptions): ResolvedOptions {
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  const targetResolutionHours = options.targetResolutionHours ?? DEFAULT_TARGET_RESOLUTION_HOURS;
  const tieMargin = options.tieMargin ?? DEFAULT_TIE_MARGIN;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`capacity must be a whole number of at least 1, got ${String(capacity)}`);
  }
  if (!Number.isFinite(targetResolutionHours) || targetResolutionHours <= 0) {
    throw new RangeError(`targetResolutionHours must be a positive number, got ${String(targetResolutionHours)}`);
  }
  if (!Number.isFinite(tieMargin) || tieMargin < 0 || tieMargin >= 1) {
    throw new RangeError(`tieMargin must be at least 0 and below 1, got ${String(tieMargin)}`);
  }
  return { capacity, targetResolutionHours, tieMargin };
}

function sanitiseCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

function sanitiseDate(value: unknown): number | null {
  if (value instanceof Date || typeof value === 'string' || typeof value === 'number') {
    const ms = new Date(value).getTime();
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

function sanitisePresence(value: unknown): Presence {
  return value === 'online' || value === 'dnd' ? value : 'offline';
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function scoreCandidate(
  input: AssignmentCandidateInput,
  ticketSkills: readonly string[],
  hasModerator: boolean,
  settings: ResolvedOptions,
): RankEntry {
  const activeTickets = sanitiseCount(input.activeTickets);
  const presence = sanitisePresence(input.presence);
  const moderatorSkills = Array.isArray(input.skills) ? input.skills : [];
  const skillMatch = computeSkillMatch(ticketSkills, moderatorSkills);
  const availability = computeAvailability(activeTickets, settings.capacity);
  const performance = computePerformance(input.totalResolved, input.avgResolutionHours, settings.targetResolutionHours);
  const score =
    SCORE_WEIGHTS.skillMatch * skillMatch +
    SCORE_WEIGHTS.availability * availability +
    SCORE_WEIGHTS.performance * performance;

  let ineligibleReason: string | undefined;
  if (input.role !== 'moderator' && input.role !== 'admin') {
    ineligibleReason = 'not a moderator or admin';
  } else if (typeof input.excludedReason === 'string' && input.excludedReason) {
    ineligibleReason = input.excludedReason;
  } else if (input.role === 'admin' && hasModerator) {
    ineligibleReason = 'admins are assigned only when no moderator exists';
  } else if (activeTickets >= settings.capacity) {
    ineligibleReason = `at capacity (${activeTickets}/${settings.capacity} active tickets)`;
  }

  const scored: ScoredCandidate = {
    moderatorId: typeof input.id === 'string' ? input.id : String(input.id ?? ''),
    name: typeof input.name === 'string' ? input.name : '',
    score: round4(score),
    skillMatch: round4(skillMatch),
    availability: round4(availability),
    performance: round4(performance),
    presence,
    eligible: ineligibleReason === undefined,
  };
  if (ineligibleReason !== undefined) scored.ineligibleReason = ineligibleReason;

  return {
    scored,
    tier: presence === 'online' ? 0 : 1,
    lastAssignedMs: sanitiseDate(input.lastAssignedAt),
    input,
    activeTickets,
    hasHistory: hasResolutionHistory(input.totalResolved, input.avgResolutionHours),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIdentity(a: RankEntry, b: RankEntry): number {
  return compareText(a.scored.moderatorId, b.scored.moderatorId) || compareText(a.scored.name, b.scored.name);
}

/** Eligible first, then presence tier, then score (high first), then id. */
function compareByRank(a: RankEntry, b: RankEntry): number {
  if (a.scored.eligible !== b.scored.eligible) return a.scored.eligible ? -1 : 1;
  return a.tier - b.tier || b.scored.score - a.scored.score || compareIdentity(a, b);
}

/** Never assigned first, then longest since assignment, then score (high first), then id. */
function compareByTurn(a: RankEntry, b: RankEntry): number {
  if (a.lastAssignedMs !== b.lastAssignedMs) {
    if (a.lastAssignedMs === null) return -1;
    if (b.lastAssignedMs === null) return 1;
    return a.lastAssignedMs - b.lastAssignedMs;
  }
  return b.scored.score - a.scored.score || compareIdentity(a, b);
}

function countLeading<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  let count = 0;
  while (count < items.length && predicate(items[count] as T)) count += 1;
  return count;
}

const TIER_NAMES = { online: 'online', dnd: 'on do-not-disturb', offline: 'offline' } as const;

/** Why a candidate stands where it does relative to the winner. */
function describeStanding(entry: RankEntry, winner: RankEntry, tieGroup: ReadonlySet<RankEntry>, settings: ResolvedOptions): string {
  const { scored } = entry;
  const load = `${entry.activeTickets}/${settings.capacity} active`;
  if (entry === winner) {
    const away = entry.tier === 1 ? '; nobody eligible was online' : '';
    const fallback = entry.input.role === 'admin' ? '; an admin, chosen only because no moderator exists' : '';
    return `Chosen: ${TIER_NAMES[scored.presence]}, ${load}${away}${fallback}`;
  }
  if (!scored.eligible) return `Not eligible: ${scored.ineligibleReason ?? 'unknown'}`;
  if (entry.tier > winner.tier) {
    return `${TIER_NAMES[scored.presence][0]!.toUpperCase()}${TIER_NAMES[scored.presence].slice(1)}: everyone eligible who is online ranks first (${load})`;
  }
  if (tieGroup.has(entry)) {
    return `Scored within ${formatPercent(settings.tieMargin)} of the best; ${displayName(winner)} was next in turn (assigned less recently) (${load})`;
  }
  return `Lower score than ${displayName(winner)} (${scored.score.toFixed(2)} against ${winner.scored.score.toFixed(2)}; ${load})`;
}

function displayName(entry: RankEntry): string {
  return entry.scored.name || entry.scored.moderatorId;
}

function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 10_000) / 100}%`;
}

function noWinnerReason(
  inputs: readonly AssignmentCandidateInput[],
  hasModerator: boolean,
  settings: ResolvedOptions,
): string {
  if (hasModerator) {
    return `All moderators are at capacity (${settings.capacity} active tickets or more); no one was assigned`;
  }
  if (inputs.some((c) => c.role === 'admin')) {
    return `No moderator exists and all admins are at capacity (${settings.capacity} active tickets or more); no one was assigned`;
  }
  return 'No moderator or admin exists to assign the ticket to';
}

interface WinnerReasonInput {
  winner: RankEntry;
  /** The highest-ranked candidate by score, before turn-taking. */
  topScorer: RankEntry;
  tieGroupSize: number;
  eligible: readonly RankEntry[];
  ticketSkills: readonly string[];
  adminFallback: boolean;
  settings: ResolvedOptions;
}

function winnerReason(input: WinnerReasonInput): string {
  const { winner, topScorer, tieGroupSize, eligible, ticketSkills, adminFallback, settings } = input;
  const breakdown = explainSkillMatch(ticketSkills, winner.input.skills);
  const matched = breakdown.perSkill.filter((m) => m.similarity > 0).map((m) => m.skill);
  const skillText = winner.scored.skillMatch.toFixed(2);
  const free = settings.capacity - winner.activeTickets;
  const workload = `${free}/${settings.capacity} capacity free`;
  const history = winner.hasHistory
    ? `an average resolution of ${Math.round(winner.input.avgResolutionHours * 10) / 10} h`
    : 'no resolution history yet';

  let text: string;
  if (breakdown.perSkill.length === 0) {
    text = `No skills on the ticket; chosen with ${workload} and ${history}`;
  } else if (matched.length === 0) {
    const wanted = breakdown.perSkill.map((m) => m.skill).join(', ');
    text = `No skill match for ${wanted} (${skillText}); chosen with ${workload} and ${history}`;
  } else {
    const bestSkillMatch = eligible.reduce((max, e) => Math.max(max, e.scored.skillMatch), 0);
    const label = winner.scored.skillMatch >= bestSkillMatch ? 'Best skill match' : 'Skill match';
    text = `${label} for ${matched.join(', ')} (${skillText}) with ${workload} and ${history}`;
  }

  if (winner.tier === 1) {
    const away = winner.scored.presence === 'dnd' ? 'on do-not-disturb' : 'appearing offline';
    text += `; nobody eligible was online, so one ${away} was chosen`;
  }
  const margin = formatPercent(settings.tieMargin);
  if (winner !== topScorer && winner.scored.score < topScorer.scored.score) {
    text += `; took the turn from ${displayName(topScorer)} (${topScorer.scored.score.toFixed(2)}), who scored within ${margin} but was assigned more recently`;
  } else if (tieGroupSize > 1) {
    text += `; also next in turn among ${tieGroupSize} candidates scoring within ${margin}`;
  }

  if (adminFallback) {
    return `No moderator exists; assigned to an admin as last resort. ${text}`;
  }
  return text;
}
