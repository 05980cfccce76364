import type { ModRequest, ModRequestCreateBody, ModRequestDecisionBody, Paginated } from '@relaydesk/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.js';
import { queryKeys, type ModRequestListFilters } from './queryKeys.js';

/** Moderator applications: all of them for an admin, one's own otherwise. */
export function useModRequestList(
  filters: ModRequestListFilters,
  options: { refetchInterval?: (data: Paginated<ModRequest> | undefined) => number | false } = {},
) {
  const { refetchInterval } = options;
  return useQuery({
    queryKey: queryKeys.modRequests.list(filters),
    queryFn: ({ signal }) => apiRequest<Paginated<ModRequest>>('/mod-requests', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: refetchInterval ? (query) => refetchInterval(query.state.data) : undefined,
  });
}

/** Applies to become a moderator. */
export function useApplyForModerator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ModRequestCreateBody) =>
      apiRequest<{ request: ModRequest }>('/mod-requests', { method: 'POST', body }).then((r) => r.request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.modRequests.all }),
  });
}

/** Approves or rejects an application (admins only); approval changes the applicant's role. */
export function useDecideModRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: string } & ModRequestDecisionBody) =>
      apiRequest<{ request: ModRequest }>(`/mod-requests/${id}`, { method: 'PATCH', body: { status } }).then(
        (r) => r.request,
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.modRequests.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.all });
    },
  });
}
