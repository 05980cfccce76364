import {
  PRIORITIES,
  TICKET_STATUSES,
  ticketListQuerySchema,
  type Priority,
  type TicketSlaView,
  type TicketSort,
  type TicketStatus,
} from '@relaydesk/shared';
import clsx from 'clsx';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTicketList } from '../../api/tickets.js';
import { Pagination } from '../../components/Pagination.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { SearchBox } from '../../components/SearchBox.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { ShortcutsDialog } from '../../components/ShortcutsDialog.js';
import { TicketRow } from '../../components/TicketRow.js';
import { LIST_SHORTCUTS, useListKeyboard } from '../../hooks/useListKeyboard.js';
import { useListParams } from '../../hooks/useListParams.js';
import { useOfflinePolling } from '../../hooks/useOfflinePolling.js';
import { priorityLabel, statusLabel } from '../../lib/labels.js';
import { useWorkspaceAbilities } from '../../providers/SessionProvider.js';
import { BulkActionBar } from './BulkActionBar.js';

/** Tickets shown per page. */
export const TICKETS_PER_PAGE = 10;

const STATUS_OPTIONS = TICKET_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }));
const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: priorityLabel(p) }));
const SORT_LABELS: Record<TicketSort, string> = {
  newest: 'Newest',
  oldest: 'Oldest',
  priority: 'Most urgent',
  waiting: 'Waiting longest on us',
  due: 'Due soonest',
};
/** Sorts by filing date make sense to anyone; the rest are for the people who work tickets. */
const PUBLIC_SORTS: TicketSort[] = ['newest', 'oldest'];
const SLA_VIEWS: Array<{ value: TicketSlaView | undefined; label: string }> = [
  { value: undefined, label: 'All' },
  { value: 'breached', label: 'Breached' },
  { value: 'due_soon', label: 'Due in the next hour' },
];
type AssigneeChoice = 'me' | 'unassigned';

/** One value of a several-valued filter, for a single-choice control; undefined when none or several. */
const single = <T,>(values: T[] | undefined) => (values?.length === 1 ? values[0] : undefined);

/**
 * The tickets the server lets this person list: their own (filed or assigned), or
 * every ticket for someone who may list them all; for staff, the work queue with its
 * sorts, service-level views, whose turn it is, unread marks and live SLA
 * countdowns, and for admins bulk actions on a selection. Every filter and the sort
 * live in the URL, so a view can be bookmarked and back/forward walk through views.
 */
export function TicketListScene() {
  const abilities = useWorkspaceAbilities();
  // Priority, who filed a ticket and the queue details matter to the people who work tickets.
  const worksTickets = abilities.workQueue;
  const canBulk = abilities.bulkUpdateTickets;
  const [filters, setFilters] = useListParams(ticketListQuerySchema);
  const query = useTicketList(
    {
      page: filters.page,
      limit: TICKETS_PER_PAGE,
      status: filters.status,
      priority: filters.priority,
      q: filters.q,
      sort: filters.sort === 'newest' ? undefined : filters.sort,
      ...(worksTickets ? { assignee: filters.assignee, requester: filters.requester, sla: abilities.viewSla ? filters.sla : undefined } : {}),
    },
    { refetchInterval: useOfflinePolling() },
  );
  const onSearch = useCallback((q: string) => setFilters({ q }), [setFilters]);
  const isFiltered = Boolean(filters.status || filters.priority || filters.q || filters.assignee || filters.requester || filters.sla);
  const title = abilities.listAllTickets ? 'All tickets' : 'My tickets';
  const items = useMemo(() => query.data?.items ?? [], [query.data]);

  const { activeIndex, showShortcuts, openShortcuts, closeShortcuts } = useListKeyboard(items);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const visibleSelected = items.filter((t) => selected.has(t.id)).map((t) => t.id);
  const allSelected = items.length > 0 && visibleSelected.length === items.length;
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });


  const sorts = (Object.keys(SORT_LABELS) as TicketSort[]).filter((s) => worksTickets || PUBLIC_SORTS.includes(s));

  return (
    <section aria-labelledby="tickets-title" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="tickets-title" className="text-2xl font-semibold">
          {title}
        </h1>
        <div className="flex items-center gap-2">
          <button type="button" className="btn btn-ghost btn-sm" onClick={openShortcuts} aria-label="Keyboard shortcuts">
            <kbd className="kbd kbd-sm">?</kbd>
          </button>
          {abilities.fileTicket && (
            <Link to="/tickets/new" className="btn btn-primary btn-sm">
              New ticket
            </Link>
          )}
        </div>
      </div>

      {worksTickets && abilities.viewSla && (
        <div role="tablist" aria-label="Service-level views" className="tabs tabs-box w-fit">
          {SLA_VIEWS.map((view) => (
            <button
              key={view.label}
              type="button"
              role="tab"
              aria-selected={filters.sla === view.value}
              className={clsx('tab', filters.sla === view.value && 'tab-active')}
              onClick={() => setFilters({ sla: view.value }, { push: true })}
            >
              {view.label}
            </button>
          ))}
        </div>
      )}

      <div className="flex flex-col gap-3 rounded-box bg-base-100 p-3 sm:flex-row sm:flex-wrap sm:items-center">
        <div className="sm:flex-1">
          <SearchBox
            value={filters.q ?? ''}
            onSearch={onSearch}
            label="Search tickets"
            placeholder={worksTickets ? 'Search #number, title, description or requester' : 'Search #number, title or description'}
          />
        </div>
        <SelectFilter<TicketStatus>
          label="Status"
          value={single(filters.status)}
          options={STATUS_OPTIONS}
          anyLabel={filters.status && filters.status.length > 1 ? filters.status.map(statusLabel).join(', ') : 'Any'}
          onChange={(status) => setFilters({ status }, { push: true })}
        />
        {worksTickets && (
          <SelectFilter<Priority>
            label="Priority"
            value={single(filters.priority)}
            options={PRIORITY_OPTIONS}
            onChange={(priority) => setFilters({ priority }, { push: true })}
          />
        )}
        {worksTickets && (
          <SelectFilter<AssigneeChoice>
            label="Assignee"
            value={filters.assignee === 'me' || filters.assignee === 'unassigned' ? filters.assignee : undefined}
            options={[
              { value: 'me', label: 'Me' },
              { value: 'unassigned', label: 'Nobody' },
            ]}
            anyLabel="Anyone"
            onChange={(assignee) => setFilters({ assignee }, { push: true })}
          />
        )}
        <SelectFilter<TicketSort>
          label="Sort"
          value={filters.sort === 'newest' ? undefined : filters.sort}
          options={sorts.filter((s) => s !== 'newest').map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          anyLabel={SORT_LABELS.newest}
          onChange={(sort) => setFilters({ sort }, { push: true })}
        />
      </div>

      {canBulk && visibleSelected.length > 0 && (
        <BulkActionBar
          ids={visibleSelected}
          nameOf={(id) => `#${items.find((t) => t.id === id)?.number ?? id}`}
          onClear={() => setSelected(new Set())}
        />
      )}

      {query.isPending ? (
        <LoadingState label="Loading tickets…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} title="Could not load tickets." />
      ) : query.data.items.length === 0 ? (
        <EmptyState title={isFiltered ? 'No tickets match these filters.' : 'No tickets yet.'}>
          {isFiltered ? (
            <button
              type="button"
              className="link"
              onClick={() =>
                setFilters({ q: undefined, status: undefined, priority: undefined, assignee: undefined, requester: undefined, sla: undefined })
              }
            >
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
          {canBulk && (
            <label className="mb-2 flex w-fit items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="checkbox checkbox-sm"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((t) => t.id)))}
              />
              Select all on this page
            </label>
          )}
          <ul className="flex flex-col gap-2" aria-label="Tickets" aria-busy={query.isFetching}>
            {query.data.items.map((ticket, index) => (
              <TicketRow
                key={ticket.id}
                ticket={ticket}
                showCreator={worksTickets}
                showQueueDetails={worksTickets}
                active={index === activeIndex}
                selection={canBulk ? { selected: selected.has(ticket.id), onToggle: () => toggle(ticket.id) } : undefined}
              />
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
      {showShortcuts && <ShortcutsDialog shortcuts={LIST_SHORTCUTS} onClose={closeShortcuts} />}
    </section>
  );
}
