import { SERVER_EVENTS } from '@relaydesk/shared';
import type { DomainEvents } from '../domain/events.js';
import { userRoom } from './rooms.js';
import type { RealtimeIo } from './types.js';

/**
 * Pushes a copilot request's progress and result to the staff member who asked, in
 * every tab they have open, and to nobody else: a draft is theirs to edit and send.
 * Returns the unsubscribe function.
 */
export function subscribeCopilotEmits(io: RealtimeIo, events: DomainEvents): () => void {
  const subscriptions = [
    events.subscribe('copilot.progress', ({ requestId, ticketId, actorId, kind, stage }) => {
      io.to(userRoom(actorId)).emit(SERVER_EVENTS.copilotProgress, { requestId, ticketId, kind, stage });
    }),
    events.subscribe('copilot.finished', ({ requestId, ticketId, actorId, kind, stage, draft, answer }) => {
      io.to(userRoom(actorId)).emit(SERVER_EVENTS.copilotProgress, { requestId, ticketId, kind, stage });
      io.to(userRoom(actorId)).emit(SERVER_EVENTS.copilotResult, { requestId, ticketId, kind, ...(draft ? { draft } : {}), ...(answer ? { answer } : {}) });
    }),
  ];
  return () => subscriptions.forEach((unsubscribe) => unsubscribe());
}
