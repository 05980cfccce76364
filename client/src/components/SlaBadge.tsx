import type { TicketSla } from '@relaydesk/shared';
import clsx from 'clsx';
import { useNow } from '../hooks/useNow.js';

export type SlaTone = 'error' | 'warning' | 'success' | 'ghost';

/** A countdown as people read it at a glance: `2d 4h`, `3h 05m`, `4m 09s`. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${two(minutes)}m`;
  return `${minutes}m ${two(seconds)}s`;
}

/**
 * What the badge says about a ticket's clocks, and how loudly; null when there is
 * nothing to show. Red once a target has passed (flagged by the server, or by the
 * countdown reaching zero before the server's timer has), amber inside the warning
 * window the server flagged, grey while paused, green otherwise.
 */
export function describeSla(sla: TicketSla | null, now: Date): { label: string; tone: SlaTone } | null {
  if (!sla || sla.resolvedAt) return null;
  if (sla.breached.firstResponse || sla.breached.resolution) {
    return { label: sla.breached.firstResponse && !sla.firstRespondedAt ? 'First response overdue' : 'SLA breached', tone: 'error' };
  }
  const left = (iso: string) => new Date(iso).getTime() - now.getTime();
  if (!sla.firstRespondedAt && sla.firstResponseDueAt) {
    const ms = left(sla.firstResponseDueAt);
    if (ms <= 0) return { label: 'First response overdue', tone: 'error' };
    return { label: `First response due in ${formatCountdown(ms)}`, tone: sla.warned.firstResponse ? 'warning' : 'success' };
  }
  if (sla.pausedSince) return { label: 'SLA paused: waiting on requester', tone: 'ghost' };
  if (sla.resolutionDueAt) {
    const ms = left(sla.resolutionDueAt);
    if (ms <= 0) return { label: 'Resolution overdue', tone: 'error' };
    return { label: `Resolve within ${formatCountdown(ms)}`, tone: sla.warned.resolution ? 'warning' : 'success' };
  }
  return null;
}

const TONE_CLASS: Record<SlaTone, string> = { error: 'badge-error', warning: 'badge-warning', success: 'badge-success', ghost: 'badge-ghost' };

/** A ticket's service-level state with a live countdown, ticking on the page's one shared clock. */
export function SlaBadge({ sla, now }: { sla: TicketSla | null; now?: Date }) {
  const ticking = useNow();
  const shown = describeSla(sla, now ?? new Date(ticking));
  if (!shown) return null;
  return (
    <span className={clsx('badge badge-sm whitespace-nowrap tabular-nums', TONE_CLASS[shown.tone])} data-testid="sla-badge" data-tone={shown.tone}>
      {shown.label}
    </span>
  );
}
