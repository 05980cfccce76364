import type { Assignment, Ticket } from '@relaydesk/shared';
import { useState } from 'react';
import { PriorityBadge } from '../../components/Badges.js';
import { PresenceBadge } from '../../components/PresenceDot.js';
import { categoryLabel, formatPercent } from '../../lib/labels.js';
import { TriageEditor } from './TriageEditor.js';

/** True once triage has written anything onto the ticket. */
export function hasTriage(ticket: Ticket): boolean {
  return Boolean(ticket.summary || ticket.helpfulNotes || (ticket.relatedSkills?.length ?? 0) > 0 || ticket.triagedBy);
}

/**
 * Triage's notes as separate lines. They are stored one per line; a leading list
 * marker some engines add anyway is dropped, since the list draws its own.
 */
export function noteLines(notes: string): string[] {
  return notes
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^[-*•]\s+/, '').trim())
    .filter(Boolean);
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

/**
 * Why the ticket went to its assignee: the score and its parts, then every
 * candidate with the sentence that says where they stood, so a lower score that
 * won (or a higher one that lost) always has its reason beside it.
 */
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
        <div>
          <h4 className="text-xs font-medium opacity-70">Candidates considered ({assignment.candidates.length})</h4>
          <ol className="divide-y divide-base-300" data-testid="assignment-candidates">
            {assignment.candidates.map((c) => {
              const isWinner = c.moderatorId === assignment.moderatorId;
              return (
                <li key={c.moderatorId} className="py-2" data-testid="assignment-candidate" aria-current={isWinner || undefined}>
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                    <span className={isWinner ? 'font-semibold' : undefined}>{c.name}</span>
                    {isWinner && <span className="badge badge-primary badge-sm">Chosen</span>}
                    <PresenceBadge presence={c.presence} />
                    <span className="ml-auto font-mono text-xs" title="Overall score">
                      <span className="sr-only">Score </span>
                      {formatPercent(c.score)}
                    </span>
                  </div>
                  <p className="mt-0.5 text-xs opacity-80">{c.standing || 'Where they stood was not recorded for this assignment.'}</p>
                </li>
              );
            })}
          </ol>
        </div>
      )}
    </div>
  );
}

/** Triage's findings as a definition list (staff see them; for requesters the server sends these fields as null). */
function TriageFindings({ ticket }: { ticket: Ticket }) {
  const notes = noteLines(ticket.helpfulNotes ?? '');
  const skills = ticket.relatedSkills ?? [];
  return (
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
          <dd className="flex items-center gap-2" data-testid="insights-priority">
            <PriorityBadge priority={ticket.priority} />
            {ticket.triageConfidence !== null && (
              <span className="text-xs opacity-75" title="How sure triage was of this priority" data-testid="triage-confidence">
                {formatPercent(ticket.triageConfidence)} sure
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt className="font-medium">Category</dt>
          <dd data-testid="insights-category">{categoryLabel(ticket.category ?? 'other')}</dd>
        </div>
      </div>
      {skills.length > 0 && (
        <div>
          <dt className="font-medium">Related skills</dt>
          <dd className="mt-1 flex flex-wrap gap-1" data-testid="insights-skills">
            {skills.map((skill) => (
              <span key={skill} className="badge badge-outline badge-sm">
                {skill}
              </span>
            ))}
          </dd>
        </div>
      )}
      {notes.length > 0 && (
        <div>
          <dt className="font-medium">Helpful notes</dt>
          <dd>
            <ul className="list-disc space-y-1 pl-5" data-testid="helpful-notes">
              {notes.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          </dd>
        </div>
      )}
    </dl>
  );
}

/**
 * What triage and assignment found out about a ticket, for the people working on
 * it; with `correctTriage`, its priority, category and skills can be corrected here.
 */
export function InsightsPanel({ ticket }: { ticket: Ticket }) {
  const [isEditing, setEditing] = useState(false);
  const triaged = hasTriage(ticket);
  const canEdit = ticket.abilities.correctTriage;
  return (
    <section aria-labelledby="insights-title" className="card bg-base-100 shadow-xs">
      <div className="card-body gap-4 p-4">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="insights-title" className="card-title text-base">
            Insights
            {ticket.triagedBy && <span className="badge badge-ghost badge-sm font-normal">by {ticket.triagedBy}</span>}
          </h2>
          {canEdit && !isEditing && (
            <button type="button" className="btn btn-ghost btn-xs ml-auto" onClick={() => setEditing(true)}>
              Edit triage
            </button>
          )}
        </div>
        {canEdit && isEditing ? (
          <TriageEditor ticket={ticket} onDone={() => setEditing(false)} />
        ) : !triaged ? (
          <p className="flex items-center gap-2 text-sm opacity-75" data-testid="insights-pending">
            <span className="loading loading-dots loading-xs" aria-hidden="true" />
            Triage has not finished yet; this fills in by itself.
          </p>
        ) : (
          <TriageFindings ticket={ticket} />
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
