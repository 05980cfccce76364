import { z } from 'zod';
import type { PresenceStatus, TicketStatus } from '../enums.js';
import type { Comment } from '../schemas/comment.js';
import { objectIdSchema } from '../schemas/common.js';
import type { UserRef } from '../schemas/user.js';

/** Names of the events the server pushes to browsers. */
export const SERVER_EVENTS = {
  commentAdded: 'comment_added',
  statusUpdated: 'status_updated',
  ticketAssigned: 'ticket_assigned',
  ticketUpdated: 'ticket_updated',
  userStatusChanged: 'user_status_changed',
  ticketViewers: 'ticket_viewers',
  typing: 'typing',
} as const;

/** Names of the events browsers send to the server; each is acknowledged. */
export const CLIENT_EVENTS = {
  joinTicket: 'join_ticket',
  leaveTicket: 'leave_ticket',
  typing: 'typing',
} as const;

export interface CommentAddedPayload {
  ticketId: string;
  comment: Comment;
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
  status: PresenceStatus;
}
export interface TicketViewersPayload {
  ticketId: string;
  viewers: UserRef[];
}
export interface TypingPayload {
  ticketId: string;
  user: UserRef;
}

export const ticketRoomBodySchema = z.strictObject({ ticketId: objectIdSchema });
export type TicketRoomBody = z.infer<typeof ticketRoomBodySchema>;

/** Acknowledgement of every client event. */
export type Ack<T = undefined> =
  | ({ ok: true } & (T extends undefined ? object : { data: T }))
  | { ok?: false; error: { code: string; message: string } };

export interface ServerToClientEvents {
  comment_added: (p: CommentAddedPayload) => void;
  status_updated: (p: StatusUpdatedPayload) => void;
  ticket_assigned: (p: TicketAssignedPayload) => void;
  ticket_updated: (p: TicketUpdatedPayload) => void;
  user_status_changed: (p: UserStatusChangedPayload) => void;
  ticket_viewers: (p: TicketViewersPayload) => void;
  typing: (p: TypingPayload) => void;
}

export interface ClientToServerEvents {
  join_ticket: (body: unknown, ack?: (res: Ack) => void) => void;
  leave_ticket: (body: unknown, ack?: (res: Ack) => void) => void;
  typing: (body: unknown, ack?: (res: Ack) => void) => void;
}
