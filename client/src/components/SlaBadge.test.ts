import { describe, expect, it } from 'vitest';
import { makeSlaClocks } from '../test/fixtures.js';
import { describeSla, formatCountdown } from './SlaBadge.js';

const now = new Date('2026-01-05T10:00:00Z');
const clocks = makeSlaClocks;

describe('describeSla', () => {
  it('shows the first response due, then the resolution, paused while waiting, and nothing once resolved', () => {
    expect(describeSla(clocks(), now)).toEqual({ label: 'First response due in 30m 00s', tone: 'success' });
    expect(describeSla(clocks({ firstRespondedAt: '2026-01-05T09:50:00Z' }), now)).toEqual({ label: 'Resolve within 1d 0h', tone: 'success' });
    expect(describeSla(clocks({ firstRespondedAt: '2026-01-05T09:50:00Z', pausedSince: '2026-01-05T09:55:00Z' }), now)?.tone).toBe('ghost');
    expect(describeSla(clocks({ resolvedAt: '2026-01-05T09:59:00Z' }), now)).toBeNull();
    expect(describeSla(null, now)).toBeNull();
  });

  it('warns at risk and shouts when overdue', () => {
    expect(describeSla(clocks({ warned: { firstResponse: true, resolution: false } }), now)?.tone).toBe('warning');
    expect(describeSla(clocks({ breached: { firstResponse: true, resolution: false } }), now)).toEqual({ label: 'First response overdue', tone: 'error' });
  });
});

describe('the live countdown', () => {
  it('counts down and turns red when the target passes before the server flags it', () => {
    const sla = clocks();
    expect(describeSla(sla, new Date('2026-01-05T10:29:58Z'))).toEqual({ label: 'First response due in 0m 02s', tone: 'success' });
    expect(describeSla(sla, new Date('2026-01-05T10:30:00Z'))).toEqual({ label: 'First response overdue', tone: 'error' });
  });

  it('reads as days and hours, hours and minutes, or minutes and seconds', () => {
    expect(formatCountdown(((2 * 24 + 4) * 3600 + 59) * 1000)).toBe('2d 4h');
    expect(formatCountdown((3 * 3600 + 5 * 60 + 9) * 1000)).toBe('3h 05m');
    expect(formatCountdown((4 * 60 + 9) * 1000)).toBe('4m 09s');
    expect(formatCountdown(-5000)).toBe('0m 00s');
  });
});
