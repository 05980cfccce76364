import type {
  AssignmentCandidatesResponse,
  Comment,
  CommentCreateBody,
  Paginated,
  Ticket,
  TicketBulkBody,
  TicketBulkResponse,
  TicketCreateBody,
  TicketListItem,
  TicketDetail,
  TicketStatus,
  TriageCorrectionBody,
} from '@relaydesk/shared';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import { apiRequest } from './client.js';
import { queryKeys, type TicketListFilters } from './queryKeys.js';

/** How many comments one page of a thread holds. */
const COMMENT_PAGE_SIZE = 50;

/** Filters as query-string values: several statuses or priorities travel as one comma list. */
export function ticketListQueryOf(filters: TicketListFilters): Record<string, string | number | undefined> {
  const query: Record<string, string | number | undefined> = {};
  for (const [key, value] of Object.entries(filters)) {
    query[key] = Array.isArray(value) ? value.join(',') : (value as string | number | undefined);
  }
  return query;
}

/** `GET /api/tickets`: the tickets the server lets the caller list, each with `unread` for them. */
function fetchTickets(filters: TicketListFilters, signal?: AbortSignal): Promise<Paginated<TicketListItem>> {
  return apiRequest<Paginated<TicketListItem>>('/tickets', { query: ticketListQueryOf(filters), signal });
}

/** Applies one action to many tickets (admins); the answer says what happened to each. */
export function useBulkUpdateTickets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketBulkBody) => apiRequest<TicketBulkResponse>('/tickets/bulk', { method: 'POST', body }),
    // Some may have changed even when others failed.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all }),
  });
}

/** One page of tickets; the previous page stays on screen while the next loads. */
export function useTicketList(filters: TicketListFilters, options: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: queryKeys.tickets.list(filters),
    queryFn: ({ signal }) => fetchTickets(filters, signal),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
}

/**
 * The server marks a ticket seen when it is opened; the lists already loaded say so
 * too, without refetching them.
 */
function markSeenInLists(queryClient: QueryClient, ticketId: string) {
  queryClient.setQueriesData<Paginated<TicketListItem>>({ queryKey: queryKeys.tickets.lists() }, (list) =>
    list?.items.some((t) => t.id === ticketId && t.unread)
      ? { ...list, items: list.items.map((t) => (t.id === ticketId ? { ...t, unread: false } : t)) }
      : list,
  );
}

/** One ticket with its timeline; opening it clears its unread mark in the lists. */
export function useTicket(id: string, options: { refetchInterval?: number | false } = {}) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.tickets.detail(id),
    queryFn: async ({ signal }) => {
      const { ticket } = await apiRequest<{ ticket: TicketDetail }>(`/tickets/${id}`, { signal });
      markSeenInLists(queryClient, ticket.id);
      return ticket;
    },
    refetchInterval: options.refetchInterval,
  });
}

/**
 * The ticket people quote as `#1042`, resolved to the ticket itself; what it answers
 * also fills the ticket's own cache entry, so opening it by id costs nothing more.
 */
export function useTicketByNumber(number: number) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.tickets.byNumber(number),
    queryFn: async ({ signal }) => {
      const { ticket } = await apiRequest<{ ticket: TicketDetail }>(`/tickets/by-number/${number}`, { signal });
      queryClient.setQueryData(queryKeys.tickets.detail(ticket.id), ticket);
      return ticket;
    },
  });
}

/** Files a new ticket. */
export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketCreateBody) =>
      apiRequest<{ ticket: Ticket }>('/tickets', { method: 'POST', body }).then((r) => r.ticket),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all }),
  });
}

/** Moves a ticket to another status. */
export function useChangeTicketStatus(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: TicketStatus) =>
      apiRequest<{ ticket: Ticket }>(`/tickets/${id}/status`, { method: 'PATCH', body: { status } }).then((r) => r.ticket),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
}

/** Background work an admin may ask to run again on a ticket. */
export type TicketRerun = 'retriage' | 'reassign';

/**
 * Asks the server to run a ticket's triage or assignment again. It answers 202
 * at once; the outcome reaches the page through the usual live events.
 */
export function useRequestTicketRerun(ticketId: string) {
  return useMutation({
    mutationFn: (what: TicketRerun) =>
      apiRequest<{ accepted: boolean; ticketId: string }>(`/tickets/${ticketId}/${what}`, { method: 'POST' }),
  });
}

/** After a change of assignee or triage: every ticket list and detail, and the caller's own counts. */
function refreshAfterTicketChange(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
  void queryClient.invalidateQueries({ queryKey: queryKeys.me });
}

/** Corrects a ticket's priority, category or related skills by hand; send only what changed. */
export function useCorrectTriage(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TriageCorrectionBody) =>
      apiRequest<{ ticket: Ticket }>(`/tickets/${ticketId}/triage`, { method: 'PATCH', body }).then((r) => r.ticket),
    onSuccess: () => refreshAfterTicketChange(queryClient),
  });
}

/** Everyone who could take the ticket now, best first, each with where they stand and why (admins). */
export function useTicketCandidates(ticketId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.tickets.candidates(ticketId),
    queryFn: ({ signal }) => apiRequest<AssignmentCandidatesResponse>(`/tickets/${ticketId}/candidates`, { signal }),
    enabled: options.enabled,
    // Presence and load change by the minute; the list is read when the dialog opens.
    staleTime: 0,
  });
}

/**
 * An admin gives the ticket to someone. The server refuses a person at capacity
 * with a 409 conflict unless `force` is set.
 */
export function useAssignTicket(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { moderatorId: string; force?: boolean }) =>
      apiRequest<{ ticket: Ticket }>(`/tickets/${ticketId}/assign`, { method: 'POST', body }).then((r) => r.ticket),
    onSuccess: () => refreshAfterTicketChange(queryClient),
  });
}

/** The caller takes an unassigned ticket; the mutation's variable is the ticket id, so one hook serves a list. */
export function useClaimTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ticketId: string) =>
      apiRequest<{ ticket: Ticket }>(`/tickets/${ticketId}/claim`, { method: 'POST' }).then((r) => r.ticket),
    // A refused claim usually means someone else was quicker: the lists are stale either way.
    onSettled: () => refreshAfterTicketChange(queryClient),
  });
}

/** Gives the ticket back to the unassigned pool. */
export function useReleaseTicket(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ ticket: Ticket }>(`/tickets/${ticketId}/release`, { method: 'POST' }).then((r) => r.ticket),
    onSettled: () => refreshAfterTicketChange(queryClient),
  });
}

type CommentPages = InfiniteData<Paginated<Comment>, number>;

/** A ticket's comment thread, oldest first, loaded a page at a time. */
export function useComments(ticketId: string, options: { refetchInterval?: number | false } = {}) {
  return useInfiniteQuery({
    queryKey: queryKeys.tickets.comments(ticketId),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<Paginated<Comment>>(`/tickets/${ticketId}/comments`, {
        query: { page: pageParam, limit: COMMENT_PAGE_SIZE },
        signal,
      }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page < last.totalPages ? last.page + 1 : undefined),
    refetchInterval: options.refetchInterval,
  });
}

/**
 * Adds a comment that arrived (from this browser or live from another) to the
 * cached thread. When the thread's last page is loaded it is appended in place;
 * otherwise the thread is refetched. A comment already present is ignored.
 */
export function mergeCommentIntoCache(queryClient: QueryClient, comment: Comment): void {
  const key = queryKeys.tickets.comments(comment.ticketId);
  const data = queryClient.getQueryData<CommentPages>(key);
  if (!data) return;
  if (data.pages.some((page) => page.items.some((c) => c.id === comment.id))) return;
  const last = data.pages[data.pages.length - 1];
  if (!last || last.page < last.totalPages || last.items.length >= last.limit) {
    void queryClient.invalidateQueries({ queryKey: key });
    return;
  }
  const total = last.total + 1;
  queryClient.setQueryData<CommentPages>(key, {
    ...data,
    pages: data.pages.map((page) =>
      page === last ? { ...page, items: [...page.items, comment], total } : { ...page, total },
    ),
  });
}

/** Posts a comment and shows it at once. */
export function useAddComment(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CommentCreateBody) =>
      apiRequest<{ comment: Comment }>(`/tickets/${ticketId}/comments`, { method: 'POST', body }).then((r) => r.comment),
    onSuccess: (comment) => {
      mergeCommentIntoCache(queryClient, comment);
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.detail(ticketId) });
    },
  });
}
