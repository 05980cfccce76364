import type { ModRequestListQuery, TicketListQuery, UserListQuery } from '@relaydesk/shared';

/** Filters as the list screens hold them: every field optional, page and limit included. */
export type TicketListFilters = Partial<TicketListQuery>;
export type UserListFilters = Partial<UserListQuery>;
export type ModRequestListFilters = Partial<ModRequestListQuery>;

/**
 * Every cache key in one place. Keys are nested so that invalidating
 * `queryKeys.tickets.all` refreshes every ticket list, detail, thread and the dashboard at once.
 */
export const queryKeys = {
  me: ['me'] as const,
  presence: ['presence'] as const,
  // Under `tickets` so that every ticket change refreshes the dashboard too.
  stats: ['tickets', 'stats'] as const,
  tickets: {
    all: ['tickets'] as const,
    lists: () => ['tickets', 'list'] as const,
    list: (filters: TicketListFilters) => ['tickets', 'list', filters] as const,
    detail: (id: string) => ['tickets', 'detail', id] as const,
    byNumber: (number: number) => ['tickets', 'number', number] as const,
    comments: (id: string) => ['tickets', 'comments', id] as const,
    /** Who could take the ticket now; under `tickets` so any ticket change refreshes it. */
    candidates: (id: string) => ['tickets', 'candidates', id] as const,
  },
  users: {
    all: ['users'] as const,
    list: (filters: UserListFilters) => ['users', 'list', filters] as const,
  },
  modRequests: {
    all: ['modRequests'] as const,
    list: (filters: ModRequestListFilters) => ['modRequests', 'list', filters] as const,
  },
};
