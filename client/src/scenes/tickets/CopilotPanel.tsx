import { Link } from 'react-router';
import { useDraftReply, useSimilarTickets } from '../../api/copilot.js';
import { ErrorState, LoadingState } from '../../components/QueryStates.js';

/**
 * For staff on a ticket: the solved tickets most like it, each answer ready to copy
 * into the composer, and a drafted reply. Nothing is sent from here: `onUse` puts
 * the text in the composer for the moderator to edit.
 */
export function CopilotPanel({ ticketId, onUse }: { ticketId: string; onUse?: (text: string) => void }) {
  const similar = useSimilarTickets(ticketId, true);
  const draft = useDraftReply(ticketId);
  const items = similar.data?.items ?? [];

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
            disabled={draft.isPending}
            onClick={() =>
              draft.mutate(undefined, {
                onSuccess: (result) => {
                  if (result.draft.text) onUse(result.draft.text);
                },
              })
            }
          >
            Draft a reply
          </button>
        )}
        {draft.data?.draft.label && <p className="text-xs opacity-75">{draft.data.draft.label}</p>}
        {draft.data?.reason && <p className="text-xs opacity-75">{draft.data.reason}</p>}
        {draft.isError && <p className="text-error text-xs">The draft could not be made; try again.</p>}
      </div>
    </section>
  );
}
