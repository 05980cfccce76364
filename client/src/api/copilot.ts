import type { DraftReplyResponse, SimilarTicketsResponse } from '@relaydesk/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
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
