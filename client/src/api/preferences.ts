import type { PreferencesUpdateBody, SessionResponse, UserPreferences } from '@relaydesk/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchMe } from './auth.js';
import { apiRequest } from './client.js';
import { queryKeys } from './queryKeys.js';

/** The signed-in person's settings, read from the session the app already holds (never fetched here). */
export function usePreferences(): UserPreferences | null {
  const session = useQuery({ queryKey: queryKeys.me, queryFn: ({ signal }) => fetchMe(signal), enabled: false });
  return session.data?.preferences ?? null;
}

/** `PATCH /api/auth/preferences`; the answer is the new session, which replaces the cached one. */
export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: PreferencesUpdateBody) => apiRequest<SessionResponse>('/auth/preferences', { method: 'PATCH', body: changes }),
    onSuccess: (session) => queryClient.setQueryData(queryKeys.me, session),
  });
}
