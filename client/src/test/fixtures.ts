import type { Comment, Paginated, Ticket, TicketDetail, User } from '@relaydesk/shared';

let counter = 0;
/** A fresh 24-hex id. */
export function nextId(): string {
  counter += 1;
  return counter.toString(16).padStart(24, 'a');
}

const NOW = '2026-01-15T10:00:00.000Z';

/** A user as the API presents one. */
export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: nextId(),
    name: 'Uma User',
    email: 'uma@example.test',
    role: 'user',
    skills: [],
    presence: 'online',
    stats: { totalResolved: 0, avgResolutionHours: 0, activeTickets: 0, lastAssignedAt: null },
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

/** A ticket as the API presents one. */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: nextId(),
    title: 'Something is broken',
    description: 'It does not work.',
    status: 'todo',
    priority: 'medium',
    createdBy: { id: nextId(), name: 'Uma User', role: 'user' },
    assignedTo: null,
    relatedSkills: [],
    helpfulNotes: '',
    summary: '',
    category: 'other',
    triagedBy: null,
    assignment: null,
    commentCount: 0,
    createdAt: NOW,
    updatedAt: NOW,
    completedAt: null,
    ...overrides,
  };
}

/** A ticket with its (empty) timeline, as `GET /api/tickets/:id` answers. */
export function makeTicketDetail(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return { ...makeTicket(overrides), timeline: [], ...overrides };
}

/** A comment as the API presents one. */
export function makeComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: nextId(),
    ticketId: nextId(),
    author: { id: nextId(), name: 'Maya Frontend', role: 'moderator' },
    body: 'Looking into it.',
    createdAt: NOW,
    ...overrides,
  };
}

/** Wraps items in the pagination envelope. */
export function page<T>(items: T[], { page = 1, limit = 20, total = items.length } = {}): Paginated<T> {
  return { items, page, limit, total, totalPages: Math.max(1, Math.ceil(total / limit)) };
}
