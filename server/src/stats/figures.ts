import type { Priority, TicketStatus } from '@relaydesk/shared';

/**
 * What one ticket adds to the dashboard counters, as a pure function of its
 * current state. The stats service stores each ticket's last applied share and
 * applies only the difference when the ticket changes, so re-applying the same
 * state is a no-op and any change (a status going back, a breach flag cleared by
 * a re-plan) is undone as exactly as it was done.
 */

/** The ticket fields the figures read. */
export interface StatsTicket {
  createdAt: Date;
  status: TicketStatus;
  priority: Priority;
  assignedTo: string | null;
  completedAt: Date | null;
  sla: {
    firstRespondedAt: Date | null;
    resolvedAt: Date | null;
    firstResponseDueAt: Date | null;
    resolutionDueAt: Date | null;
    breached: { firstResponse: boolean; resolution: boolean };
  } | null;
}

/** The all-time counter document. */
export const TOTALS_DOC = 'totals';
/** The counter document of one UTC day (`yyyy-mm-dd`). */
export const dayDoc = (day: string) => `day:${day}`;
export const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Upper bounds, in minutes, of the duration histogram's buckets; one more bucket
 * holds everything longer. Fixed bounds make the histogram a set of plain counters
 * that `$inc` keeps and that add across days, which a list of exact durations
 * does not (it grows with every ticket and has to be sorted on each read).
 */
export const DURATION_BUCKETS_MINUTES = [
  1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440, 2160, 2880, 4320, 7200, 10080, 20160, 43200,
] as const;

/** The histogram bucket a duration falls in. */
export function durationBucket(minutes: number): number {
  const i = DURATION_BUCKETS_MINUTES.findIndex((upper) => minutes <= upper);
  return i === -1 ? DURATION_BUCKETS_MINUTES.length : i;
}

/**
 * The median of the durations counted in `counts` (index = bucket). The median
 * falls in the bucket where the running count passes half the total; within it
 * the durations are taken as evenly spread, so the answer is exact to within that
 * bucket's width (a minute for fast replies, hours only for multi-day ones), which
 * is as precise as a dashboard figure needs to be. Null for an empty histogram.
 */
export function medianFromHistogram(counts: readonly number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const half = total / 2;
  let below = 0;
  for (let i = 0; i < counts.length; i += 1) {
    const n = counts[i] ?? 0;
    if (n > 0 && below + n >= half) {
      const lower = i === 0 ? 0 : DURATION_BUCKETS_MINUTES[i - 1]!;
      // The open last bucket is read as twice its lower bound wide.
      const upper = DURATION_BUCKETS_MINUTES[i] ?? lower * 2;
      return Math.round((lower + ((half - below) / n) * (upper - lower)) * 10) / 10;
    }
    below += n;
  }
  return null;
}

/** How a clock ended: within its target, past it, or not decided yet. */
function outcomeOf(stoppedAt: Date | null | undefined, breached: boolean): 'met' | 'breached' | null {
  if (breached) return 'breached';
  return stoppedAt ? 'met' : null;
}

const minutesBetween = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 60_000);

/**
 * The counters a ticket contributes to, each as `"<document>|<field path>"` (one
 * unit each). Figures of a ticket's clocks count on the day it was filed (so the
 * window's attainment is about the tickets filed in it); completions, durations and
 * breaches count on the day they happened.
 */
export function ticketContribution(t: StatsTicket): string[] {
  const out = [`${TOTALS_DOC}|tickets`, `${TOTALS_DOC}|status.${t.status}`, `${TOTALS_DOC}|priority.${t.priority}`];
  if (!t.assignedTo && t.status !== 'completed') out.push(`${TOTALS_DOC}|unassigned`);
  const filed = dayDoc(utcDay(t.createdAt));
  out.push(`${filed}|created`);
  if (t.status === 'completed' && t.completedAt) {
    const day = dayDoc(utcDay(t.completedAt));
    out.push(`${day}|completed`, `${day}|resolutionHist.b${durationBucket(minutesBetween(t.createdAt, t.completedAt))}`);
  }
  const sla = t.sla;
  if (!sla) return out;
  if (sla.firstRespondedAt) {
    out.push(`${dayDoc(utcDay(sla.firstRespondedAt))}|firstResponseHist.b${durationBucket(minutesBetween(t.createdAt, sla.firstRespondedAt))}`);
  }
  const clocks = [
    { clock: 'firstResponse', stoppedAt: sla.firstRespondedAt, dueAt: sla.firstResponseDueAt, breached: sla.breached.firstResponse },
    { clock: 'resolution', stoppedAt: sla.resolvedAt, dueAt: sla.resolutionDueAt, breached: sla.breached.resolution },
  ] as const;
  for (const c of clocks) {
    const outcome = outcomeOf(c.stoppedAt, c.breached);
    if (!outcome) continue;
    out.push(`${filed}|sla.p.${t.priority}.${c.clock}.${outcome}`);
    if (t.assignedTo) out.push(`${filed}|sla.m.${t.assignedTo}.${c.clock}.${outcome}`);
    if (c.breached && c.dueAt) out.push(`${dayDoc(utcDay(c.dueAt))}|breaches.${c.clock}`);
  }
  return out;
}

/** Counter increments per document: what turns the share `from` into the share `to`. Empty when they are the same. */
export function contributionDelta(from: readonly string[], to: readonly string[]): Map<string, Record<string, number>> {
  const net = new Map<string, number>();
  for (const e of from) net.set(e, (net.get(e) ?? 0) - 1);
  for (const e of to) net.set(e, (net.get(e) ?? 0) + 1);
  return groupByDocument(net);
}

/** `"<document>|<field>"` → n, grouped as document → { field: n }, zeros dropped. */
export function groupByDocument(net: Map<string, number>): Map<string, Record<string, number>> {
  const byDoc = new Map<string, Record<string, number>>();
  for (const [entry, n] of net) {
    if (n === 0) continue;
    const bar = entry.indexOf('|');
    const doc = entry.slice(0, bar);
    const fields = byDoc.get(doc) ?? {};
    fields[entry.slice(bar + 1)] = n;
    byDoc.set(doc, fields);
  }
  return byDoc;
}

/** The same share, whatever the order. */
export function sameContribution(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((e, i) => e === sb[i]);
}

/** Flattens a stored counter document into `field path → n` (numbers only). */
export function flattenCounters(doc: Record<string, unknown>, prefix = ''): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(doc)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number') out[path] = v;
    else if (v && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v)) Object.assign(out, flattenCounters(v as Record<string, unknown>, path));
  }
  return out;
}
