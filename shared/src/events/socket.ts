import { z } from 'zod';
import type { PresenceStatus, TicketStatus } from '../enums.js';
import type { Attachment } from '../schemas/attachment.js';
import type { Comment } from '../schemas/comment.js';
import type { AskResponse, CopilotRunKind, CopilotStage, DraftReplyResponse } from '../schemas/copilot.js';
import { objectIdSchema } from '../schemas/common.js';
import type { Ticket } from '../schemas/ticket.js';
import type { UserRef } from '../schemas/user.js';

/**
 * The real-time contract between the server and browsers.
 *
 * Connecting: `io(url, { auth: { token } })` with the same JWT the API takes. A missing,
 * bad or expired token is refused with a `connect_error` whose `message` says why and
 * whose `data.code` is a shared error code. Each socket is placed in its user's room
 * (and staff in their role's room) by the server; ticket rooms are joined with
 * `join_ticket`.
 *
 * Reconnecting: connection state recovery is on. After a short drop the client gets the
 * events it missed and `socket.recovered` is true, with its ticket rooms kept. When
 * `recovered` is false the client must join its ticket rooms again and refetch what it
 * shows. Every payload carries ids and `updatedAt`, so refetching is always possible.
 */

/** Names of the events the server pushes to browsers. */
export const SERVER_EVENTS = {
  /** Sent to each socket right after it connects (or recovers); see {@link SessionReadyPayload}. */
  sessionReady: 'session_ready',
  /** The server is about to end this connection; reconnect with a fresh token (or log in again). */
  sessionEnded: 'session_ended',
  /** A ticket was filed: to admins and to the creator's other tabs. */
  ticketCreated: 'ticket_created',
  /**
   * A public comment: to the ticket room and to the ticket's creator and assignee
   * wherever they are in the app. A staff-only note (`comment.internal`): to the
   * assignee and admins only, never to the ticket room.
   */
  commentAdded: 'comment_added',
  /**
   * A file was attached: like `comment_added`, to the ticket room, creator and assignee;
   * a file on a staff-only note (`attachment.internal`) to the assignee and admins only.
   */
  attachmentAdded: 'attachment_added',
  /** To the ticket room and to the ticket's creator and assignee. */
  statusUpdated: 'status_updated',
  /** To the ticket room, the new assignee and the creator. */
  ticketAssigned: 'ticket_assigned',
  /** Triage results and other field changes: to the ticket room, creator and assignee. */
  ticketUpdated: 'ticket_updated',
  /** A moderator's or admin's change goes to everyone; an end user's to their own tabs and admins. */
  userStatusChanged: 'user_status_changed',
  /** Who has the ticket open right now, to the ticket room. */
  ticketViewers: 'ticket_viewers',
  /** Someone is writing a comment; to the ticket room except the writer's own tabs. Not replayed after a reconnect (single-node mode may). */
  typing: 'typing',
  /** A ticket's service-level clock is at 80% of its target: to the assignee and admins. */
  slaWarning: 'sla_warning',
  /** A ticket's service-level clock passed its target: to the assignee and admins. */
  slaBreached: 'sla_breached',
  /** Where a copilot request stands: to the staff member who asked, and only them. */
  copilotProgress: 'copilot_progress',
  /** A copilot request's draft or answer: to the staff member who asked, and only them. */
  copilotResult: 'copilot_result',
} as const;

/** Names of the events browsers send to the server; each is acknowledged. */
export const CLIENT_EVENTS = {
  joinTicket: 'join_ticket',
  leaveTicket: 'leave_ticket',
  typing: 'typing',
} as const;

/** The most a single client message may weigh; anything larger closes the connection. */
export const SOCKET_MAX_PAYLOAD_BYTES = 16 * 1024;

export interface SessionReadyPayload {
  userId: string;
  /** True when the previous connection's rooms and missed events were restored. */
  recovered: boolean;
}
export interface SessionEndedPayload {
  /** `signed_out`: the person signed out everywhere; `password_changed`: their password changed, which ends every session. */
  reason: 'token_expired' | 'role_changed' | 'signed_out' | 'password_changed';
}
export interface TicketCreatedPayload {
  ticket: Ticket;
}
export interface CommentAddedPayload {
  ticketId: string;
  comment: Comment;
  /** The ticket's `updatedAt` after the comment. */
  updatedAt: string;
}
export interface AttachmentAddedPayload {
  ticketId: string;
  attachment: Attachment;
}
export interface StatusUpdatedPayload {
  ticketId: string;
  from: TicketStatus;
  to: TicketStatus;
  actor: UserRef | null;
  updatedAt: string;
}
export interface TicketAssignedPayload {
  ticketId: string;
  /** The ticket's human number, shown as `#1042`. */
  number: number;
  title: string;
  assignee: UserRef;
  updatedAt: string;
}
export interface TicketUpdatedPayload {
  ticketId: string;
  fields: string[];
  updatedAt: string;
}
export interface UserStatusChangedPayload {
  userId: string;
  /** The effective status: what others should see, not necessarily the stored choice. */
  status: PresenceStatus;
}
export interface TicketViewersPayload {
  ticketId: string;
  /** One entry per person, however many tabs they have open. */
  viewers: UserRef[];
}
export interface TypingPayload {
  ticketId: string;
  user: UserRef;
}

export interface SlaAlertPayload {
  ticketId: string;
  title: string;
  clock: 'firstResponse' | 'resolution';
  /** When the clock's target falls (or fell) due. */
  dueAt: string;
  updatedAt: string;
}

export interface CopilotProgressPayload {
  ticketId: string;
  requestId: string;
  kind: CopilotRunKind;
  stage: CopilotStage;
}
export interface CopilotResultPayload {
  ticketId: string;
  requestId: string;
  kind: CopilotRunKind;
  /** For a draft request. */
  draft?: DraftReplyResponse;
  /** For a question. */
  answer?: AskResponse;
}

/** Body of `join_ticket`, `leave_ticket` and `typing`. */
export const ticketRoomBodySchema = z.strictObject({ ticketId: objectIdSchema });
export type TicketRoomBody = z.infer<typeof ticketRoomBodySchema>;

/** Acknowledgement of every client event: `{ ok: true }` or `{ error: { code, message } }`. */
export type Ack<T = undefined> =
  | ({ ok: true } & (T extends undefined ? object : { data: T }))
  | { ok?: false; error: { code: string; message: string } };

export interface ServerToClientEvents {
  session_ready: (p: SessionReadyPayload) => void;
  session_ended: (p: SessionEndedPayload) => void;
  ticket_created: (p: TicketCreatedPayload) => void;
  attachment_added: (p: AttachmentAddedPayload) => void;
  comment_added: (p: CommentAddedPayload) => void;
  status_updated: (p: StatusUpdatedPayload) => void;
  ticket_assigned: (p: TicketAssignedPayload) => void;
  ticket_updated: (p: TicketUpdatedPayload) => void;
  user_status_changed: (p: UserStatusChangedPayload) => void;
  ticket_viewers: (p: TicketViewersPayload) => void;
  typing: (p: TypingPayload) => void;
  sla_warning: (p: SlaAlertPayload) => void;
  sla_breached: (p: SlaAlertPayload) => void;
  copilot_progress: (p: CopilotProgressPayload) => void;
  copilot_result: (p: CopilotResultPayload) => void;
}

/**
 * Every client event takes one payload and an acknowledgement callback; a message
 * without the callback is ignored, since there is no way to tell the sender why.
 */
export interface ClientToServerEvents {
  join_ticket: (body: unknown, ack?: (res: Ack) => void) => void;
  leave_ticket: (body: unknown, ack?: (res: Ack) => void) => void;
  typing: (body: unknown, ack?: (res: Ack) => void) => void;
}

/** One moderator or admin as `GET /api/presence` lists them. */
export interface StaffPresence {
  user: UserRef;
  /** The effective status, the same one `user_status_changed` announces. */
  status: PresenceStatus;
}

/** Body of `GET /api/presence`: every moderator and admin by name, with their effective status. */
export interface PresenceListResponse {
  items: StaffPresence[];
}
