import type { CannedReply, CannedReplyCreateBody, CannedReplyUpdateBody } from '@relaydesk/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.js';

/** Not in `queryKeys`: only this module reads or invalidates it. */
const cannedRepliesKey = ['cannedReplies'] as const;

/**
 * `GET /api/canned-replies`: the whole library (the server caps it at 200), fetched
 * once and filtered in the browser, so the picker answers each keystroke at once.
 */
export function useCannedReplies(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: cannedRepliesKey,
    queryFn: ({ signal }) => apiRequest<{ items: CannedReply[] }>('/canned-replies', { signal }).then((r) => r.items),
    enabled: options.enabled ?? true,
    staleTime: 60_000,
  });
}

function useLibraryMutation<V>(mutationFn: (variables: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedRepliesKey }) });
}

export function useCreateCannedReply() {
  return useLibraryMutation((body: CannedReplyCreateBody) =>
    apiRequest<{ cannedReply: CannedReply }>('/canned-replies', { method: 'POST', body }),
  );
}

export function useUpdateCannedReply() {
  return useLibraryMutation(({ id, changes }: { id: string; changes: CannedReplyUpdateBody }) =>
    apiRequest<{ cannedReply: CannedReply }>(`/canned-replies/${id}`, { method: 'PATCH', body: changes }),
  );
}

export function useDeleteCannedReply() {
  return useLibraryMutation((id: string) => apiRequest<void>(`/canned-replies/${id}`, { method: 'DELETE' }));
}

/** Lines that match every word of `search`, in title or body, case-insensitively. */
export function filterCannedReplies(replies: readonly CannedReply[], search: string): CannedReply[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...replies];
  return replies.filter((reply) => {
    const text = `${reply.title}\n${reply.body}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
