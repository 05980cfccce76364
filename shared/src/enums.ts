/** Enumerations that both the server and the client speak. */

export const ROLES = ['user', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** `waiting`: waiting on the requester; the resolution clock stands still. */
export const TICKET_STATUSES = ['todo', 'in_progress', 'waiting', 'completed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What a person shows to others, as in a chat tool. `dnd` is do-not-disturb. */
export const PRESENCE_STATUSES = ['online', 'dnd', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Kinds of entry on a ticket's append-only timeline. */
export const TICKET_EVENT_TYPES = [
  'created',
  'status_changed',
  'assigned',
  'unassigned',
  'commented',
  /** A staff-only note was added; left out of the timeline for anyone who may not read notes. */
  'noted',
  /** A file was attached to the ticket or a public comment. */
  'attached',
  /** A file was attached to a staff-only note; left out wherever the note is. */
  'note_attached',
  'triaged',
  'triage_failed',
  'assignment_failed',
  'notified',
  'triage_corrected',
  'released',
  'sla_warning',
  'sla_breached',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];
