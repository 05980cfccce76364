import type { DashboardStats } from '@relaydesk/shared';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.js';
import { queryKeys } from './queryKeys.js';

/** The admin dashboard's figures from `GET /api/stats`. */
export function useDashboardStats() {
  return useQuery({
    queryKey: queryKeys.stats,
    queryFn: ({ signal }) => apiRequest<DashboardStats>('/stats', { signal }),
  });
}
