import { PRESENCE_STATUSES, type PresenceStatus } from '@relaydesk/shared';
import clsx from 'clsx';
import { presenceLabel } from '../lib/labels.js';

const DOT_CLASS: Record<PresenceStatus, string> = {
  online: 'bg-success',
  dnd: 'bg-error',
  offline: 'bg-base-content/30',
};

/**
 * A coloured dot for a presence; its meaning is also given as text for screen
 * readers and as a tooltip. An unknown presence is a hollow dot.
 */
export function PresenceDot({
  status,
  className,
  decorative = false,
}: {
  status: PresenceStatus | undefined;
  className?: string;
  /** Next to text that already names the presence: hidden from screen readers. */
  decorative?: boolean;
}) {
  const label = status ? presenceLabel(status) : 'Presence unknown';
  return (
    <span
      className={clsx(
        'inline-block size-2.5 shrink-0 rounded-full ring-2 ring-base-100',
        status ? DOT_CLASS[status] : 'border border-base-content/40 bg-transparent',
        className,
      )}
      title={label}
      {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label })}
      data-presence={status ?? 'unknown'}
    />
  );
}

/**
 * A presence as a small badge with its dot and its name, for places where the
 * presence is part of the explanation (why someone was or was not chosen). Takes
 * the raw string the server stored; an unknown one reads "Presence unknown".
 */
export function PresenceBadge({ presence }: { presence: string }) {
  const status = (PRESENCE_STATUSES as readonly string[]).includes(presence) ? (presence as PresenceStatus) : undefined;
  return (
    <span className="badge badge-ghost badge-sm gap-1.5 whitespace-nowrap">
      <PresenceDot status={status} decorative />
      {status ? presenceLabel(status) : 'Presence unknown'}
    </span>
  );
}
