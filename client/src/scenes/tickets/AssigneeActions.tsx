import type { AssignmentCandidatesResponse, Ticket } from '@relaydesk/shared';
import clsx from 'clsx';
import { useId, useState } from 'react';
import { describeError, isApiError } from '../../api/client.js';
import { useAssignTicket, useClaimTicket, useReleaseTicket, useTicketCandidates } from '../../api/tickets.js';
import { RoleBadge } from '../../components/Badges.js';
import { Modal } from '../../components/Modal.js';
import { PresenceBadge } from '../../components/PresenceDot.js';
import { ErrorState, LoadingState } from '../../components/QueryStates.js';
import { formatPercent } from '../../lib/labels.js';
import { useToast } from '../../providers/ToastProvider.js';

type Candidate = AssignmentCandidatesResponse['items'][number];

/** "Take it": the caller claims an unassigned ticket. Shown when the ticket's `claim` ability allows. */
export function ClaimButton({ ticket, className }: { ticket: Pick<Ticket, 'id' | 'title'>; className?: string }) {
  const claim = useClaimTicket();
  const { showToast } = useToast();
  return (
    <button
      type="button"
      className={clsx('btn btn-primary btn-sm', className)}
      disabled={claim.isPending}
      // Awaited rather than `mutate`'s callbacks: those are dropped when the button unmounts first, and in the
      // pool it does (the ticket leaves the list as soon as the live update or the refetch says it is taken).
      onClick={async () => {
        try {
          await claim.mutateAsync(ticket.id);
          showToast({ tone: 'success', message: `You took “${ticket.title}”.` });
        } catch (error) {
          showToast({ tone: 'error', message: `Could not take it: ${describeError(error)}` });
        }
      }}
    >
      {claim.isPending && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
      Take it
    </button>
  );
}

/** "Give back": returns the ticket to the unassigned pool after a confirmation. Shown on the `release` ability. */
export function ReleaseButton({ ticket }: { ticket: Ticket }) {
  const [isConfirming, setConfirming] = useState(false);
  const release = useReleaseTicket(ticket.id);
  const { showToast } = useToast();
  const titleId = useId();
  const assignee = ticket.assignedTo?.name ?? 'its assignee';
  return (
    <>
      <button type="button" className="btn btn-outline btn-sm" onClick={() => setConfirming(true)}>
        Give back
      </button>
      {isConfirming && (
        <Modal labelledBy={titleId} role="alertdialog" onClose={() => setConfirming(false)}>
          <h2 id={titleId} className="text-lg font-semibold">
            Give this ticket back?
          </h2>
          <p className="text-sm">
            It returns to the unassigned queue, where any moderator can take it. Automatic assignment will not hand it
            back to {assignee}.
          </p>
          <div className="modal-action mt-0">
            <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)}>
              Keep it
            </button>
            <button
              type="button"
              className="btn btn-warning"
              disabled={release.isPending}
              onClick={() =>
                release.mutate(undefined, {
                  onSuccess: () => {
                    showToast({ tone: 'success', message: 'The ticket is back in the unassigned queue.' });
                    setConfirming(false);
                  },
                  onError: (error) => {
                    showToast({ tone: 'error', message: `Could not give it back: ${describeError(error)}` });
                    setConfirming(false);
                  },
                })
              }
            >
              {release.isPending && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
              Give back
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}

/** "Choose assignee": opens the ranked candidates for an admin. Shown on the `assign` ability. */
export function ChooseAssigneeButton({ ticket }: { ticket: Ticket }) {
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-outline btn-sm" onClick={() => setOpen(true)}>
        Choose assignee
      </button>
      {isOpen && <ChooseAssigneeDialog ticket={ticket} onClose={() => setOpen(false)} />}
    </>
  );
}

/** A refused assignment: the server's message, and whom "Assign anyway" would force it on. */
interface Refusal {
  message: string;
  forceable: Candidate | null;
}

/**
 * Everyone who could take the ticket now, best first, each with where they stand
 * and why. Choosing one assigns at once; someone at capacity is refused by the
 * server with a conflict, and then "Assign anyway" sends the same choice with `force`.
 */
function ChooseAssigneeDialog({ ticket, onClose }: { ticket: Ticket; onClose(): void }) {
  const titleId = useId();
  const candidates = useTicketCandidates(ticket.id);
  const assign = useAssignTicket(ticket.id);
  const { showToast } = useToast();
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const choose = (candidate: Candidate, force = false) => {
    setRefusal(null);
    assign.mutate(force ? { moderatorId: candidate.moderatorId, force: true } : { moderatorId: candidate.moderatorId }, {
      onSuccess: () => {
        showToast({ tone: 'success', message: `Assigned to ${candidate.name}.` });
        onClose();
      },
      onError: (error) => {
        // A conflict is the server's capacity check (or a race it lost); forcing is the admin's call.
        const forceable = !force && isApiError(error) && error.code === 'conflict' ? candidate : null;
        setRefusal({ message: describeError(error), forceable });
      },
    });
  };

  return (
    <Modal labelledBy={titleId} onClose={onClose} className="max-w-2xl">
      <h2 id={titleId} className="text-lg font-semibold">
        Choose assignee
      </h2>
      {candidates.isPending ? (
        <LoadingState label="Ranking who could take it…" />
      ) : candidates.isError ? (
        <ErrorState error={candidates.error} onRetry={() => void candidates.refetch()} title="Could not load the candidates." />
      ) : (
        <>
          <p className="text-sm opacity-80" data-testid="candidates-reason">
            {candidates.data.reason}
          </p>
          {refusal && (
            <div role="alert" className="alert alert-warning alert-soft flex flex-wrap text-sm">
              <span className="flex-1">{refusal.message}</span>
              {refusal.forceable && (
                <button
                  type="button"
                  className="btn btn-warning btn-sm"
                  disabled={assign.isPending}
                  onClick={() => choose(refusal.forceable!, true)}
                >
                  Assign anyway
                </button>
              )}
            </div>
          )}
          {candidates.data.items.length === 0 ? (
            <p className="text-sm">There are no moderators or admins to choose from.</p>
          ) : (
            <ol className="flex max-h-[60vh] flex-col gap-2 overflow-y-auto" aria-label="Candidates, best first" data-testid="candidate-list">
              {candidates.data.items.map((candidate, index) => (
                <CandidateRow
                  key={candidate.moderatorId}
                  rank={index + 1}
                  candidate={candidate}
                  isRecommended={candidate.moderatorId === candidates.data.recommended}
                  isCurrent={candidate.moderatorId === ticket.assignedTo?.id}
                  isBusy={assign.isPending}
                  isAssigning={assign.isPending && assign.variables?.moderatorId === candidate.moderatorId}
                  onChoose={() => choose(candidate)}
                />
              ))}
            </ol>
          )}
        </>
      )}
      <div className="modal-action mt-0">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}

function CandidateRow({
  rank,
  candidate,
  isRecommended,
  isCurrent,
  isBusy,
  isAssigning,
  onChoose,
}: {
  rank: number;
  candidate: Candidate;
  isRecommended: boolean;
  isCurrent: boolean;
  isBusy: boolean;
  isAssigning: boolean;
  onChoose(): void;
}) {
  const isFull = candidate.activeTickets >= candidate.capacity;
  return (
    <li
      className={clsx('rounded-box border p-3', candidate.eligible ? 'border-base-300' : 'border-dashed border-base-300 bg-base-200/50')}
      data-testid="candidate"
      data-eligible={candidate.eligible}
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-mono text-xs opacity-60" aria-hidden="true">
          {rank}.
        </span>
        <span className="font-medium">{candidate.name}</span>
        {candidate.role === 'admin' && <RoleBadge role="admin" />}
        <PresenceBadge presence={candidate.presence} />
        {isRecommended && <span className="badge badge-success badge-sm">Recommended</span>}
        {candidate.eligible ? (
          <span className="sr-only">Eligible</span>
        ) : (
          <span className="badge badge-warning badge-sm">Not eligible</span>
        )}
        {isCurrent && <span className="badge badge-info badge-sm">Current assignee</span>}
        <span className="ml-auto flex items-center gap-3 text-xs">
          <span className={clsx(isFull && 'font-semibold text-warning')} title="Active tickets out of capacity">
            {candidate.activeTickets}/{candidate.capacity} active
          </span>
          <span className="font-mono" title="Overall score">
            <span className="sr-only">Score </span>
            {formatPercent(candidate.score)}
          </span>
        </span>
      </div>
      <div className="mt-1 flex flex-wrap items-end gap-2">
        <p className="min-w-0 flex-1 text-sm opacity-80" data-testid="candidate-standing">
          {candidate.standing}
        </p>
        {!isCurrent && (
          <button
            type="button"
            className={clsx('btn btn-sm', candidate.eligible ? 'btn-primary' : 'btn-outline')}
            disabled={isBusy}
            onClick={onChoose}
            aria-label={`Assign to ${candidate.name}`}
          >
            {isAssigning && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
            Assign
          </button>
        )}
      </div>
    </li>
  );
}
