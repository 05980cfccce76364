import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './client.js';

/** Retrying cannot fix a request the server refused as wrong; it can fix a network blip or a 5xx. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 429) return false;
  return failureCount < 2;
}

/** The app's query cache with its defaults. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
