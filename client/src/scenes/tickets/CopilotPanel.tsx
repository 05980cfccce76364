import type { CopilotStage, DraftReplyResponse } from '@relaydesk/shared';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useAskCopilot, useDraftReply, useSimilarTickets } from '../../api/copilot.js';
import { ErrorState, LoadingState } from '../../components/QueryStates.js';
import { useSocketEvent } from '../../hooks/useSocketEvent.js';

const STAGE_LABEL: Record<CopilotStage, string> = {
  queued: 'Waiting for the assistant…',
  drafting: 'Drafting…',
  done: 'Drafting…',
  failed: 'The assistant could not draft a reply.',
};

/**
 * For staff on a ticket: the solved tickets most like it, each answer ready to copy
 * into the composer, a drafted reply, and questions to the assistant. Nothing is sent
 * from here: `onUse` puts the text in the composer for the moderator to edit.
 */
export function CopilotPanel({ ticketId, onUse }: { ticketId: string; onUse?: (text: string) => void }) {
  const similar = useSimilarTickets(ticketId, true);
  const draftRequest = useDraftReply(ticketId);
  const items = similar.data?.items ?? [];
  const [stage, setStage] = useState<CopilotStage | null>(null);
  const [pushed, setPushed] = useState<DraftReplyResponse | null>(null);

  // The server pushes where the request stands, and the result, to the person who asked only.
  useSocketEvent('copilot_progress', (progress) => {
    if (progress.ticketId === ticketId && progress.kind === 'draft') setStage(progress.stage);
  });
  useSocketEvent('copilot_result', (result) => {
    if (result.ticketId === ticketId && result.kind === 'draft' && result.draft) setPushed(result.draft);
  });

  const draft = draftRequest.data ?? pushed;
  const isDrafting = draftRequest.isPending && !pushed;

  return (
    <section className="card bg-base-100 shadow-xs" aria-labelledby="similar-title">
      <div className="card-body gap-3 p-4">
        <h2 id="similar-title" className="text-sm font-medium opacity-70">
          Similar solved tickets
        </h2>
        {similar.isPending && <LoadingState label="Looking for similar tickets" />}
        {similar.isError && <ErrorState error={similar.error} />}
        {similar.isSuccess && items.length === 0 && <p className="text-sm opacity-75">No solved ticket is like this one yet.</p>}
        <ul className="flex flex-col gap-3">
          {items.map((item) => (
            <li key={item.ticket.id} className="flex flex-col gap-1">
              <Link className="link text-sm font-medium" to={`/tickets/${item.ticket.id}`}>
                #{item.ticket.number} {item.ticket.title}
              </Link>
              {item.resolution && <p className="text-sm break-words whitespace-pre-line opacity-80">{item.resolution}</p>}
              {item.resolution && onUse && (
                <button type="button" className="btn btn-ghost btn-xs self-start" onClick={() => onUse(item.resolution)}>
                  Use this answer
                </button>
              )}
            </li>
          ))}
        </ul>
        {onUse && (
          <button
            type="button"
            className="btn btn-outline btn-sm"
            disabled={isDrafting}
            onClick={() => {
              setStage('queued');
              setPushed(null);
              draftRequest.mutate();
            }}
          >
            Draft a reply
          </button>
        )}
        {isDrafting && (
          <p className="flex items-center gap-2 text-sm" role="status" data-testid="copilot-stage">
            <span className="loading loading-dots loading-xs" aria-hidden="true" />
            {STAGE_LABEL[stage ?? 'queued']}
          </p>
        )}
        {draft && !isDrafting && (
          <div className="flex flex-col gap-2" data-testid="copilot-draft">
            {draft.draft.text && (
              <p className="bg-base-200 rounded-box p-2 text-sm break-words whitespace-pre-line" aria-label="Suggested reply">
                {draft.draft.text}
              </p>
            )}
            {draft.draft.label && <p className="text-xs opacity-75">{draft.draft.label}</p>}
            {draft.reason && <p className="text-xs opacity-75">{draft.reason}</p>}
            {draft.draft.text && onUse && (
              <button type="button" className="btn btn-primary btn-sm self-start" onClick={() => onUse(draft.draft.text)}>
                Insert into reply
              </button>
            )}
          </div>
        )}
        {draftRequest.isError && <p className="text-error text-xs">The draft could not be made; try again.</p>}
        <AskForm ticketId={ticketId} />
      </div>
    </section>
  );
}

/** A question to the assistant about this ticket; says why when no assistant can answer. */
function AskForm({ ticketId }: { ticketId: string }) {
  const ask = useAskCopilot(ticketId);
  const [question, setQuestion] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim()) ask.mutate(question.trim());
  };
  const unavailable = ask.error instanceof ApiError && ask.error.code === 'ai_unavailable';
  return (
    <form className="flex flex-col gap-2" onSubmit={submit}>
      <label className="text-sm font-medium opacity-70" htmlFor={`ask-${ticketId}`}>
        Ask the assistant about this ticket
      </label>
      <div className="join">
        <input
          id={`ask-${ticketId}`}
          className="input input-sm join-item w-full"
          maxLength={1000}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
        />
        <button type="submit" className="btn btn-sm join-item" disabled={ask.isPending || !question.trim()}>
          Ask
        </button>
      </div>
      {ask.isPending && <p className="text-sm" role="status">Thinking…</p>}
      {ask.data && <p className="text-sm break-words whitespace-pre-line">{ask.data.answer}</p>}
      {ask.isError && (
        <p className="text-warning text-xs" role="alert">
          {unavailable ? `The assistant is not available: ${ask.error.message}.` : 'The question could not be answered; try again.'}
        </p>
      )}
    </form>
  );
}
