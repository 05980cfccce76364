import type { AuthResponse, LoginBody, PresenceStatus, SignupBody, User } from '@relaydesk/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.js';
import { queryKeys } from './queryKeys.js';

/** `GET /api/auth/me`: the signed-in user. */
export function fetchMe(signal?: AbortSignal): Promise<User> {
  return apiRequest<{ user: User }>('/auth/me', { signal }).then((r) => r.user);
}

/** `POST /api/auth/login`. */
export function logIn(body: LoginBody): Promise<AuthResponse> {
  return apiRequest<AuthResponse>('/auth/login', { method: 'POST', body });
}

/** `POST /api/auth/signup`. */
export function signUp(body: SignupBody): Promise<AuthResponse> {
  return apiRequest<AuthResponse>('/auth/signup', { method: 'POST', body });
}

/** Sets the signed-in user's chosen presence and updates the cached user with the answer. */
export function usePresenceMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: PresenceStatus) =>
      apiRequest<{ user: User }>('/auth/status', { method: 'PATCH', body: { status } }).then((r) => r.user),
    onSuccess: (user) => queryClient.setQueryData(queryKeys.me, user),
  });
}
