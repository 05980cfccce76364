import { MAX_PAGE_SIZE, type TicketListItem, type User } from '@relaydesk/shared';
import clsx from 'clsx';
import { formatDistanceToNowStrict } from 'date-fns';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTicketList } from '../../api/tickets.js';
import { PriorityBadge, StatusBadge } from '../../components/Badges.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { ShortcutsDialog } from '../../components/ShortcutsDialog.js';
import { SlaBadge } from '../../components/SlaBadge.js';
import { WaitingOn } from '../../components/TicketRow.js';
import { LIST_SHORTCUTS, useListKeyboard } from '../../hooks/useListKeyboard.js';
import { useOfflinePolling } from '../../hooks/useOfflinePolling.js';
import { PRIORITY_RANK, formatHours } from '../../lib/labels.js';
import { useCurrentUser } from '../../providers/SessionProvider.js';

const NO_TICKETS: TicketListItem[] = [];

/** Most urgent first; among equals, whoever has waited longest. */
function compareQueueTickets(a: TicketListItem, b: TicketListItem): number {
  const byPriority = PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority];
  if (byPriority !== 0) return byPriority;
  return new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
}

/** A moderator's own figures, as the server keeps them on the user. */
function ModeratorStats({ user }: { user: User }) {
  return (
    <section aria-label="Your numbers" className="stats stats-vertical w-full bg-base-100 shadow-xs sm:stats-horizontal">
      <div className="stat">
        <div className="stat-title">Resolved</div>
        <div className="stat-value text-3xl" data-testid="stat-resolved">
          {user.stats.totalResolved}
        </div>
        <div className="stat-desc">tickets completed</div>
      </div>
      <div className="stat">
        <div className="stat-title">Average resolution</div>
        <div className="stat-value text-3xl">{formatHours(user.stats.avgResolutionHours)}</div>
        <div className="stat-desc">from filing to completion</div>
      </div>
      <div className="stat">
        <div className="stat-title">Active load</div>
        <div className="stat-value text-3xl" data-testid="stat-active">
          {user.stats.activeTickets}
        </div>
        <div className="stat-desc">open tickets assigned to you</div>
      </div>
    </section>
  );
}

/**
 * The tickets assigned to the signed-in moderator that are still open, most
 * urgent and oldest first. The server lists newest first, so the open tickets
 * are fetched by status (a moderator's open load is small) and ordered here.
 */
export function QueueScene() {
  const user = useCurrentUser();
  const refetchInterval = useOfflinePolling();
  const todo = useTicketList({ status: ['todo'], limit: MAX_PAGE_SIZE }, { refetchInterval });
  const inProgress = useTicketList({ status: ['in_progress'], limit: MAX_PAGE_SIZE }, { refetchInterval });
  const firstSeen = useRef<Set<string> | null>(null);
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());

  const queue = useMemo(() => {
    if (!todo.data || !inProgress.data) return null;
    return [...todo.data.items, ...inProgress.data.items].filter((t) => t.assignedTo?.id === user.id).sort(compareQueueTickets);
  }, [todo.data, inProgress.data, user.id]);

  // Marks tickets that arrived while the queue was open, so a glance finds them.
  useEffect(() => {
    if (!queue) return;
    if (!firstSeen.current) {
      firstSeen.current = new Set(queue.map((t) => t.id));
      return;
    }
    const seen = firstSeen.current;
    const fresh = queue.filter((t) => !seen.has(t.id)).map((t) => t.id);
    if (fresh.length === 0) return;
    fresh.forEach((id) => seen.add(id));
    setArrived((current) => new Set([...current, ...fresh]));
  }, [queue]);

  const { activeIndex, showShortcuts, closeShortcuts } = useListKeyboard(queue ?? NO_TICKETS);

  const isTruncated = (todo.data?.total ?? 0) > MAX_PAGE_SIZE || (inProgress.data?.total ?? 0) > MAX_PAGE_SIZE;
  const error = todo.error ?? inProgress.error;

  return (
    <section aria-labelledby="queue-title" className="flex flex-col gap-4">
      <h1 id="queue-title" className="text-2xl font-semibold">
        My queue
      </h1>
      <ModeratorStats user={user} />
      {error ? (
        <ErrorState
          error={error}
          onRetry={() => {
            void todo.refetch();
            void inProgress.refetch();
          }}
          title="Could not load your queue."
        />
      ) : !queue ? (
        <LoadingState label="Loading your queue…" />
      ) : queue.length === 0 ? (
        <EmptyState title="Your queue is empty.">New assignments appear here the moment they are made.</EmptyState>
      ) : (
        <ol className="flex flex-col gap-2" aria-label="Assigned tickets, most urgent first" data-testid="queue">
          {queue.map((ticket, index) => (
            <li
              key={ticket.id}
              className={clsx(
                'relative flex flex-col gap-1 rounded-box bg-base-100 p-3 shadow-xs hover:shadow-md sm:flex-row sm:items-center sm:gap-4 sm:p-4',
                index === activeIndex && 'ring-2 ring-primary',
              )}
              data-testid="ticket-row"
              data-ticket-id={ticket.id}
              data-unread={ticket.unread ? 'true' : undefined}
              aria-current={index === activeIndex ? 'true' : undefined}
            >
              <div className="flex shrink-0 items-center gap-2 sm:w-28">
                <PriorityBadge priority={ticket.priority} />
                {arrived.has(ticket.id) && <span className="badge badge-accent badge-sm">New</span>}
              </div>
              <div className="min-w-0 flex-1">
                {ticket.unread && <span className="mr-2 inline-block size-2 rounded-full bg-primary align-middle" aria-hidden="true" data-testid="unread-dot" />}
                <span className="mr-2 font-mono text-sm opacity-60">#{ticket.number}</span>
                <Link to={`/tickets/${ticket.id}`} className={clsx('after:absolute after:inset-0 hover:underline', ticket.unread ? 'font-bold' : 'font-medium')}>
                  {ticket.title}
                </Link>
                {ticket.unread && <span className="sr-only"> (unread)</span>}
                <p className="mt-1 flex flex-wrap gap-2 text-xs opacity-75">
                  <StatusBadge status={ticket.status} />
                  <SlaBadge sla={ticket.sla} />
                  <span>from {ticket.createdBy.name}</span>
                  <WaitingOn ticket={ticket} />
                  {ticket.summary && <span className="truncate">· {ticket.summary}</span>}
                </p>
              </div>
              <p className="shrink-0 text-xs opacity-75">
                waiting{' '}
                <time dateTime={ticket.createdAt}>{formatDistanceToNowStrict(new Date(ticket.createdAt))}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      {showShortcuts && <ShortcutsDialog shortcuts={LIST_SHORTCUTS} onClose={closeShortcuts} />}
      {isTruncated && (
        <p className="text-sm opacity-75">
          Showing the first {MAX_PAGE_SIZE} open tickets of each status. <Link className="link" to="/tickets">See all</Link>
        </p>
      )}
    </section>
  );
}
