import { useState } from 'react';
import { Link } from 'react-router';
import { useCopilotRuns } from '../../api/copilot.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';

const PAGE_SIZE = 20;

/** The copilot's run records: engine, model, tokens, duration, tools and why the local engine answered. */
export function CopilotRunsScene() {
  const [page, setPage] = useState(1);
  const runs = useCopilotRuns(page, PAGE_SIZE);
  const total = runs.data?.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <section aria-labelledby="copilot-runs-title" className="flex flex-col gap-4">
      <h1 id="copilot-runs-title" className="text-2xl font-semibold">
        Copilot runs
      </h1>
      <p className="text-sm opacity-75">Every drafted reply and question, newest first. Prompts, answers and keys are never kept.</p>
      {runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : runs.isPending ? (
        <LoadingState label="Loading runs…" />
      ) : runs.data.items.length === 0 ? (
        <EmptyState title="No copilot runs yet.">They appear when staff draft a reply or ask about a ticket.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="table table-sm">
            <thead>
              <tr>
                <th>When</th>
                <th>Ticket</th>
                <th>Kind</th>
                <th>Stage</th>
                <th>Engine</th>
                <th>Model calls</th>
                <th>Tokens in / out</th>
                <th>Duration</th>
                <th>Tools</th>
                <th>Fallback reason</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => (
                <tr key={run.id}>
                  <td>{new Date(run.createdAt).toLocaleString()}</td>
                  <td>
                    <Link className="link" to={`/tickets/${run.ticketId}`}>
                      Open
                    </Link>
                  </td>
                  <td>{run.kind}</td>
                  <td>{run.stage}</td>
                  <td>{run.engine ? `${run.engine}${run.engine === 'gemini' && run.model ? ` (${run.model})` : ''}` : '—'}</td>
                  <td>{run.modelCalls}</td>
                  <td>
                    {run.promptTokens} / {run.responseTokens}
                  </td>
                  <td>{run.durationMs === null ? '—' : `${run.durationMs} ms`}</td>
                  <td>{run.tools.length ? run.tools.map((t) => t.name).join(', ') : '—'}</td>
                  <td className="max-w-xs break-words">{run.fallbackReason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > PAGE_SIZE && (
        <div className="join self-center">
          <button type="button" className="btn btn-sm join-item" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous
          </button>
          <span className="btn btn-sm join-item pointer-events-none">
            Page {page} of {lastPage}
          </span>
          <button type="button" className="btn btn-sm join-item" disabled={page >= lastPage} onClick={() => setPage((p) => p + 1)}>
            Next
          </button>
        </div>
      )}
    </section>
  );
}
