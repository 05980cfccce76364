import type { AskResponse, CopilotRunsResponse, DraftReplyResponse, SimilarTicketsResponse } from '@relaydesk/shared';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.js';

/** `GET /api/tickets/:id/similar`: solved tickets like this one, each with the reply that closed it. */
export function useSimilarTickets(ticketId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['tickets', 'detail', ticketId, 'similar'],
    queryFn: ({ signal }) => apiRequest<SimilarTicketsResponse>(`/tickets/${ticketId}/similar`, { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** `POST /api/tickets/:id/draft-reply`: a reply for the moderator to edit, or why there is none. */
export function useDraftReply(ticketId: string) {
  return useMutation({
    mutationFn: () => apiRequest<DraftReplyResponse>(`/tickets/${ticketId}/draft-reply`, { method: 'POST', body: {} }),
  });
}

/** `POST /api/tickets/:id/ask`: the assistant's answer about the ticket, or a 503 `ai_unavailable` saying why not. */
export function useAskCopilot(ticketId: string) {
  return useMutation({
    mutationFn: (question: string) => apiRequest<AskResponse>(`/tickets/${ticketId}/ask`, { method: 'POST', body: { question } }),
  });
}

/** `GET /api/copilot/runs`: the copilot's run records, newest first (admins). */
export function useCopilotRuns(page: number, pageSize = 20) {
  return useQuery({
    queryKey: ['copilot', 'runs', page, pageSize],
    queryFn: ({ signal }) => apiRequest<CopilotRunsResponse>(`/copilot/runs?page=${page}&pageSize=${pageSize}`, { signal }),
    placeholderData: keepPreviousData,
  });
}
