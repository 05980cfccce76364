import { describe, expect, it } from 'vitest';
import { rankAndExplain, type AssignmentCandidateInput } from './scoreModerators.js';

function candidate(overrides: Partial<AssignmentCandidateInput> & { id: string }): AssignmentCandidateInput {
  return {
    name: overrides.id,
    role: 'moderator',
    skills: ['react', 'typescript'],
    activeTickets: 0,
    totalResolved: 10,
    avgResolutionHours: 10,
    lastAssignedAt: null,
    presence: 'online',
    ...overrides,
  };
}

const TICKET = ['react', 'typescript'];

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
