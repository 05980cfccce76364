import type { Ticket, TicketListItem } from '@relaydesk/shared';
import clsx from 'clsx';
import { formatDistanceStrict, formatDistanceToNowStrict } from 'date-fns';
import { Link } from 'react-router';
import { useNow } from '../hooks/useNow.js';
import { PriorityBadge, StatusBadge } from './Badges.js';
import { CommentIcon } from './Icons.js';
import { SlaBadge } from './SlaBadge.js';
import { UserChip } from './UserAvatar.js';

/** Whose turn it is, as a row says it: "Waiting on us 2 hours" or "Waiting on requester". */
export function WaitingOn({ ticket }: { ticket: Pick<Ticket, 'waitingOn' | 'waitingSince'> }) {
  const now = useNow();
  if (!ticket.waitingOn) return null;
  if (ticket.waitingOn === 'requester') return <span data-testid="waiting-on">Waiting on requester</span>;
  const since = ticket.waitingSince ? ` ${formatDistanceStrict(new Date(ticket.waitingSince), new Date(now))}` : '';
  return (
    <span className="font-medium" data-testid="waiting-on">
      Waiting on us{since}
    </span>
  );
}

/** What a row in a selectable, keyboard-driven list needs from the list. */
export interface TicketRowSelection {
  selected: boolean;
  onToggle(): void;
}

/**
 * One ticket in a list: title, status, priority, people and age; the whole row links
 * to the ticket. In the staff queue it also shows the SLA countdown, whose turn it
 * is, an unread mark, and (for bulk actions) a checkbox; `active` is the row the
 * keyboard is on.
 */
export function TicketRow({
  ticket,
  showCreator = false,
  showQueueDetails = false,
  selection,
  active = false,
}: {
  ticket: Ticket | TicketListItem;
  showCreator?: boolean;
  /** SLA countdown and whose turn it is: for staff. */
  showQueueDetails?: boolean;
  selection?: TicketRowSelection;
  active?: boolean;
}) {
  const unread = 'unread' in ticket && ticket.unread;
  return (
    <li
      className={clsx(
        'relative flex flex-col gap-2 rounded-box bg-base-100 p-3 shadow-xs transition hover:shadow-md sm:flex-row sm:items-center sm:gap-4 sm:p-4',
        active && 'ring-2 ring-primary',
      )}
      data-testid="ticket-row"
      data-ticket-id={ticket.id}
      data-priority={ticket.priority}
      data-unread={unread ? 'true' : undefined}
      aria-current={active ? 'true' : undefined}
    >
      {selection && (
        // Above the row-wide link, so a click on the box ticks it rather than opening the ticket.
        <input
          type="checkbox"
          className="checkbox checkbox-sm relative z-10"
          checked={selection.selected}
          onChange={selection.onToggle}
          aria-label={`Select #${ticket.number}`}
        />
      )}
      <div className="min-w-0 flex-1">
        {unread && <span className="mr-2 inline-block size-2 rounded-full bg-primary align-middle" aria-hidden="true" data-testid="unread-dot" />}
        <span className="mr-2 font-mono text-sm opacity-60" data-testid="ticket-number">
          #{ticket.number}
        </span>
        <Link
          to={`/tickets/${ticket.id}`}
          className={clsx('after:absolute after:inset-0 hover:underline focus-visible:underline', unread ? 'font-bold' : 'font-medium')}
        >
          {ticket.title}
        </Link>
        {unread && <span className="sr-only"> (unread)</span>}
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs opacity-75">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          {showQueueDetails && <SlaBadge sla={ticket.sla} />}
          <span>
            opened <time dateTime={ticket.createdAt}>{formatDistanceToNowStrict(new Date(ticket.createdAt), { addSuffix: true })}</time>
          </span>
          {showCreator && <span>by {ticket.createdBy.name}</span>}
          {showQueueDetails && <WaitingOn ticket={ticket} />}
          <span className="inline-flex items-center gap-1" title={`${ticket.commentCount} comments`}>
            <CommentIcon />
            {ticket.commentCount}
            <span className="sr-only"> comments</span>
          </span>
        </p>
      </div>
      <div className="shrink-0 text-sm sm:w-48">
        {ticket.assignedTo ? (
          <UserChip user={ticket.assignedTo} caption="Assigned" />
        ) : (
          <span className="text-xs opacity-70">Not assigned yet</span>
        )}
      </div>
    </li>
  );
}
