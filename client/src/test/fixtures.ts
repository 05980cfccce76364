import type {
  Attachment,
  AttachmentAbilities,
  Comment,
  ModRequest,
  Paginated,
  Role,
  SessionResponse,
  Ticket,
  TicketAbilities,
  TicketDetail,
  TicketListItem,
  TicketSla,
  User,
  WorkspaceAbilities,
} from '@relaydesk/shared';

let counter = 0;
/** A fresh 24-hex id. */
function nextId(): string {
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
    abilities: { read: true, update: false },
    ...overrides,
  };
}

/**
 * Workspace abilities as the server sends them for each role. Test data only:
 * the client itself never derives abilities from a role.
 */
function workspaceAbilitiesFor(role: Role, overrides: Partial<WorkspaceAbilities> = {}): WorkspaceAbilities {
  const isAdmin = role === 'admin';
  return {
    fileTicket: true,
    applyForModerator: role === 'user',
    workQueue: role !== 'user',
    listAllTickets: isAdmin,
    manageUsers: isAdmin,
    decideApplications: isAdmin,
    viewStats: isAdmin,
    viewOutbox: isAdmin,
    viewPresence: true,
    useCannedReplies: role !== 'user',
    manageCannedReplies: isAdmin,
    useCopilot: role !== 'user',
    viewCopilotRuns: role === 'admin',
    viewSla: role !== 'user',
    manageSla: isAdmin,
    bulkUpdateTickets: isAdmin,
    ...overrides,
  };
}

/** `GET /api/auth/me`'s answer for a user: them, and the abilities their role gives. */
export function sessionOf(user: User, overrides: Partial<WorkspaceAbilities> = {}): SessionResponse {
  return { user, abilities: workspaceAbilitiesFor(user.role, overrides), preferences: { notifyByEmail: true } };
}

/** Ticket abilities; by default those of the person who filed it (read and comment). */
export function ticketAbilities(overrides: Partial<TicketAbilities> = {}): TicketAbilities {
  return {
    read: true,
    comment: true,
    changeStatus: false,
    retriage: false,
    reassign: false,
    correctTriage: false,
    assign: false,
    claim: false,
    release: false,
    addInternalNote: false,
    readInternalNotes: false,
    ...overrides,
  };
}

/** A ticket as the API presents one. */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: nextId(),
    number: counter + 1000,
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
    triageConfidence: null,
    assignment: null,
    commentCount: 0,
    createdAt: NOW,
    updatedAt: NOW,
    completedAt: null,
    sla: null,
    waitingOn: 'staff',
    waitingSince: NOW,
    activityAt: NOW,
    abilities: ticketAbilities(),
    ...overrides,
  };
}

/** A ticket as a list presents it, with the caller's unread mark. */
export function makeListItem(overrides: Partial<TicketListItem> = {}): TicketListItem {
  return { ...makeTicket(overrides), unread: false, ...overrides };
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
    internal: false,
    createdAt: NOW,
    ...overrides,
  };
}

/** What the caller may do with an attachment; the server sends download: true to everyone it lists one to. */
export function attachmentAbilities(overrides: Partial<AttachmentAbilities> = {}): AttachmentAbilities {
  return { download: true, ...overrides };
}

/** A file on a comment, as the comment list presents it. */
export function makeAttachment(overrides: Partial<Attachment> = {}): Attachment {
  return {
    id: nextId(),
    ticketId: nextId(),
    commentId: null,
    name: 'screenshot.png',
    size: 2048,
    contentType: 'image/png',
    internal: false,
    uploadedBy: { id: nextId(), name: 'Uma User', role: 'user' },
    createdAt: NOW,
    abilities: attachmentAbilities(),
    ...overrides,
  };
}

/** A pending moderator application as an admin sees it. */
export function makeModRequest(overrides: Partial<ModRequest> = {}): ModRequest {
  return {
    id: nextId(),
    user: { id: nextId(), name: 'Leo User', role: 'user' },
    skills: ['kubernetes'],
    motivation: 'I run our clusters.',
    status: 'pending',
    reviewedBy: null,
    reviewedAt: null,
    createdAt: NOW,
    abilities: { read: true, decide: true },
    ...overrides,
  };
}

/** Wraps items in the pagination envelope. */
export function page<T>(items: T[], { page = 1, limit = 20, total = items.length } = {}): Paginated<T> {
  return { items, page, limit, total, totalPages: Math.max(1, Math.ceil(total / limit)) };
}

/** Running SLA clocks: first response due at 10:30, resolution the next day (2026-01-05, UTC); nothing warned or breached. */
export function makeSlaClocks(overrides: Partial<TicketSla> = {}): TicketSla {
  return {
    firstResponseDueAt: '2026-01-05T10:30:00Z',
    firstRespondedAt: null,
    resolutionDueAt: '2026-01-06T10:00:00Z',
    resolvedAt: null,
    pausedSince: null,
    warned: { firstResponse: false, resolution: false },
    breached: { firstResponse: false, resolution: false },
    ...overrides,
  };
}
