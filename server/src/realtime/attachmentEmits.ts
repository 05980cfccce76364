import { SERVER_EVENTS } from '@relaydesk/shared';
import { presentAttachment } from '../attachments/presenter.js';
import type { DomainEvents } from '../domain/events.js';
import { presentUserRef } from '../users/presenter.js';
import { ticketAudience } from './emit.js';
import { roleRoom, userRoom } from './rooms.js';
import type { RealtimeIo } from './types.js';

/**
 * Everyone an attachment event reaches may download the file (the audience is the ticket's
 * readers, or for a note its note readers), so the abilities are computed for a reader who may.
 */
const AS_READER = { id: '', role: 'admin', name: '' } as const;

/**
 * `attachment_added` to the same people as the comment it belongs to: a file on a public
 * comment or the ticket to everyone on the ticket; a file on a staff-only note to its
 * assignee and admins only, never to the ticket room. Returns the unsubscribe function.
 */
export function subscribeAttachmentEmits({ io, events }: { io: RealtimeIo; events: DomainEvents }): () => void {
  const subscriptions = [
    events.subscribe('attachment.added', ({ ticket, attachment }) => {
      io.to(ticketAudience(ticket)).emit(SERVER_EVENTS.attachmentAdded, {
        ticketId: String(ticket._id),
        attachment: presentAttachment(attachment, ticket, AS_READER),
      });
    }),
    events.subscribe('note_attachment.added', ({ ticket, attachment }) => {
      const assigneeId = presentUserRef(ticket.assignedTo)?.id ?? null;
      const rooms = assigneeId ? [userRoom(assigneeId), roleRoom('admin')] : [roleRoom('admin')];
      io.to(rooms).emit(SERVER_EVENTS.attachmentAdded, {
        ticketId: String(ticket._id),
        attachment: presentAttachment(attachment, ticket, AS_READER),
      });
    }),
  ];
  return () => subscriptions.forEach((unsubscribe) => unsubscribe());
}
