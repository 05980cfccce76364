import type { Ticket } from '@relaydesk/shared';
import { formatDistanceToNowStrict } from 'date-fns';
import { Link } from 'react-router';
import { PriorityBadge, StatusBadge } from './Badges.js';
import { CommentIcon } from './Icons.js';
import { UserChip } from './UserAvatar.js';

/** One ticket in a list: title, status, priority, people and age; the whole row links to the ticket. */
export function TicketRow({ ticket, showCreator = false }: { ticket: Ticket; showCreator?: boolean }) {
  return (
    <li className="relative flex flex-col gap-2 rounded-box bg-base-100 p-3 shadow-xs transition hover:shadow-md sm:flex-row sm:items-center sm:gap-4 sm:p-4">
      <div className="min-w-0 flex-1">
        <span className="mr-2 font-mono text-sm opacity-60" data-testid="ticket-number">
          #{ticket.number}
        </span>
        <Link to={`/tickets/${ticket.id}`} className="font-medium after:absolute after:inset-0 hover:underline focus-visible:underline">
          {ticket.title}
        </Link>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs opacity-75">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          <span>
            opened <time dateTime={ticket.createdAt}>{formatDistanceToNowStrict(new Date(ticket.createdAt), { addSuffix: true })}</time>
          </span>
          {showCreator && <span>by {ticket.createdBy.name}</span>}
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
