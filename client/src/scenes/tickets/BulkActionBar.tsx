import { PRIORITIES, TICKET_STATUSES, type Priority, type TicketBulkBody, type TicketBulkResponse, type TicketStatus } from '@relaydesk/shared';
import { useId, useState } from 'react';
import { describeError } from '../../api/client.js';
import { useBulkUpdateTickets } from '../../api/tickets.js';
import { useUserList } from '../../api/users.js';
import { priorityLabel, statusLabel } from '../../lib/labels.js';

type BulkAction = TicketBulkBody['action'];

/**
 * Acts on the selected tickets at once (admins): assign them, change their status or
 * their priority. Says how many changed and, for each that did not, why; the
 * selection stays, so a partly failed action can be retried as it is.
 */
export function BulkActionBar({
  ids,
  nameOf,
  onClear,
}: {
  ids: string[];
  /** How a ticket is named in the outcome (its number). */
  nameOf(id: string): string;
  onClear(): void;
}) {
  const [action, setAction] = useState<BulkAction>('status');
  const [status, setStatus] = useState<TicketStatus>('in_progress');
  const [priority, setPriority] = useState<Priority>('high');
  const [moderatorId, setModeratorId] = useState('');
  const [outcome, setOutcome] = useState<TicketBulkResponse | null>(null);
  const bulk = useBulkUpdateTickets();
  const staff = useUserList({ role: 'moderator', limit: 100 }, { enabled: action === 'assign' });
  const actionId = useId();
  const valueId = useId();

  const body = (): TicketBulkBody | null => {
    if (action === 'status') return { ids, action, status };
    if (action === 'priority') return { ids, action, priority };
    return moderatorId ? { ids, action, moderatorId } : null;
  };

  const apply = async () => {
    const request = body();
    if (!request) return;
    setOutcome(await bulk.mutateAsync(request));
  };

  return (
    <div role="region" aria-label="Bulk actions" className="sticky top-0 z-20 flex flex-col gap-2 rounded-box bg-base-200 p-3 shadow-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium" data-testid="bulk-count">
          {ids.length} selected
        </span>
        <label htmlFor={actionId} className="sr-only">
          Action
        </label>
        <select id={actionId} className="select select-sm w-auto" value={action} onChange={(e) => setAction(e.target.value as BulkAction)}>
          <option value="status">Change status</option>
          <option value="priority">Change priority</option>
          <option value="assign">Assign</option>
        </select>
        <label htmlFor={valueId} className="sr-only">
          {action === 'assign' ? 'Assignee' : action === 'status' ? 'New status' : 'New priority'}
        </label>
        {action === 'status' && (
          <select id={valueId} className="select select-sm w-auto" value={status} onChange={(e) => setStatus(e.target.value as TicketStatus)}>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        )}
        {action === 'priority' && (
          <select id={valueId} className="select select-sm w-auto" value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {priorityLabel(p)}
              </option>
            ))}
          </select>
        )}
        {action === 'assign' && (
          <select id={valueId} className="select select-sm w-auto" value={moderatorId} onChange={(e) => setModeratorId(e.target.value)}>
            <option value="">Choose a moderator</option>
            {staff.data?.items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="btn btn-primary btn-sm" disabled={bulk.isPending || !body()} onClick={() => void apply().catch(() => {})}>
          {bulk.isPending && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
          Apply to {ids.length}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClear}>
          Clear selection
        </button>
      </div>
      {bulk.isError && (
        <p role="alert" className="text-sm text-error">
          {describeError(bulk.error)}
        </p>
      )}
      {outcome && (
        <div role="status" className="text-sm" data-testid="bulk-outcome">
          <p>
            {outcome.succeeded} changed{outcome.failed > 0 ? `, ${outcome.failed} not changed:` : '.'}
          </p>
          {outcome.failed > 0 && (
            <ul className="list-inside list-disc">
              {outcome.results.map((r) => (!r.ok ? <li key={r.id}>{`${nameOf(r.id)}: ${r.error.message}`}</li> : null))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
