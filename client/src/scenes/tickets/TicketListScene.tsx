import { PRIORITIES, TICKET_STATUSES, ticketListQuerySchema, type Priority, type TicketStatus } from '@relaydesk/shared';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { useTicketList } from '../../api/tickets.js';
import { Pagination } from '../../components/Pagination.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { SearchBox } from '../../components/SearchBox.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { TicketRow } from '../../components/TicketRow.js';
import { useListParams } from '../../hooks/useListParams.js';
import { useOfflinePolling } from '../../hooks/useOfflinePolling.js';
import { priorityLabel, statusLabel } from '../../lib/labels.js';
import { useWorkspaceAbilities } from '../../providers/SessionProvider.js';

/** Tickets shown per page. */
export const TICKETS_PER_PAGE = 10;

const STATUS_OPTIONS = TICKET_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }));
const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: priorityLabel(p) }));

/**
 * The tickets the server lets this person list: their own (filed or assigned),
 * or every ticket for someone who may list them all. Filters live in the URL.
 */
export function TicketListScene() {
  const abilities = useWorkspaceAbilities();
  // Priority and who filed a ticket matter to the people who work tickets.
  const worksTickets = abilities.workQueue;
  const [filters, setFilters] = useListParams(ticketListQuerySchema);
  const query = useTicketList(
    { page: filters.page, limit: TICKETS_PER_PAGE, status: filters.status, priority: filters.priority, q: filters.q },
    { refetchInterval: useOfflinePolling() },
  );
  const onSearch = useCallback((q: string) => setFilters({ q }), [setFilters]);
  const isFiltered = Boolean(filters.status || filters.priority || filters.q);
  const title = abilities.listAllTickets ? 'All tickets' : 'My tickets';

  return (
    <section aria-labelledby="tickets-title" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="tickets-title" className="text-2xl font-semibold">
          {title}
        </h1>
        {abilities.fileTicket && (
          <Link to="/tickets/new" className="btn btn-primary btn-sm">
            New ticket
          </Link>
        )}
      </div>

      <div className="flex flex-col gap-3 rounded-box bg-base-100 p-3 sm:flex-row sm:flex-wrap sm:items-center">
        <div className="sm:flex-1">
          <SearchBox value={filters.q ?? ''} onSearch={onSearch} label="Search tickets" placeholder="Search title or description" />
        </div>
        <SelectFilter<TicketStatus>
          label="Status"
          value={filters.status}
          options={STATUS_OPTIONS}
          onChange={(status) => setFilters({ status })}
        />
        {worksTickets && (
          <SelectFilter<Priority>
            label="Priority"
            value={filters.priority}
            options={PRIORITY_OPTIONS}
            onChange={(priority) => setFilters({ priority })}
          />
        )}
      </div>

      {query.isPending ? (
        <LoadingState label="Loading tickets…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} title="Could not load tickets." />
      ) : query.data.items.length === 0 ? (
        <EmptyState title={isFiltered ? 'No tickets match these filters.' : 'No tickets yet.'}>
          {isFiltered ? (
            <button type="button" className="link" onClick={() => setFilters({ q: undefined, status: undefined, priority: undefined })}>
              Clear the filters
            </button>
          ) : (
            abilities.fileTicket && (
              <Link className="link" to="/tickets/new">
                File your first ticket
              </Link>
            )
          )}
        </EmptyState>
      ) : (
        <div>
          <ul className="flex flex-col gap-2" aria-label="Tickets" aria-busy={query.isFetching}>
            {query.data.items.map((ticket) => (
              <TicketRow key={ticket.id} ticket={ticket} showCreator={worksTickets} />
            ))}
          </ul>
          <Pagination
            page={query.data.page}
            totalPages={query.data.totalPages}
            total={query.data.total}
            itemLabel={query.data.total === 1 ? 'ticket' : 'tickets'}
            isFetching={query.isFetching && query.isPlaceholderData}
            onPageChange={(page) => setFilters({ page })}
          />
        </div>
      )}
    </section>
  );
}
