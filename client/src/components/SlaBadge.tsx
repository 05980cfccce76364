import type { TicketSla } from '@relaydesk/shared';
import clsx from 'clsx';
import { formatDistanceStrict } from 'date-fns';
import { useNow } from '../hooks/useNow.js';

/** What the badge says about a ticket's clocks, and how loudly; null when there is nothing to show. */
export function describeSla(sla: TicketSla | null, now: Date): { label: string; tone: 'error' | 'warning' | 'info' | 'ghost' } | null {
  if (!sla || sla.resolvedAt) return null;
  if (sla.breached.firstResponse || sla.breached.resolution) {
    return { label: sla.breached.firstResponse && !sla.firstRespondedAt ? 'First response overdue' : 'SLA breached', tone: 'error' };
  }
  const until = (iso: string) => formatDistanceStrict(new Date(iso), now);
  // Past its target before the server's timer has flagged it (a second or so): already overdue, not "due in" again.
  const isPast = (iso: string) => new Date(iso).getTime() <= now.getTime();
  if (!sla.firstRespondedAt && sla.firstResponseDueAt && isPast(sla.firstResponseDueAt)) return { label: 'First response overdue', tone: 'error' };
  if (!sla.firstRespondedAt && sla.firstResponseDueAt) {
    return { label: `First response due in ${until(sla.firstResponseDueAt)}`, tone: sla.warned.firstResponse ? 'warning' : 'info' };
  }
  if (sla.pausedSince) return { label: 'SLA paused: waiting on requester', tone: 'ghost' };
  if (sla.resolutionDueAt && isPast(sla.resolutionDueAt)) return { label: 'SLA breached', tone: 'error' };
  if (sla.resolutionDueAt) {
    return { label: `Resolve within ${until(sla.resolutionDueAt)}`, tone: sla.warned.resolution ? 'warning' : 'info' };
  }
  return null;
}

const TONE_CLASS = { error: 'badge-error', warning: 'badge-warning', info: 'badge-outline', ghost: 'badge-ghost' } as const;

/** A ticket's service-level state: overdue, at risk, paused, or when the next target falls; counts down each second unless given `now`. */
export function SlaBadge({ sla, now }: { sla: TicketSla | null; now?: Date }) {
  const ticking = now === undefined && Boolean(sla && !sla.resolvedAt && !sla.pausedSince && !sla.breached.firstResponse && !sla.breached.resolution);
  const clock = useNow(1_000, ticking);
  const shown = describeSla(sla, now ?? clock);
  if (!shown) return null;
  return (
    <span className={clsx('badge badge-sm whitespace-nowrap', TONE_CLASS[shown.tone])} data-testid="sla-badge">
      {shown.label}
    </span>
  );
}
