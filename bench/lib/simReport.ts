/**
 * Figures of the assignment simulation: per policy, pooled over the simulated weeks
 * (one per seed), and the Markdown that bench/RESULTS.md holds.
 */
import type { RunOutcome } from './simEngine.js';
import { table } from './report.js';

export interface PolicyFigures {
  /** Measured tickets over all weeks. */
  tickets: number;
  /** Arrival to resolution; a ticket still open when the run stopped counts with its age then. */
  meanResolutionHours: number;
  medianResolutionHours: number;
  p90ResolutionHours: number;
  /** Still open when the run stopped (`maxDrainDays` after the measured week). */
  unresolved: number;
  /** Assignments made in the measured weeks that took a moderator above capacity. */
  capacityViolations: number;
  /** Moderator-hours spent above capacity in the measured weeks. */
  overCapacityHours: number;
  /** Most open tickets any moderator held in a measured week. */
  maxLoad: number;
  /** Tickets per moderator in a week (mean over weeks of each figure). */
  fairness: { gini: number; coefficientOfVariation: number; min: number; max: number; maxOverMin: number | null };
  /** Share of the required skills the assignee had, mean over tickets. */
  meanSkillFit: number;
  /** Arrival to assignment. */
  meanHoursToAssignment: number;
  /** Tickets given to a moderator who was offline at the time. */
  assignedOfflineShare: number;
  /** Of those, given while someone else was online. */
  assignedOfflineWhileOthersOnline: number;
  /** Mean resolution of the tickets given to someone offline; null when there were none. */
  givenOfflineMeanResolutionHours: number | null;
  /** Working time over online time, all moderators. */
  occupancy: number;
  /** Mean resolution of each week, in seed order. */
  meanResolutionHoursPerWeek: number[];
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);

/** Gini coefficient of non-negative counts: 0 when everyone has the same, towards 1 when one has all. */
export function gini(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let weighted = 0;
  sorted.forEach((v, i) => {
    weighted += (2 * (i + 1) - sorted.length - 1) * v;
  });
  return weighted / (sorted.length * total);
}

function resolutionHours(run: RunOutcome): number[] {
  return run.tickets.map((t) => (t.resolvedAt ?? run.endedAt) - t.ticket.arrival);
}

/** Pools the runs of one policy (one per seed). */
export function summarise(runs: readonly RunOutcome[]): PolicyFigures {
  const hours = runs.flatMap(resolutionHours).sort((a, b) => a - b);
  const tickets = runs.flatMap((r) => r.tickets);
  const fairness = runs.map((r) => {
    const counts = r.moderators.map((m) => m.assigned);
    const min = Math.min(...counts);
    const max = Math.max(...counts);
    const average = mean(counts);
    const sd = Math.sqrt(mean(counts.map((c) => (c - average) ** 2)));
    return { gini: gini(counts), cv: sd / average, min, max, maxOverMin: min > 0 ? max / min : null };
  });
  const ratios = fairness.map((f) => f.maxOverMin);
  const givenOffline = runs.flatMap((r) =>
    r.tickets.filter((t) => t.assignedOffline).map((t) => (t.resolvedAt ?? r.endedAt) - t.ticket.arrival),
  );
  const online = runs.reduce((sum, r) => sum + r.moderators.reduce((s, m) => s + m.onlineHours, 0), 0);
  const busy = runs.reduce((sum, r) => sum + r.moderators.reduce((s, m) => s + m.busyHours, 0), 0);
  return {
    tickets: tickets.length,
    meanResolutionHours: mean(hours),
    medianResolutionHours: quantile(hours, 0.5),
    p90ResolutionHours: quantile(hours, 0.9),
    unresolved: tickets.filter((t) => t.resolvedAt === null).length,
    capacityViolations: runs.reduce((sum, r) => sum + r.capacityViolations, 0),
    overCapacityHours: runs.reduce((sum, r) => sum + r.moderators.reduce((s, m) => s + m.overCapacityHours, 0), 0),
    maxLoad: Math.max(...runs.flatMap((r) => r.moderators.map((m) => m.maxActive))),
    fairness: {
      gini: mean(fairness.map((f) => f.gini)),
      coefficientOfVariation: mean(fairness.map((f) => f.cv)),
      min: Math.min(...fairness.map((f) => f.min)),
      max: Math.max(...fairness.map((f) => f.max)),
      maxOverMin: ratios.some((r) => r === null) ? null : mean(ratios as number[]),
    },
    meanSkillFit: mean(tickets.map((t) => t.fit ?? 0)),
    meanHoursToAssignment: mean(tickets.map((t) => (t.assignedAt ?? runs[0]!.endedAt) - t.ticket.arrival)),
    assignedOfflineShare: tickets.filter((t) => t.assignedOffline).length / tickets.length,
    assignedOfflineWhileOthersOnline: tickets.filter((t) => t.assignedOfflineWhileOthersOnline).length,
    givenOfflineMeanResolutionHours: givenOffline.length ? mean(givenOffline) : null,
    occupancy: busy / online,
    meanResolutionHoursPerWeek: runs.map((r) => mean(resolutionHours(r))),
  };
}

/** Relative reduction of `value` against `baseline`: 0.25 means 25% lower. */
export function reduction(value: number, baseline: number): number {
  return 1 - value / baseline;
}

const h = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
const pct = (value: number) => `${(value * 100).toFixed(0)}%`;

export const POLICY_LABELS: Readonly<Record<string, string>> = {
  weighted: 'weighted (RelayDesk scorer)',
  roundRobin: 'round-robin (Chatwoot default, no limit)',
  roundRobinCapped: 'round-robin, limit 10 (Chatwoot Enterprise)',
  leastLoaded: 'least-loaded',
  weightedSkillBlind: 'what-if: weighted, ticket skills not passed',
  weightedWaitForOnline: 'what-if: weighted, online moderators only',
};

/** One row per policy; the reduction columns compare mean resolution with each round-robin. */
export function figuresTable(figures: Readonly<Record<string, PolicyFigures>>, names: readonly string[] = Object.keys(figures)): string {
  const rr = figures.roundRobin!.meanResolutionHours;
  const rrCapped = figures.roundRobinCapped!.meanResolutionHours;
  const rows = names.map((name) => [name, figures[name]!] as const).map(([name, f]) => [
    POLICY_LABELS[name] ?? name,
    h(f.meanResolutionHours),
    h(f.medianResolutionHours),
    h(f.p90ResolutionHours),
    name === 'roundRobin' ? '—' : pct(reduction(f.meanResolutionHours, rr)),
    name === 'roundRobinCapped' ? '—' : pct(reduction(f.meanResolutionHours, rrCapped)),
    String(f.unresolved),
    String(f.capacityViolations),
    f.overCapacityHours.toFixed(0),
    String(f.maxLoad),
    f.fairness.gini.toFixed(3),
    `${f.fairness.min}–${f.fairness.max}`,
    f.meanSkillFit.toFixed(2),
    h(f.meanHoursToAssignment),
    pct(f.assignedOfflineShare),
    f.givenOfflineMeanResolutionHours === null ? '—' : h(f.givenOfflineMeanResolutionHours),
    pct(f.occupancy),
  ]);
  return table(
    [
      'Policy',
      'Mean h',
      'Median h',
      'p90 h',
      'Mean vs RR',
      'Mean vs RR capped',
      'Unresolved',
      'Capacity violations',
      'Hours over capacity',
      'Max load',
      'Gini',
      'Tickets/mod/week',
      'Skill fit',
      'Hours to assign',
      'Given while offline',
      'Their mean h',
      'Occupancy',
    ],
    rows,
  );
}

/** Mean resolution of each simulated week, per policy. */
export function weeksTable(
  figures: Readonly<Record<string, PolicyFigures>>,
  seeds: readonly number[],
  names: readonly string[] = Object.keys(figures),
): string {
  return table(
    ['Policy', ...seeds.map((s) => `seed ${s}`)],
    names.map((name) => [POLICY_LABELS[name] ?? name, ...figures[name]!.meanResolutionHoursPerWeek.map(h)]),
  );
}
