import type { BusinessHours } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, workingMinutesBetween } from './clock.js';

/** Monday to Friday, 09:00 to 17:00 in Berlin. */
const BERLIN: BusinessHours = { timeZone: 'Europe/Berlin', weekdays: [1, 2, 3, 4, 5], opensAt: '09:00', closesAt: '17:00' };

describe('addWorkingMinutes', () => {
  it('adds plain minutes, fractions included, around the clock', () => {
    const start = new Date('2026-03-02T10:00:00Z');
    expect(addWorkingMinutes(start, 90, null).toISOString()).toBe('2026-03-02T11:30:00.000Z');
    expect(addWorkingMinutes(start, 0.05, null).toISOString()).toBe('2026-03-02T10:00:03.000Z');
  });

  it('counts inside business hours in the policy time zone (winter, UTC+1)', () => {
    // Monday 10:00 Berlin + 60 min = 11:00 Berlin = 10:00Z.
    expect(addWorkingMinutes(new Date('2026-01-05T09:00:00Z'), 60, BERLIN).toISOString()).toBe('2026-01-05T10:00:00.000Z');
  });

  it('carries what does not fit into the next working day', () => {
    // Monday 16:30 Berlin + 60 min: 30 today, 30 from Tuesday 09:00 → Tuesday 09:30 Berlin.
    expect(addWorkingMinutes(new Date('2026-01-05T15:30:00Z'), 60, BERLIN).toISOString()).toBe('2026-01-06T08:30:00.000Z');
  });

  it('skips the weekend and starts a ticket filed at night at opening time', () => {
    // Friday 20:00 Berlin + 30 min → Monday 09:30 Berlin.
    expect(addWorkingMinutes(new Date('2026-01-09T19:00:00Z'), 30, BERLIN).toISOString()).toBe('2026-01-12T08:30:00.000Z');
  });

  it('follows daylight saving time (summer, UTC+2)', () => {
    // Monday 29 June 2026 08:00 Berlin (06:00Z) + 15 min → 09:15 Berlin = 07:15Z.
    expect(addWorkingMinutes(new Date('2026-06-29T06:00:00Z'), 15, BERLIN).toISOString()).toBe('2026-06-29T07:15:00.000Z');
  });

  it('spans several days for long targets', () => {
    // 24 working hours from Monday 09:00 Berlin = three full days → Wednesday 17:00 Berlin.
    expect(addWorkingMinutes(new Date('2026-01-05T08:00:00Z'), 24 * 60, BERLIN).toISOString()).toBe('2026-01-07T16:00:00.000Z');
  });
});

describe('workingMinutesBetween', () => {
  it('is plain minutes around the clock and zero backwards', () => {
    expect(workingMinutesBetween(new Date('2026-01-05T09:00:00Z'), new Date('2026-01-05T09:30:00Z'), null)).toBe(30);
    expect(workingMinutesBetween(new Date('2026-01-05T09:30:00Z'), new Date('2026-01-05T09:00:00Z'), null)).toBe(0);
  });

  it('counts only business hours, across a weekend', () => {
    // Friday 16:00 Berlin to Monday 10:00 Berlin: 60 + 60 minutes.
    expect(workingMinutesBetween(new Date('2026-01-09T15:00:00Z'), new Date('2026-01-12T09:00:00Z'), BERLIN)).toBe(120);
  });

  it('undoes addWorkingMinutes', () => {
    const start = new Date('2026-01-08T14:12:00Z');
    const end = addWorkingMinutes(start, 1_000, BERLIN);
    expect(workingMinutesBetween(start, end, BERLIN)).toBeCloseTo(1_000, 6);
  });
});
