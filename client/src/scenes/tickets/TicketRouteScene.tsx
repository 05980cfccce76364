import { parseTicketNumber } from '@relaydesk/shared';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.js';
import { useTicketByNumber } from '../../api/tickets.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { TicketDetailScene } from './TicketDetailScene.js';

/**
 * `/tickets/:ticketId`, where the segment is either a ticket's id or the number
 * people quote (`/tickets/1042`). A number is resolved through the server, which
 * answers "not found" for a ticket the caller may not see; the address stays as typed.
 */
export function TicketRouteScene() {
  const { ticketId = '' } = useParams();
  const number = parseTicketNumber(ticketId);
  if (number === null) return <TicketDetailScene />;
  return <TicketByNumber number={number} />;
}

function TicketByNumber({ number }: { number: number }) {
  const ticket = useTicketByNumber(number);
  if (ticket.isPending) return <LoadingState label={`Loading ticket #${number}…`} />;
  if (ticket.isError) {
    if (isApiError(ticket.error) && (ticket.error.status === 404 || ticket.error.status === 400)) {
      return (
        <EmptyState title={`Ticket #${number} does not exist, or you cannot see it.`}>
          <Link className="link" to="/tickets">
            Back to tickets
          </Link>
        </EmptyState>
      );
    }
    return <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} title="Could not load this ticket." />;
  }
  return <TicketDetailScene ticketId={ticket.data.id} />;
}
