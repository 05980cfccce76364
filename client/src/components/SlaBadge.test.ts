import type { TicketSla } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { describeSla } from './SlaBadge.js';

const now = new Date('2026-01-05T10:00:00Z');
const clocks = (over: Partial<TicketSla> = {}): TicketSla => ({
  firstResponseDueAt: '2026-01-05T10:30:00Z',
  firstRespondedAt: null,
  resolutionDueAt: '2026-01-06T10:00:00Z',
  resolvedAt: null,
  pausedSince: null,
  warned: { firstResponse: false, resolution: false },
  breached: { firstResponse: false, resolution: false },
  ...over,
});

describe('describeSla', () => {
  it('shows the first response due, then the resolution, paused while waiting, and nothing once resolved', () => {
    expect(describeSla(clocks(), now)).toEqual({ label: 'First response due in 30 minutes', tone: 'info' });
    expect(describeSla(clocks({ firstRespondedAt: '2026-01-05T09:50:00Z' }), now)).toEqual({ label: 'Resolve within 1 day', tone: 'info' });
    expect(describeSla(clocks({ firstRespondedAt: '2026-01-05T09:50:00Z', pausedSince: '2026-01-05T09:55:00Z' }), now)?.tone).toBe('ghost');
    expect(describeSla(clocks({ resolvedAt: '2026-01-05T09:59:00Z' }), now)).toBeNull();
    expect(describeSla(null, now)).toBeNull();
  });

  it('warns at risk and shouts when overdue', () => {
    expect(describeSla(clocks({ warned: { firstResponse: true, resolution: false } }), now)?.tone).toBe('warning');
    expect(describeSla(clocks({ breached: { firstResponse: true, resolution: false } }), now)).toEqual({ label: 'First response overdue', tone: 'error' });
  });
});
