import { TICKET_STATUSES, type TicketEvent, type TicketStatus, type UserRef } from '@relaydesk/shared';
import { format } from 'date-fns';
import { statusLabel } from '../../lib/labels.js';

const asStatusLabel = (value: string | null) =>
  value && (TICKET_STATUSES as readonly string[]).includes(value) ? statusLabel(value as TicketStatus) : (value ?? '?');

/** One timeline entry as a sentence. */
function describeTicketEvent(event: TicketEvent, assignee: UserRef | null = null): string {
  const who = event.actor?.name ?? 'RelayDesk';
  switch (event.type) {
    case 'created':
      return `${who} filed the ticket`;
    case 'status_changed':
      return `${who} moved it from ${asStatusLabel(event.from)} to ${asStatusLabel(event.to)}`;
    case 'assigned': {
      const name = assignee && event.to === assignee.id ? assignee.name : 'a moderator';
      if (event.data.claimed) return `${who} took it from the unassigned queue`;
      const score = typeof event.data.score === 'number' ? ` (score ${Math.round(event.data.score * 100)}%)` : '';
      return event.actor ? `${who} assigned it to ${name}${score}` : `Assigned to ${name}${score}`;
    }
    case 'unassigned':
      return `${who} unassigned it`;
    case 'commented':
      return `${who} commented`;
    case 'noted':
      return `${who} added an internal note`;
    case 'attached':
      return `${who} attached ${typeof event.data.name === 'string' ? event.data.name : 'a file'}`;
    case 'note_attached':
      return `${who} attached ${typeof event.data.name === 'string' ? event.data.name : 'a file'} to an internal note`;
    case 'triaged':
      return 'Triage summarised and prioritised it';
    case 'triage_failed':
      return 'Triage could not read it; it keeps its defaults';
    case 'assignment_failed':
      return 'No moderator could take it yet';
    case 'notified':
      return 'The assignee was notified';
    case 'triage_corrected':
      return `${who} corrected the triage: ${event.to ?? ''}${event.from ? ` (was ${event.from})` : ''}`;
    case 'released':
      return `${who} gave it back to the unassigned queue`;
    case 'sla_warning':
      return `The ${event.data.clock === 'resolution' ? 'resolution' : 'first-response'} target is close`;
    case 'sla_breached':
      return `The ${event.data.clock === 'resolution' ? 'resolution' : 'first-response'} target was missed`;
  }
}

/** The ticket's audit trail, newest last. */
export function TicketTimeline({ events, assignee }: { events: TicketEvent[]; assignee: UserRef | null }) {
  if (events.length === 0) return null;
  return (
    <details className="collapse-arrow collapse bg-base-100 shadow-xs">
      <summary className="collapse-title text-base font-semibold">Activity ({events.length})</summary>
      <div className="collapse-content">
        <ol className="flex flex-col gap-2 text-sm">
          {events.map((event) => (
            <li key={event.id} className="flex flex-wrap gap-x-3">
              <time className="font-mono text-xs opacity-60" dateTime={event.createdAt}>
                {format(new Date(event.createdAt), 'd MMM HH:mm')}
              </time>
              <span>{describeTicketEvent(event, assignee)}</span>
            </li>
          ))}
        </ol>
      </div>
    </details>
  );
}
