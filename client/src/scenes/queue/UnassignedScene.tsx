import { PRIORITIES, ticketListQuerySchema, type Priority, type Ticket } from '@relaydesk/shared';
import { formatDistanceToNowStrict } from 'date-fns';
import { Link } from 'react-router';
import { useTicketList } from '../../api/tickets.js';
import { PriorityBadge, StatusBadge } from '../../components/Badges.js';
import { Pagination } from '../../components/Pagination.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { useListParams } from '../../hooks/useListParams.js';
import { useOfflinePolling } from '../../hooks/useOfflinePolling.js';
import { categoryLabel, priorityLabel } from '../../lib/labels.js';
import { ClaimButton } from '../tickets/AssigneeActions.js';

/** Tickets shown per page. */
const POOL_PAGE_SIZE = 20;

/**
 * The server announces a ticket's changes to the people on it, not to every
 * moderator, so a ticket entering the pool is not pushed here; a gentle poll
 * covers that. Changes this person is part of (releases, claims) arrive live.
 */
const POOL_POLL_MS = 30_000;

const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: priorityLabel(p) }));

/** One ticket waiting for someone: what it is, who filed it, how long it has waited, and "Take it". */
function PoolRow({ ticket }: { ticket: Ticket }) {
  return (
    <li className="relative flex flex-col gap-2 rounded-box bg-base-100 p-3 shadow-xs hover:shadow-md sm:flex-row sm:items-center sm:gap-4 sm:p-4" data-testid="pool-ticket">
      <div className="flex shrink-0 items-center gap-2 sm:w-24">
        <PriorityBadge priority={ticket.priority} />
      </div>
      <div className="min-w-0 flex-1">
        <Link to={`/tickets/${ticket.id}`} className="font-medium after:absolute after:inset-0 hover:underline focus-visible:underline">
          {ticket.title}
        </Link>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs opacity-75">
          <StatusBadge status={ticket.status} />
          {ticket.category && ticket.category !== 'other' && <span>{categoryLabel(ticket.category)}</span>}
          <span>from {ticket.createdBy.name}</span>
          <span>
            waiting <time dateTime={ticket.createdAt}>{formatDistanceToNowStrict(new Date(ticket.createdAt))}</time>
          </span>
        </p>
      </div>
      {/* Above the row-wide link, so the button is what a click on it reaches. */}
      {ticket.abilities.claim && <ClaimButton ticket={ticket} className="relative z-10 shrink-0 self-start sm:self-center" />}
    </li>
  );
}

/** Open tickets nobody has, for staff to take; newest first, as the server lists them. */
export function UnassignedScene() {
  const [filters, setFilters] = useListParams(ticketListQuerySchema);
  const offlinePolling = useOfflinePolling();
  const pool = useTicketList(
    { assignee: 'unassigned', page: filters.page, limit: POOL_PAGE_SIZE, priority: filters.priority },
    { refetchInterval: offlinePolling || POOL_POLL_MS },
  );

  return (
    <section aria-labelledby="pool-title" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 id="pool-title" className="text-2xl font-semibold">
            Unassigned
          </h1>
          <p className="text-sm opacity-75">Open tickets nobody has yet. Take one and it moves to your queue.</p>
        </div>
        <SelectFilter<Priority> label="Priority" value={filters.priority?.[0]} options={PRIORITY_OPTIONS} onChange={(priority) => setFilters({ priority })} />
      </div>
      {pool.isPending ? (
        <LoadingState label="Loading unassigned tickets…" />
      ) : pool.isError ? (
        <ErrorState error={pool.error} onRetry={() => void pool.refetch()} title="Could not load the unassigned tickets." />
      ) : pool.data.items.length === 0 ? (
        <EmptyState title={filters.priority ? 'No unassigned tickets of this priority.' : 'Every open ticket has someone.'}>
          Tickets given back, or that nobody could take, appear here.
        </EmptyState>
      ) : (
        <>
          <ul className="flex flex-col gap-2" aria-label="Unassigned tickets" data-testid="pool">
            {pool.data.items.map((ticket) => (
              <PoolRow key={ticket.id} ticket={ticket} />
            ))}
          </ul>
          <Pagination
            page={pool.data.page}
            totalPages={pool.data.totalPages}
            total={pool.data.total}
            itemLabel="tickets"
            isFetching={pool.isFetching && pool.isPlaceholderData}
            onPageChange={(page) => setFilters({ page })}
          />
        </>
      )}
    </section>
  );
}
