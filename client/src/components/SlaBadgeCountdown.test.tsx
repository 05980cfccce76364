import type { TicketSla } from '@relaydesk/shared';
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeSlaClocks } from '../test/fixtures.js';
import { describeSla, SlaBadge } from './SlaBadge.js';

const start = new Date('2026-01-05T10:00:00Z');
// First response due 20 s after `start`, so the countdown crosses zero within the test.
const clocks = (over: Partial<TicketSla> = {}): TicketSla => makeSlaClocks({ firstResponseDueAt: '2026-01-05T10:00:20Z', ...over });

describe('SlaBadge counting down', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(start);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts the seconds down on its own and turns red once the target passes', () => {
    render(<SlaBadge sla={clocks()} />);
    const badge = screen.getByTestId('sla-badge');
    expect(badge).toHaveTextContent('First response due in 0m 20s');
    act(() => vi.advanceTimersByTime(5_000));
    expect(badge).toHaveTextContent('First response due in 0m 15s');
    expect(badge).not.toHaveClass('badge-error');
    act(() => vi.advanceTimersByTime(15_000));
    expect(badge).toHaveTextContent('First response overdue');
    expect(badge).toHaveClass('badge-error');
  });

  it('stays still when given the time, or when the clock is paused', () => {
    const { rerender } = render(<SlaBadge sla={clocks()} now={start} />);
    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByTestId('sla-badge')).toHaveTextContent('due in 0m 20s');
    rerender(<SlaBadge sla={clocks({ firstRespondedAt: '2026-01-05T09:59:00Z', pausedSince: '2026-01-05T09:59:30Z' })} />);
    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByTestId('sla-badge')).toHaveTextContent('SLA paused: waiting on requester');
  });
});

describe('describeSla past a target the server has not flagged yet', () => {
  it('says overdue rather than counting up again', () => {
    const later = new Date('2026-01-06T11:00:00Z');
    expect(describeSla(clocks(), new Date('2026-01-05T10:00:21Z'))).toEqual({ label: 'First response overdue', tone: 'error' });
    expect(describeSla(clocks({ firstRespondedAt: '2026-01-05T10:00:05Z' }), later)).toEqual({ label: 'Resolution overdue', tone: 'error' });
  });
});
