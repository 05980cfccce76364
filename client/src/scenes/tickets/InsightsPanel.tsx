import { PRESENCE_STATUSES, type Assignment, type PresenceStatus, type Ticket } from '@relaydesk/shared';
import clsx from 'clsx';
import { PriorityBadge } from '../../components/Badges.js';
import { PresenceDot } from '../../components/PresenceDot.js';
import { categoryLabel, formatPercent } from '../../lib/labels.js';

/** True once triage has written anything onto the ticket. */
export function hasTriage(ticket: Ticket): boolean {
  return Boolean(ticket.summary || ticket.helpfulNotes || (ticket.relatedSkills?.length ?? 0) > 0 || ticket.triagedBy);
}

function ScoreBar({ label, value, weight }: { label: string; value: number; weight?: string }) {
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div>
      <div className="flex justify-between text-xs">
        <span>
          {label}
          {weight && <span className="opacity-60"> · weight {weight}</span>}
        </span>
        <span className="font-mono">{formatPercent(value)}</span>
      </div>
      <progress className="progress progress-primary w-full" value={percent} max={100} aria-label={`${label} ${percent}%`} />
    </div>
  );
}

const asPresence = (value: string): PresenceStatus | undefined =>
  (PRESENCE_STATUSES as readonly string[]).includes(value) ? (value as PresenceStatus) : undefined;

/** Why the ticket went to its assignee: the score, its parts, and who else was considered. */
function AssignmentExplanation({ assignment }: { assignment: Assignment }) {
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">{assignment.reason}</p>
      <div className="flex flex-col gap-2">
        <ScoreBar label="Overall score" value={assignment.score} />
        <ScoreBar label="Skill match" value={assignment.skillMatch} weight="50%" />
        <ScoreBar label="Availability" value={assignment.availability} weight="30%" />
        <ScoreBar label="Performance" value={assignment.performance} weight="20%" />
      </div>
      {assignment.candidates.length > 0 && (
        <details className="collapse-arrow collapse border border-base-300">
          <summary className="collapse-title text-sm font-medium">Candidates considered ({assignment.candidates.length})</summary>
          <div className="collapse-content overflow-x-auto">
            <table className="table table-xs">
              <thead>
                <tr>
                  <th scope="col">Moderator</th>
                  <th scope="col">Score</th>
                  <th scope="col">Skills</th>
                  <th scope="col">Avail.</th>
                  <th scope="col">Perf.</th>
                </tr>
              </thead>
              <tbody>
                {assignment.candidates.map((c) => (
                  <tr key={c.moderatorId} className={clsx(c.moderatorId === assignment.moderatorId && 'font-semibold')}>
                    <td className="flex items-center gap-2">
                      <PresenceDot status={asPresence(c.presence)} />
                      {c.name}
                    </td>
                    <td>{formatPercent(c.score)}</td>
                    <td>{formatPercent(c.skillMatch)}</td>
                    <td>{formatPercent(c.availability)}</td>
                    <td>{formatPercent(c.performance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </div>
  );
}

/** What triage and assignment found out about a ticket, for the people working on it. */
export function InsightsPanel({ ticket }: { ticket: Ticket }) {
  const triaged = hasTriage(ticket);
  return (
    <section aria-labelledby="insights-title" className="card bg-base-100 shadow-xs">
      <div className="card-body gap-4 p-4">
        <h2 id="insights-title" className="card-title text-base">
          Insights
          {ticket.triagedBy && <span className="badge badge-ghost badge-sm font-normal">by {ticket.triagedBy}</span>}
        </h2>
        {!triaged ? (
          <p className="flex items-center gap-2 text-sm opacity-75" data-testid="insights-pending">
            <span className="loading loading-dots loading-xs" aria-hidden="true" />
            Triage has not finished yet; this fills in by itself.
          </p>
        ) : (
          <dl className="flex flex-col gap-3 text-sm">
            {ticket.summary && (
              <div>
                <dt className="font-medium">Summary</dt>
                <dd data-testid="insights-summary">{ticket.summary}</dd>
              </div>
            )}
            <div className="flex flex-wrap gap-6">
              <div>
                <dt className="font-medium">Priority</dt>
                <dd>
                  <PriorityBadge priority={ticket.priority} />
                </dd>
              </div>
              <div>
                <dt className="font-medium">Category</dt>
                <dd>{categoryLabel(ticket.category ?? 'other')}</dd>
              </div>
            </div>
            {ticket.relatedSkills && ticket.relatedSkills.length > 0 && (
              <div>
                <dt className="font-medium">Related skills</dt>
                <dd className="mt-1 flex flex-wrap gap-1">
                  {ticket.relatedSkills.map((skill) => (
                    <span key={skill} className="badge badge-outline badge-sm">
                      {skill}
                    </span>
                  ))}
                </dd>
              </div>
            )}
            {ticket.helpfulNotes && (
              <div>
                <dt className="font-medium">Helpful notes</dt>
                <dd className="whitespace-pre-line">{ticket.helpfulNotes}</dd>
              </div>
            )}
          </dl>
        )}
        <div>
          <h3 className="mb-2 text-sm font-medium">Why it was assigned</h3>
          {ticket.assignment ? (
            <AssignmentExplanation assignment={ticket.assignment} />
          ) : (
            <p className="text-sm opacity-75">
              {ticket.assignedTo ? 'Assigned by hand; there is no score to show.' : 'Nobody has been assigned yet.'}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
