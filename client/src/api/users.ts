import type { Paginated, User, UserUpdateBody } from '@relaydesk/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.js';
import { queryKeys, type UserListFilters } from './queryKeys.js';

/** One page of users (admins only). */
export function useUserList(filters: UserListFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.users.list(filters),
    queryFn: ({ signal }) => apiRequest<Paginated<User>>('/users', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled,
  });
}

/** Changes a user's role and/or skills (admins only). */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UserUpdateBody }) =>
      apiRequest<{ user: User }>(`/users/${id}`, { method: 'PATCH', body }).then((r) => r.user),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
}
