import { useState } from 'react';
import { TICKET_STATUSES, type TicketAbilities, type TicketDetail, type TicketStatus, type UserRef } from '@relaydesk/shared';
import clsx from 'clsx';
import { formatDistanceToNowStrict } from 'date-fns';
import { Link, useParams } from 'react-router';
import { describeError, isApiError } from '../../api/client.js';
import { useChangeTicketStatus, useRequestTicketRerun, useTicket, type TicketRerun } from '../../api/tickets.js';
import { PriorityBadge, StatusBadge } from '../../components/Badges.js';
import { SlaBadge } from '../../components/SlaBadge.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { UserAvatar, UserChip } from '../../components/UserAvatar.js';
import { useOfflinePolling } from '../../hooks/useOfflinePolling.js';
import { useTicketRoom } from '../../hooks/useTicketRoom.js';
import { categoryLabel, statusLabel } from '../../lib/labels.js';
import { homePathFor } from '../../lib/navigation.js';
import { useCurrentUser, useWorkspaceAbilities } from '../../providers/SessionProvider.js';
import { useToast } from '../../providers/ToastProvider.js';
import { ChooseAssigneeButton, ClaimButton, ReleaseButton } from './AssigneeActions.js';
import { Markdown } from '../../components/markdown/Markdown.js';
import { CommentThread, type ComposerFocusRequest, type ComposerInsertion } from './CommentThread.js';
import { ShortcutsDialog } from '../../components/ShortcutsDialog.js';
import { useKeyboardShortcuts, type Shortcut } from '../../hooks/useKeyboardShortcuts.js';
import { CopilotPanel } from './CopilotPanel.js';
import { InsightsPanel, hasTriage } from './InsightsPanel.js';
import { TicketTimeline } from './TicketTimeline.js';

/**
 * One ticket: its details, status, people, insights and live conversation. Each
 * control shows exactly when the ticket's abilities, sent by the server, allow it.
 */
export function TicketDetailScene({ ticketId: resolvedId }: { ticketId?: string }) {
  const { ticketId: param = '' } = useParams();
  // A `/tickets/1042` address arrives resolved to the ticket's id.
  const ticketId = resolvedId ?? param;
  const user = useCurrentUser();
  const abilities = useWorkspaceAbilities();
  const refetchInterval = useOfflinePolling();
  const ticket = useTicket(ticketId, { refetchInterval });
  const room = useTicketRoom(ticketId, user.id);
  const [insertion, setInsertion] = useState<ComposerInsertion | null>(null);
  const [focusRequest, setFocusRequest] = useState<ComposerFocusRequest | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const canComment = ticket.data?.abilities.comment ?? false;
  const canNote = ticket.data?.abilities.addInternalNote ?? false;
  const focusComposer = (mode: ComposerFocusRequest['mode']) => setFocusRequest((last) => ({ mode, id: (last?.id ?? 0) + 1 }));
  // Only the shortcuts this person can use on this ticket.
  const shortcuts: Shortcut[] = [
    ...(canComment ? [{ key: 'r', description: 'Write a reply', run: () => focusComposer('reply') }] : []),
    ...(canNote ? [{ key: 'n', description: 'Write an internal note', run: () => focusComposer('note') }] : []),
    { key: '?', description: 'Show these shortcuts', run: () => setShowShortcuts(true) },
  ];
  useKeyboardShortcuts(shortcuts, ticket.isSuccess);

  if (ticket.isPending) return <LoadingState label="Loading ticket…" />;
  if (ticket.isError) {
    if (isApiError(ticket.error) && (ticket.error.status === 404 || ticket.error.status === 400)) {
      return (
        <EmptyState title="This ticket does not exist, or you cannot see it.">
          <Link className="link" to="/tickets">
            Back to tickets
          </Link>
        </EmptyState>
      );
    }
    return <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} title="Could not load this ticket." />;
  }

  const data = ticket.data;
  // Triage details help the people who work tickets; the person who filed one sees a summary.
  const worksTickets = abilities.workQueue;
  const backTo = homePathFor(abilities);
  return (
    <article className="flex flex-col gap-4" aria-labelledby="ticket-title">
      <div>
        <Link to={backTo} className="link link-hover text-sm opacity-70">
          ← {backTo === '/queue' ? 'Queue' : 'Tickets'}
        </Link>
        <h1 id="ticket-title" className="mt-1 text-2xl font-semibold break-words">
          {data.title}
        </h1>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <span className="font-mono opacity-70" data-testid="ticket-number">#{data.number}</span>
          <span data-testid="ticket-status">
            <StatusBadge status={data.status} />
          </span>
          <PriorityBadge priority={data.priority} />
          {worksTickets && <SlaBadge sla={data.sla} />}
          {worksTickets && data.category && data.category !== 'other' && (
            <span className="badge badge-ghost badge-sm">{categoryLabel(data.category)}</span>
          )}
          <span className="opacity-70">
            filed by {data.createdBy.id === user.id ? 'you' : data.createdBy.name}{' '}
            <time dateTime={data.createdAt}>{formatDistanceToNowStrict(new Date(data.createdAt), { addSuffix: true })}</time>
          </span>
        </div>
        {/* On a phone the side column comes last; who has the ticket belongs at the top. */}
        <p className="mt-3 flex items-center gap-2 text-sm lg:hidden">
          {data.assignedTo ? (
            <>
              <span className="opacity-70">Assigned to</span>
              <UserChip user={data.assignedTo} />
            </>
          ) : (
            <span className="opacity-70">Finding the right person…</span>
          )}
        </p>
      </div>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="flex min-w-0 flex-col gap-4">
          <section aria-label="Description" className="card bg-base-100 shadow-xs">
            <div className="card-body p-4">
              <Markdown text={data.description} className="break-words" />
            </div>
          </section>
          {!worksTickets && <SummaryCard ticket={data} />}
          <CommentThread
            ticket={data}
            typing={room.typing}
            onTyping={room.notifyTyping}
            refetchInterval={refetchInterval}
            insertion={insertion}
            focusRequest={focusRequest}
          />
          <TicketTimeline events={data.timeline} assignee={data.assignedTo} />
        </div>

        <aside className="flex flex-col gap-4" aria-label="Ticket details">
          <section className="card bg-base-100 shadow-xs" aria-labelledby="assignee-title">
            <div className="card-body gap-3 p-4">
              <h2 id="assignee-title" className="text-sm font-medium opacity-70">
                Assigned moderator
              </h2>
              <div data-testid="ticket-assignee">
                {data.assignedTo ? (
                  <UserChip user={data.assignedTo} size="md" caption={data.assignedTo.id === user.id ? 'You' : undefined} />
                ) : (
                  <p className="text-sm opacity-75">
                    {data.abilities.claim ? 'Nobody has it yet; it waits in the unassigned queue.' : 'Finding the right person…'}
                  </p>
                )}
              </div>
              {(data.abilities.claim || data.abilities.release || data.abilities.assign) && (
                <div className="flex flex-wrap gap-2" data-testid="assignee-actions">
                  {data.abilities.claim && <ClaimButton ticket={data} />}
                  {data.abilities.assign && <ChooseAssigneeButton ticket={data} />}
                  {data.abilities.release && <ReleaseButton ticket={data} />}
                </div>
              )}
              {data.abilities.changeStatus && <StatusControl ticketId={data.id} status={data.status} />}
            </div>
          </section>
          {(data.abilities.retriage || data.abilities.reassign) && <RerunCard ticketId={data.id} abilities={data.abilities} />}
          <ViewersCard viewers={room.viewers} />
          {(worksTickets || data.abilities.correctTriage) && <InsightsPanel ticket={data} />}
          {abilities.useCopilot && (
            <CopilotPanel
              ticketId={data.id}
              onUse={data.abilities.comment ? (text) => setInsertion((last) => ({ text, id: (last?.id ?? 0) + 1 })) : undefined}
            />
          )}
        </aside>
      </div>
      {showShortcuts && <ShortcutsDialog shortcuts={shortcuts} onClose={() => setShowShortcuts(false)} />}
    </article>
  );
}

function SummaryCard({ ticket }: { ticket: TicketDetail }) {
  return (
    <section aria-labelledby="summary-title" className="card bg-base-100 shadow-xs">
      <div className="card-body gap-2 p-4">
        <h2 id="summary-title" className="text-sm font-medium opacity-70">
          Summary
        </h2>
        {ticket.summary ? (
          <p data-testid="ticket-summary">{ticket.summary}</p>
        ) : (
          <p className="flex items-center gap-2 text-sm opacity-75">
            <span className="loading loading-dots loading-xs" aria-hidden="true" />
            {hasTriage(ticket) ? 'No summary for this one.' : 'We are reading your ticket; a summary appears here shortly.'}
          </p>
        )}
      </div>
    </section>
  );
}

function StatusControl({ ticketId, status }: { ticketId: string; status: TicketStatus }) {
  const change = useChangeTicketStatus(ticketId);
  const { showToast } = useToast();
  const pending = change.isPending ? change.variables : undefined;
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium opacity-70">Status</legend>
      <div className="join w-full" role="group">
        {TICKET_STATUSES.map((option) => (
          <button
            key={option}
            type="button"
            className={clsx('btn join-item btn-sm flex-1', option === status && 'btn-primary')}
            aria-pressed={option === status}
            disabled={change.isPending}
            onClick={() => {
              if (option === status) return;
              change.mutate(option, {
                onSuccess: () => showToast({ tone: 'success', message: `Status set to ${statusLabel(option).toLowerCase()}.` }),
                onError: (error) => showToast({ tone: 'error', message: `Could not change the status: ${describeError(error)}` }),
              });
            }}
          >
            {pending === option && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
            {statusLabel(option)}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

const RERUNS: Array<{ what: TicketRerun; label: string; requested: string; failed: string }> = [
  { what: 'retriage', label: 'Re-run triage', requested: 'Triage requested', failed: 'Could not request triage' },
  { what: 'reassign', label: 'Reassign', requested: 'Reassignment requested', failed: 'Could not request a reassignment' },
];

/** Asks for triage or assignment to run again; the new insights or assignee arrive live. */
function RerunCard({ ticketId, abilities }: { ticketId: string; abilities: TicketAbilities }) {
  const rerun = useRequestTicketRerun(ticketId);
  const { showToast } = useToast();
  const offered = RERUNS.filter(({ what }) => abilities[what]);
  return (
    <section className="card bg-base-100 shadow-xs" aria-labelledby="rerun-title">
      <div className="card-body gap-2 p-4">
        <h2 id="rerun-title" className="text-sm font-medium opacity-70">
          Run again
        </h2>
        <div className="flex flex-wrap gap-2">
          {offered.map(({ what, label, requested, failed }) => (
            <button
              key={what}
              type="button"
              className="btn btn-outline btn-sm flex-1"
              disabled={rerun.isPending}
              onClick={() =>
                rerun.mutate(what, {
                  onSuccess: () => showToast({ tone: 'info', message: requested }),
                  onError: (error) => showToast({ tone: 'error', message: `${failed}: ${describeError(error)}` }),
                })
              }
            >
              {rerun.isPending && rerun.variables === what && (
                <span className="loading loading-spinner loading-xs" aria-hidden="true" />
              )}
              {label}
            </button>
          ))}
        </div>
      </div>
    </section>
  );
}

function ViewersCard({ viewers }: { viewers: UserRef[] }) {
  if (viewers.length === 0) return null;
  return (
    <section className="card bg-base-100 shadow-xs" aria-labelledby="viewers-title">
      <div className="card-body gap-2 p-4">
        <h2 id="viewers-title" className="text-sm font-medium opacity-70">
          Also viewing
        </h2>
        <ul className="flex flex-wrap gap-3" data-testid="ticket-viewers">
          {viewers.map((viewer) => (
            <li key={viewer.id} className="flex items-center gap-2 text-sm">
              <UserAvatar user={viewer} size="sm" />
              {viewer.name}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
