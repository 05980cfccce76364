import { describe, it, expect } from 'vitest';
import {
  SCORE_WEIGHTS,
  computeAvailability,
  computePerformance,
  rankAndExplain,
  scoreModerators,
  type AssignmentCandidateInput,
} from './scoreModerators.js';

function candidate(overrides: Partial<AssignmentCandidateInput> & { id: string }): AssignmentCandidateInput {
  return {
    name: overrides.id,
    role: 'moderator',
    skills: ['react', 'typescript'],
    activeTickets: 0,
    totalResolved: 10,
    avgResolutionHours: 0,
    lastAssignedAt: null,
    presence: 'online',
    ...overrides,
  };
}

const TICKET = ['react', 'typescript'];

/** Small deterministic generator so shuffles and large inputs are reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe('computeAvailability', () => {
  it('is 1 with no active tickets and falls linearly to 0 at capacity', () => {
    expect(computeAvailability(0)).toBe(1);
    expect(computeAvailability(3)).toBe(0.7);
    expect(computeAvailability(9)).toBeCloseTo(0.1, 10);
    expect(computeAvailability(10)).toBe(0);
    expect(computeAvailability(15)).toBe(0);
    expect(computeAvailability(1, 4)).toBe(0.75);
  });

  it('reads negative or non-numeric counts as 0', () => {
    expect(computeAvailability(-3)).toBe(1);
    expect(computeAvailability(Number.NaN)).toBe(1);
  });
});

describe('computePerformance', () => {
  it('is target / (target + average): 0.5 at the target, higher when faster', () => {
    expect(computePerformance(5, 24)).toBe(0.5);
    expect(computePerformance(5, 0)).toBe(1);
    expect(computePerformance(5, 12)).toBeCloseTo(2 / 3, 10);
    expect(computePerformance(5, 48)).toBeCloseTo(1 / 3, 10);
    expect(computePerformance(5, 6, 12)).toBeCloseTo(2 / 3, 10);
  });

  it('is strictly decreasing in the average', () => {
    let previous = Infinity;
    for (const hours of [0, 1, 6, 12, 24, 48, 96, 1000]) {
      const value = computePerformance(3, hours);
      expect(value).toBeLessThan(previous);
      expect(value).toBeGreaterThan(0);
      previous = value;
    }
  });

  it('is neutral without history or with an unusable average', () => {
    expect(computePerformance(0, 2)).toBe(0.5);
    expect(computePerformance(0, 200)).toBe(0.5);
    expect(computePerformance(4, Number.NaN)).toBe(0.5);
    expect(computePerformance(4, -1)).toBe(0.5);
    expect(computePerformance(4, Infinity)).toBe(0.5);
    expect(computePerformance(-2, 5)).toBe(0.5);
  });
});

describe('scoreModerators: score and factors', () => {
  it('uses weights that sum to 1, so a perfect moderator scores exactly 1', () => {
    expect(SCORE_WEIGHTS.skillMatch + SCORE_WEIGHTS.availability + SCORE_WEIGHTS.performance).toBe(1);
    const { winner } = scoreModerators(TICKET, [candidate({ id: 'perfect' })]);
    expect(winner).toEqual({
      moderatorId: 'perfect',
      name: 'perfect',
      score: 1,
      skillMatch: 1,
      availability: 1,
      performance: 1,
      presence: 'online',
      eligible: true,
    });
  });

  it('combines the factors as 0.5·skill + 0.3·availability + 0.2·performance, rounded to 4 decimals', () => {
    const { winner } = scoreModerators(TICKET, [
      candidate({ id: 'm', skills: ['React Native', 'TS'], activeTickets: 3, avgResolutionHours: 12 }),
    ]);
    // 0.5·0.8 + 0.3·0.7 + 0.2·(2/3) = 0.74333…
    expect(winner).toMatchObject({ score: 0.7433, skillMatch: 0.8, availability: 0.7, performance: 0.6667 });
  });

  it('scores availability at the edges of capacity and excludes anyone at or over it', () => {
    const { ranked } = scoreModerators(TICKET, [
      candidate({ id: 'idle', activeTickets: 0 }),
      candidate({ id: 'almost', activeTickets: 9 }),
      candidate({ id: 'full', activeTickets: 10 }),
      candidate({ id: 'over', activeTickets: 14 }),
    ]);
    const byId = new Map(ranked.map((c) => [c.moderatorId, c]));
    expect(byId.get('idle')).toMatchObject({ availability: 1, eligible: true });
    expect(byId.get('almost')).toMatchObject({ availability: 0.1, score: 0.73, eligible: true });
    expect(byId.get('full')).toMatchObject({
      availability: 0,
      eligible: false,
      ineligibleReason: 'at capacity (10/10 active tickets)',
    });
    expect(byId.get('over')).toMatchObject({
      availability: 0,
      eligible: false,
      ineligibleReason: 'at capacity (14/10 active tickets)',
    });
    expect(ranked.map((c) => c.moderatorId)).toEqual(['idle', 'almost', 'full', 'over']);
  });

  it('honours a configured capacity', () => {
    const { ranked, winner } = scoreModerators(
      TICKET,
      [candidate({ id: 'three', activeTickets: 3 }), candidate({ id: 'four', activeTickets: 4 })],
      { capacity: 4 },
    );
    expect(winner?.moderatorId).toBe('three');
    expect(winner?.availability).toBe(0.25);
    expect(ranked[1]).toMatchObject({ moderatorId: 'four', eligible: false });
  });

  it('gives a moderator with no history neutral performance, and ranks faster above slower', () => {
    const { ranked } = scoreModerators(TICKET, [
      candidate({ id: 'slow', avgResolutionHours: 48 }),
      candidate({ id: 'new', totalResolved: 0, avgResolutionHours: 0 }),
      candidate({ id: 'fast', avgResolutionHours: 6 }),
    ], { tieMargin: 0 });
    expect(ranked.map((c) => [c.moderatorId, c.performance])).toEqual([
      ['fast', 0.8],
      ['new', 0.5],
      ['slow', 0.3333],
    ]);
  });

  it('lets availability and performance decide when the ticket lists no skills', () => {
    const { winner, ranked, reason } = scoreModerators([], [
      candidate({ id: 'expert', skills: ['react'], activeTickets: 5 }),
      candidate({ id: 'novice', skills: [], activeTickets: 0 }),
    ], { tieMargin: 0 });
    expect(ranked.map((c) => c.skillMatch)).toEqual([0.5, 0.5]);
    expect(winner?.moderatorId).toBe('novice');
    expect(winner?.score).toBe(0.75);
    expect(reason).toBe(
      'No skills on the ticket; chosen with 10/10 capacity free and an average resolution of 0 h',
    );
  });

  it('prefers the better skill match over a lighter workload when the gap is large', () => {
    const { winner } = scoreModerators(['kubernetes', 'postgres'], [
      candidate({ id: 'generalist', skills: ['billing'], activeTickets: 0 }),
      candidate({ id: 'specialist', skills: ['k8s', 'PostgreSQL'], activeTickets: 6 }),
    ]);
    expect(winner?.moderatorId).toBe('specialist');
    expect(winner?.score).toBe(0.82);
  });
});

describe('scoreModerators: presence', () => {
  it('ranks an online moderator above dnd and offline ones even with a lower score', () => {
    const { winner, ranked } = scoreModerators(TICKET, [
      candidate({ id: 'dnd-star', presence: 'dnd' }),
      candidate({ id: 'offline-star', presence: 'offline' }),
      candidate({ id: 'online-weak', skills: ['billing'], activeTickets: 8, avgResolutionHours: 48 }),
    ]);
    expect(winner?.moderatorId).toBe('online-weak');
    expect(winner?.score).toBeCloseTo(0.1267, 10);
    expect(ranked.map((c) => c.moderatorId)).toEqual(['online-weak', 'dnd-star', 'offline-star']);
  });

  it('falls back to dnd or offline moderators when no online one is eligible', () => {
    const { winner, ranked, reason } = scoreModerators(TICKET, [
      candidate({ id: 'online-full', activeTickets: 10 }),
      candidate({ id: 'away', presence: 'dnd', activeTickets: 2 }),
      candidate({ id: 'ghost', presence: 'offline', activeTickets: 5 }),
    ], { tieMargin: 0 });
    expect(winner?.moderatorId).toBe('away');
    expect(ranked.map((c) => c.moderatorId)).toEqual(['away', 'ghost', 'online-full']);
    expect(reason).toContain('nobody eligible was online, so one on do-not-disturb was chosen');
  });

  it('treats dnd and offline as one tier ordered by score', () => {
    const { ranked } = scoreModerators(TICKET, [
      candidate({ id: 'dnd', presence: 'dnd', activeTickets: 5 }),
      candidate({ id: 'offline', presence: 'offline', activeTickets: 0 }),
    ], { tieMargin: 0 });
    expect(ranked.map((c) => c.moderatorId)).toEqual(['offline', 'dnd']);
  });

  it('does not let a turn cross presence tiers', () => {
    const { winner } = scoreModerators(TICKET, [
      candidate({ id: 'online', lastAssignedAt: new Date('2024-06-01T00:00:00Z') }),
      candidate({ id: 'dnd-never-assigned', presence: 'dnd', lastAssignedAt: null }),
    ]);
    expect(winner?.moderatorId).toBe('online');
  });
});

describe('scoreModerators: turn-taking within the tie margin', () => {
  const earlier = new Date('2024-01-01T09:00:00Z');
  const later = new Date('2024-01-02T09:00:00Z');

  it('gives a near-tie to the least recently assigned', () => {
    const { winner, ranked, reason } = scoreModerators(TICKET, [
      candidate({ id: 'a', name: 'Alice', activeTickets: 3, avgResolutionHours: 12, lastAssignedAt: later }),
      candidate({ id: 'b', name: 'Bob', activeTickets: 4, avgResolutionHours: 12, lastAssignedAt: earlier }),
    ]);
    expect(ranked.map((c) => [c.moderatorId, c.score])).toEqual([
      ['b', 0.8133],
      ['a', 0.8433],
    ]);
    expect(winner?.moderatorId).toBe('b');
    expect(reason).toBe(
      'Best skill match for react, typescript (1.00) with 6/10 capacity free and an average resolution of 12 h; ' +
        'took the turn from Alice (0.84), who scored within 5% but was assigned more recently',
    );
  });

  it('puts never-assigned moderators first in the turn order', () => {
    const { winner, ranked } = scoreModerators(TICKET, [
      candidate({ id: 'old', activeTickets: 1, lastAssignedAt: earlier }),
      candidate({ id: 'never', activeTickets: 1, lastAssignedAt: null }),
      candidate({ id: 'top', activeTickets: 0, lastAssignedAt: later }),
    ]);
    expect(winner?.moderatorId).toBe('never');
    expect(ranked.map((c) => c.moderatorId)).toEqual(['never', 'old', 'top']);
  });

  it('includes a score exactly at the margin boundary', () => {
    // capacity 6, one active: availability 5/6, score 0.5 + 0.25 + 0.2 = 0.95 = 1 × (1 − 0.05)
    const { winner } = scoreModerators(
      TICKET,
      [
        candidate({ id: 'best', activeTickets: 0, lastAssignedAt: later }),
        candidate({ id: 'boundary', activeTickets: 1, lastAssignedAt: earlier }),
      ],
      { capacity: 6 },
    );
    expect(winner).toMatchObject({ moderatorId: 'boundary', score: 0.95 });
  });

  it('gives the ticket to the higher score outside the margin, whoever was assigned last', () => {
    // 0.5 + 0.3·0.8 + 0.2 = 0.94 < 0.95
    const { winner, reason } = scoreModerators(TICKET, [
      candidate({ id: 'best', activeTickets: 0, lastAssignedAt: later }),
      candidate({ id: 'runner-up', activeTickets: 2, lastAssignedAt: null }),
    ]);
    expect(winner).toMatchObject({ moderatorId: 'best', score: 1 });
    expect(reason).not.toContain('turn');
  });

  it('uses a configured tie margin', () => {
    const input = [
      candidate({ id: 'best', activeTickets: 0, lastAssignedAt: later }),
      candidate({ id: 'runner-up', activeTickets: 2, lastAssignedAt: earlier }),
    ];
    expect(scoreModerators(TICKET, input, { tieMargin: 0.1 }).winner?.moderatorId).toBe('runner-up');
    expect(scoreModerators(TICKET, input, { tieMargin: 0 }).winner?.moderatorId).toBe('best');
  });

  it('breaks an equal turn by score, then by id', () => {
    const sameTime = new Date('2024-03-01T00:00:00Z');
    const byScore = scoreModerators(TICKET, [
      candidate({ id: 'a', activeTickets: 1, lastAssignedAt: sameTime }),
      candidate({ id: 'b', activeTickets: 0, lastAssignedAt: sameTime }),
    ]);
    expect(byScore.winner?.moderatorId).toBe('b');
    const byId = scoreModerators(TICKET, [candidate({ id: 'm2' }), candidate({ id: 'm1' }), candidate({ id: 'm3' })]);
    expect(byId.ranked.map((c) => c.moderatorId)).toEqual(['m1', 'm2', 'm3']);
    expect(byId.reason).toContain('also next in turn among 3 candidates scoring within 5%');
  });
});

describe('scoreModerators: admins as last resort', () => {
  it('ignores admins while any moderator is eligible, even a weaker one', () => {
    const { winner, ranked } = scoreModerators(TICKET, [
      candidate({ id: 'admin', role: 'admin' }),
      candidate({ id: 'mod', skills: [], activeTickets: 9 }),
    ]);
    expect(winner?.moderatorId).toBe('mod');
    expect(ranked[1]).toMatchObject({
      moderatorId: 'admin',
      score: 1,
      eligible: false,
      ineligibleReason: 'admins are assigned only when no moderator exists',
    });
  });

  it('assigns nobody when moderators exist but are all at capacity, even if an admin is free', () => {
    const { winner, ranked, reason } = scoreModerators(TICKET, [
      candidate({ id: 'admin', role: 'admin' }),
      candidate({ id: 'mod1', activeTickets: 10 }),
      candidate({ id: 'mod2', activeTickets: 11 }),
    ]);
    expect(winner).toBeNull();
    expect(ranked.every((c) => !c.eligible)).toBe(true);
    expect(reason).toBe('All moderators are at capacity (10 active tickets or more); no one was assigned');
  });

  it('assigns an admin when no moderator exists at all', () => {
    const { winner, reason } = scoreModerators(TICKET, [
      candidate({ id: 'admin-busy', role: 'admin', activeTickets: 6 }),
      candidate({ id: 'admin-free', name: 'Root', role: 'admin', activeTickets: 1 }),
    ]);
    expect(winner).toMatchObject({ moderatorId: 'admin-free', score: 0.97, eligible: true });
    expect(reason).toBe(
      'No moderator exists; assigned to an admin as last resort. ' +
        'Best skill match for react, typescript (1.00) with 9/10 capacity free and an average resolution of 0 h',
    );
  });

  it('assigns nobody when the only admins are at capacity', () => {
    const { winner, reason } = scoreModerators(TICKET, [candidate({ id: 'admin', role: 'admin', activeTickets: 10 })]);
    expect(winner).toBeNull();
    expect(reason).toBe(
      'No moderator exists and all admins are at capacity (10 active tickets or more); no one was assigned',
    );
  });
});

describe('scoreModerators: empty and malformed input', () => {
  it('returns no winner for no candidates', () => {
    expect(scoreModerators(TICKET, [])).toEqual({
      ranked: [],
      winner: null,
      reason: 'No moderator or admin exists to assign the ticket to',
    });
  });

  it('reads bad figures defensively', () => {
    const { ranked } = scoreModerators(TICKET, [
      candidate({ id: 'negative', activeTickets: -4, totalResolved: 3, avgResolutionHours: Number.NaN }),
      candidate({ id: 'odd', presence: 'away' as unknown as 'online', skills: null as unknown as string[] }),
    ], { tieMargin: 0 });
    expect(ranked[0]).toMatchObject({
      moderatorId: 'negative',
      availability: 1,
      performance: 0.5,
      score: 0.9,
      eligible: true,
    });
    expect(ranked[1]).toMatchObject({ moderatorId: 'odd', presence: 'offline', skillMatch: 0, score: 0.5 });
  });

  it('treats an invalid last-assigned date as never assigned', () => {
    const { winner } = scoreModerators(TICKET, [
      candidate({ id: 'a', lastAssignedAt: new Date('2024-01-01T00:00:00Z') }),
      candidate({ id: 'b', lastAssignedAt: new Date('not a date') }),
    ]);
    expect(winner?.moderatorId).toBe('b');
  });

  it('makes a candidate with an unknown role ineligible', () => {
    const { winner, ranked } = scoreModerators(TICKET, [
      candidate({ id: 'user', role: 'user' as unknown as 'moderator' }),
    ]);
    expect(winner).toBeNull();
    expect(ranked[0]).toMatchObject({ eligible: false, ineligibleReason: 'not a moderator or admin' });
  });

  it('rejects invalid options', () => {
    expect(() => scoreModerators(TICKET, [], { capacity: 0 })).toThrow(RangeError);
    expect(() => scoreModerators(TICKET, [], { capacity: 2.5 })).toThrow(RangeError);
    expect(() => scoreModerators(TICKET, [], { targetResolutionHours: 0 })).toThrow(RangeError);
    expect(() => scoreModerators(TICKET, [], { tieMargin: 1 })).toThrow(RangeError);
    expect(() => scoreModerators(TICKET, [], { tieMargin: Number.NaN })).toThrow(RangeError);
  });
});

describe('scoreModerators: determinism and scale', () => {
  function population(size: number, seed: number): AssignmentCandidateInput[] {
    const random = seededRandom(seed);
    const skillPool = ['react', 'react native', 'ts', 'billing', 'k8s', 'css', 'postgres', 'node'];
    const presences = ['online', 'online', 'dnd', 'offline'] as const;
    return Array.from({ length: size }, (_, i) =>
      candidate({
        id: `m${String(i).padStart(5, '0')}`,
        skills: skillPool.filter(() => random() < 0.3),
        activeTickets: Math.floor(random() * 12),
        totalResolved: Math.floor(random() * 3),
        avgResolutionHours: Math.round(random() * 72),
        lastAssignedAt: random() < 0.2 ? null : new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 1e9)),
        presence: presences[Math.floor(random() * presences.length)] ?? 'online',
      }),
    );
  }

  it('gives the same ranking whatever the input order', () => {
    const input = population(200, 7);
    const expected = scoreModerators(TICKET, input);
    const random = seededRandom(99);
    for (let round = 0; round < 5; round += 1) {
      expect(scoreModerators(TICKET, shuffled(input, random))).toEqual(expected);
    }
  });

  it('handles 10,000 candidates and still finds the single best one', () => {
    const input = population(10_000, 42).map((c) => ({
      ...c,
      // Keep everyone at least one ticket busy so no one else can reach the 5% margin.
      activeTickets: Math.max(c.activeTickets, 2),
    }));
    input.splice(6_123, 0, candidate({ id: 'needle', name: 'Needle', lastAssignedAt: new Date() }));

    const { ranked, winner } = scoreModerators(TICKET, input);

    expect(ranked).toHaveLength(10_001);
    expect(winner).toMatchObject({ moderatorId: 'needle', score: 1 });
    const eligible = ranked.filter((c) => c.eligible);
    expect(eligible.length).toBeGreaterThan(1_000);
    expect(ranked.slice(0, eligible.length).every((c) => c.eligible)).toBe(true);
    const firstAway = eligible.findIndex((c) => c.presence !== 'online');
    expect(firstAway).toBeGreaterThan(0);
    expect(eligible.slice(firstAway).every((c) => c.presence !== 'online')).toBe(true);
    for (let i = 1; i < firstAway; i += 1) {
      expect((eligible[i] as { score: number }).score).toBeLessThanOrEqual((eligible[i - 1] as { score: number }).score);
    }
  });
});

describe('rankAndExplain: every candidate says where it stands', () => {
  it('says an offline moderator with a higher score ranks below everyone online', () => {
    const ranking = rankAndExplain(TICKET, [
      candidate({ id: 'away-expert', presence: 'offline' }),
      candidate({ id: 'online-novice', skills: [], activeTickets: 5 }),
    ]);
    expect(ranking.winner?.moderatorId).toBe('online-novice');
    expect(ranking.standings['online-novice']?.standing).toMatch(/^Chosen: online, 5\/10 active/);
    expect(ranking.standings['away-expert']?.standing).toMatch(/^Offline: everyone eligible who is online ranks first/);
  });

  it('says a close higher score lost its turn to someone assigned less recently', () => {
    const ranking = rankAndExplain(TICKET, [
      candidate({ id: 'busy-best', lastAssignedAt: new Date('2026-01-02') }),
      candidate({ id: 'rested', activeTickets: 1, lastAssignedAt: new Date('2026-01-01') }),
    ]);
    expect(ranking.winner?.moderatorId).toBe('rested');
    expect(ranking.standings['busy-best']?.standing).toMatch(/within 5% of the best; rested was next in turn/);
  });

  it('names capacity, the admin fallback and an exclusion as reasons, never a bare lower score', () => {
    const ranking = rankAndExplain(TICKET, [
      candidate({ id: 'full', activeTickets: 10 }),
      candidate({ id: 'boss', role: 'admin' }),
      candidate({ id: 'gave-it-back', excludedReason: 'gave this ticket back' }),
      candidate({ id: 'picked', skills: ['css'] }),
    ]);
    expect(ranking.winner?.moderatorId).toBe('picked');
    expect(ranking.standings.full?.standing).toBe('Not eligible: at capacity (10/10 active tickets)');
    expect(ranking.standings.boss?.standing).toBe('Not eligible: admins are assigned only when no moderator exists');
    expect(ranking.standings['gave-it-back']?.standing).toBe('Not eligible: gave this ticket back');
  });

  it('gives every candidate that outscored the winner a reason other than its score', () => {
    const ranking = rankAndExplain(TICKET, [
      candidate({ id: 'a', presence: 'dnd' }),
      candidate({ id: 'b', activeTickets: 10 }),
      candidate({ id: 'c', lastAssignedAt: new Date('2026-03-01') }),
      candidate({ id: 'd', activeTickets: 1, lastAssignedAt: new Date('2026-02-01') }),
      candidate({ id: 'e', skills: [] }),
    ]);
    const winner = ranking.winner!;
    for (const scored of ranking.ranked) {
      const { standing } = ranking.standings[scored.moderatorId]!;
      if (scored.moderatorId === winner.moderatorId) expect(standing).toMatch(/^Chosen/);
      else if (scored.score > winner.score) expect(standing).not.toMatch(/^Lower score/);
      else expect(standing.length).toBeGreaterThan(0);
    }
    expect(ranking.standings.e?.standing).toMatch(/^Lower score than d/);
  });

  it('explains an admin chosen as the last resort', () => {
    const ranking = rankAndExplain(TICKET, [candidate({ id: 'boss', role: 'admin' })]);
    expect(ranking.standings.boss?.standing).toMatch(/an admin, chosen only because no moderator exists/);
  });
});
