import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/queryKeys.js';
import { useSocketEvent } from './useSocketEvent.js';

/** Refetches a ticket's conversation when a file is attached to it, here or in another browser. */
export function useAttachmentSync(ticketId: string): void {
  const queryClient = useQueryClient();
  useSocketEvent('attachment_added', (payload) => {
    if (payload.ticketId !== ticketId) return;
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.comments(ticketId) });
  });
}
