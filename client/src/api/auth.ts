import type { AuthResponse, LoginBody, PresenceStatus, SessionResponse, SignupBody } from '@relaydesk/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.js';
import { queryKeys } from './queryKeys.js';

/** `GET /api/auth/me`: the signed-in user and what they may do across the product. */
export function fetchMe(signal?: AbortSignal): Promise<SessionResponse> {
  return apiRequest<SessionResponse>('/auth/me', { signal });
}

/** `POST /api/auth/login`. */
export function logIn(body: LoginBody): Promise<AuthResponse> {
  return apiRequest<AuthResponse>('/auth/login', { method: 'POST', body });
}

/** `POST /api/auth/signup`. */
export function signUp(body: SignupBody): Promise<AuthResponse> {
  return apiRequest<AuthResponse>('/auth/signup', { method: 'POST', body });
}

/** Sets the signed-in user's chosen presence and updates the cached session with the answer. */
export function usePresenceMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: PresenceStatus) =>
      apiRequest<SessionResponse>('/auth/status', { method: 'PATCH', body: { status } }),
    onSuccess: (session) => queryClient.setQueryData(queryKeys.me, session),
  });
}
