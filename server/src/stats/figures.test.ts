import { describe, expect, it } from 'vitest';
import {
  contributionDelta,
  DURATION_BUCKETS_MINUTES,
  durationBucket,
  flattenCounters,
  medianFromHistogram,
  sameContribution,
  ticketContribution,
  type StatsTicket,
} from './figures.js';

const createdAt = new Date('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(createdAt.getTime() + minutes * 60_000);
const MOD = '64b000000000000000000001';

const open: StatsTicket = {
  createdAt,
  status: 'todo',
  priority: 'high',
  assignedTo: null,
  completedAt: null,
  sla: { firstRespondedAt: null, resolvedAt: null, firstResponseDueAt: at(60), resolutionDueAt: at(480), breached: { firstResponse: false, resolution: false } },
};

describe('durationBucket and medianFromHistogram', () => {
  it('puts a duration in the first bucket whose upper bound holds it, and longer ones in the last', () => {
    expect(durationBucket(0)).toBe(0);
    expect(durationBucket(1)).toBe(0);
    expect(durationBucket(1.5)).toBe(1);
    expect(durationBucket(60)).toBe(DURATION_BUCKETS_MINUTES.indexOf(60));
    expect(durationBucket(1e9)).toBe(DURATION_BUCKETS_MINUTES.length);
  });

  it('is null for no durations, and interpolates inside the bucket that holds the middle', () => {
    expect(medianFromHistogram([])).toBeNull();
    expect(medianFromHistogram([0, 0, 0])).toBeNull();
    // Bucket 2 is (2, 5] minutes; all four durations there → the middle of it.
    const counts = Array<number>(DURATION_BUCKETS_MINUTES.length + 1).fill(0);
    counts[2] = 4;
    expect(medianFromHistogram(counts)).toBe(3.5);
    // Three fast, one slow: the median stays among the fast ones.
    counts[2] = 3;
    counts[DURATION_BUCKETS_MINUTES.indexOf(1440)] = 1;
    expect(medianFromHistogram(counts)).toBe(4);
  });

  it('lands within one bucket of the exact median of real durations', () => {
    const durations = [3, 7, 8, 12, 14, 25, 31, 44, 50, 95, 200, 1_500, 3_000];
    const counts = Array<number>(DURATION_BUCKETS_MINUTES.length + 1).fill(0);
    for (const d of durations) counts[durationBucket(d)]! += 1;
    const exact = [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)]!;
    const bucket = durationBucket(exact);
    const lower = bucket === 0 ? 0 : DURATION_BUCKETS_MINUTES[bucket - 1]!;
    const median = medianFromHistogram(counts)!;
    expect(median).toBeGreaterThanOrEqual(lower);
    expect(median).toBeLessThanOrEqual(DURATION_BUCKETS_MINUTES[bucket]!);
  });
});

describe('ticketContribution', () => {
  it('counts an open, unassigned ticket in the totals and on its filing day only', () => {
    expect(ticketContribution(open).sort()).toEqual(
      ['totals|tickets', 'totals|status.todo', 'totals|priority.high', 'totals|unassigned', 'day:2026-03-02|created'].sort(),
    );
  });

  it('counts a first response in time as met, on the filing day, for the priority and the assignee, with its duration', () => {
    const answered = { ...open, status: 'in_progress' as const, assignedTo: MOD, sla: { ...open.sla!, firstRespondedAt: at(12) } };
    const share = ticketContribution(answered);
    expect(share).toContain('day:2026-03-02|sla.p.high.firstResponse.met');
    expect(share).toContain(`day:2026-03-02|sla.m.${MOD}.firstResponse.met`);
    expect(share).toContain(`day:2026-03-02|firstResponseHist.b${durationBucket(12)}`);
    expect(share).not.toContain('totals|unassigned');
    expect(share.some((e) => e.includes('resolution'))).toBe(false);
  });

  it('counts a breach as breached, never as met, on the day its target passed', () => {
    const late = {
      ...open,
      status: 'completed' as const,
      completedAt: at(3 * 1440),
      sla: { ...open.sla!, firstRespondedAt: at(90), resolvedAt: at(3 * 1440), breached: { firstResponse: true, resolution: true } },
    };
    const share = ticketContribution(late);
    expect(share).toEqual(
      expect.arrayContaining([
        'day:2026-03-02|sla.p.high.firstResponse.breached',
        'day:2026-03-02|sla.p.high.resolution.breached',
        'day:2026-03-02|breaches.firstResponse',
        'day:2026-03-02|breaches.resolution',
        'day:2026-03-05|completed',
        `day:2026-03-05|resolutionHist.b${durationBucket(3 * 1440)}`,
      ]),
    );
    expect(share.filter((e) => e.endsWith('.met'))).toEqual([]);
  });
});

describe('contributionDelta', () => {
  it('turns one share into the other with +1/-1 per counter, and nothing for the same share in another order', () => {
    const before = ticketContribution(open);
    const after = ticketContribution({ ...open, status: 'in_progress', assignedTo: MOD });
    expect(Object.fromEntries(contributionDelta(before, after))).toEqual({ totals: { 'status.todo': -1, 'status.in_progress': 1, unassigned: -1 } });
    expect(contributionDelta(before, [...before].reverse()).size).toBe(0);
    expect(sameContribution(before, [...before].reverse())).toBe(true);
    expect(sameContribution(before, after)).toBe(false);
  });
});

describe('flattenCounters', () => {
  it('reads nested counters as field paths and ignores what is not a number', () => {
    expect(flattenCounters({ created: 2, sla: { p: { high: { firstResponse: { met: 1 } } } }, note: 'x', at: new Date() })).toEqual({
      created: 2,
      'sla.p.high.firstResponse.met': 1,
    });
  });
});
