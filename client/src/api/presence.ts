import type { PresenceListResponse, PresenceStatus } from '@relaydesk/shared';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.js';
import { queryKeys } from './queryKeys.js';

/** One moderator's or admin's effective presence. */
interface PresenceEntry {
  userId: string;
  status: PresenceStatus;
}

/** Flattens `GET /api/presence` into one entry per person. */
function toPresenceEntries(response: PresenceListResponse): PresenceEntry[] {
  return response.items.map(({ user, status }) => ({ userId: user.id, status }));
}

/** The effective presence of moderators and admins. */
export function usePresenceList(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.presence,
    queryFn: ({ signal }) => apiRequest<PresenceListResponse>('/presence', { signal }).then(toPresenceEntries),
    enabled: options.enabled,
    staleTime: 60_000,
  });
}
