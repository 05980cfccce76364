import type { PresenceListResponse, PresenceStatus, Role } from '@relaydesk/shared';
import { useQuery } from '@tanstack/react-query';
import { apiRequest, isApiError } from './client.js';
import { queryKeys } from './queryKeys.js';

/** One moderator's or admin's effective presence. */
export interface PresenceEntry {
  userId: string;
  name: string;
  role: Role;
  status: PresenceStatus;
}

/** Flattens `GET /api/presence` into one entry per person. */
export function toPresenceEntries(response: PresenceListResponse): PresenceEntry[] {
  return response.items.map(({ user, status }) => ({ userId: user.id, name: user.name, role: user.role, status }));
}

/**
 * The effective presence of moderators and admins, or null when the server does
 * not offer the endpoint (404): screens then hide what depends on it.
 */
export function usePresenceList(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.presence,
    queryFn: async ({ signal }) => {
      try {
        return toPresenceEntries(await apiRequest<PresenceListResponse>('/presence', { signal }));
      } catch (error) {
        if (isApiError(error) && error.isMissingEndpoint) return null;
        throw error;
      }
    },
    enabled: options.enabled,
    staleTime: 60_000,
  });
}
