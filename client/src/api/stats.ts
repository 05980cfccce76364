import type { DashboardStats } from '@relaydesk/shared';
import { useQuery } from '@tanstack/react-query';
import { apiRequest, isApiError } from './client.js';
import { queryKeys } from './queryKeys.js';

/**
 * The admin dashboard's figures from `GET /api/stats`, or null when the server
 * does not offer that endpoint (the screen then counts with the list endpoints).
 */
export function useDashboardStats() {
  return useQuery({
    queryKey: queryKeys.stats,
    queryFn: async ({ signal }) => {
      try {
        return await apiRequest<DashboardStats>('/stats', { signal });
      } catch (error) {
        if (isApiError(error) && error.isMissingEndpoint) return null;
        throw error;
      }
    },
  });
}
