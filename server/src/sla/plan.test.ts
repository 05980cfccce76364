import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_TARGETS } from './defaults.js';
import { clocksAfterStatusChange, momentDedupeKey, passedMoments, pendingMoments, planClocks, recordFirstResponse, type SlaRules } from './plan.js';

const RULES: SlaRules = { targets: { ...DEFAULT_SLA_TARGETS }, businessHours: null };
const createdAt = new Date('2026-01-05T10:00:00Z');
const at = (minutes: number) => new Date(createdAt.getTime() + minutes * 60_000);

describe('planClocks', () => {
  it('plans both clocks and their 80% warnings from creation', () => {
    const sla = planClocks({ createdAt, priority: 'urgent' }, null, RULES, createdAt);
    expect(sla.firstResponseDueAt).toEqual(at(15));
    expect(sla.firstResponseWarnAt).toEqual(at(12));
    expect(sla.resolutionDueAt).toEqual(at(240));
    expect(sla.resolutionWarnAt).toEqual(at(192));
    expect(sla.planVersion).toBe(1);
  });

  it('re-plans from creation on a priority change, keeping a flag only while its moment is still behind', () => {
    const urgent = planClocks({ createdAt, priority: 'urgent' }, null, RULES, createdAt);
    const breached = { ...urgent, warned: { firstResponse: true, resolution: false }, breached: { firstResponse: true, resolution: false } };
    const low = planClocks({ createdAt, priority: 'low' }, breached, RULES, at(20));
    expect(low.firstResponseDueAt).toEqual(at(480));
    expect(low.breached.firstResponse).toBe(false);
    expect(low.planVersion).toBe(2);
    const high = planClocks({ createdAt, priority: 'high' }, breached, RULES, at(70));
    expect(high.breached.firstResponse).toBe(true);
  });
});

describe('clocksAfterStatusChange', () => {
  const ticket = { createdAt, priority: 'medium' as const };
  const start = planClocks(ticket, null, RULES, createdAt);

  it('pauses resolution while waiting and extends its target by the paused time', () => {
    const paused = clocksAfterStatusChange(ticket, start, { from: 'in_progress', to: 'waiting' }, RULES, at(60));
    expect(paused.pausedSince).toEqual(at(60));
    expect(pendingMoments(paused).every((m) => m.clock === 'firstResponse')).toBe(true);
    const resumed = clocksAfterStatusChange(ticket, paused, { from: 'waiting', to: 'in_progress' }, RULES, at(90));
    expect(resumed.pausedSince).toBeNull();
    expect(resumed.resolutionDueAt).toEqual(at(24 * 60 + 30));
  });

  it('stops on completion and starts a new resolution clock on reopening', () => {
    const done = clocksAfterStatusChange(ticket, { ...start, breached: { firstResponse: false, resolution: true } }, { from: 'in_progress', to: 'completed' }, RULES, at(2_000));
    expect(done.resolvedAt).toEqual(at(2_000));
    expect(done.breached.resolution).toBe(true);
    const reopened = clocksAfterStatusChange(ticket, done, { from: 'completed', to: 'in_progress' }, RULES, at(3_000));
    expect(reopened).toMatchObject({ resolvedAt: null, cycle: 1, breached: { resolution: false } });
    expect(reopened.resolutionDueAt).toEqual(at(3_000 + 24 * 60));
    expect(momentDedupeKey('t1', reopened, { clock: 'resolution', milestone: 'breach' })).toBe('sla:t1:resolution:breach:1');
  });
});

describe('moments', () => {
  it('lists what is still ahead and drops the first-response clock once answered', () => {
    const sla = planClocks({ createdAt, priority: 'high' }, null, RULES, createdAt);
    expect(pendingMoments(sla).map((m) => `${m.clock}:${m.milestone}`)).toEqual([
      'firstResponse:warning',
      'firstResponse:breach',
      'resolution:warning',
      'resolution:breach',
    ]);
    expect(passedMoments(sla, at(61)).map((m) => m.milestone)).toEqual(['warning', 'breach']);
    const answered = recordFirstResponse(sla, at(5))!;
    expect(pendingMoments(answered).map((m) => m.clock)).toEqual(['resolution', 'resolution']);
    expect(recordFirstResponse(answered, at(6))).toBeNull();
  });
});
