import type { AuthResponse, LoginBody, PasswordChangeBody, PresenceStatus, SessionResponse, SignupBody, TokenPair } from '@relaydesk/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, tokenStore } from './client.js';
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

/**
 * `POST /api/auth/logout`: ends this session on the server (its refresh token, and its
 * access token at once). Never rejects: signing out here goes ahead whatever the answer.
 */
export async function logOutOnServer(): Promise<void> {
  const refreshToken = tokenStore.getRefresh();
  try {
    await apiRequest<void>('/auth/logout', { method: 'POST', body: refreshToken ? { refreshToken } : {} });
  } catch {
    // Offline or already ended: the local sign-out still happens, and the token runs out soon.
  }
}

/** `POST /api/auth/logout-all`: ends every session of the signed-in person, this one included. */
export function logOutEverywhere(): Promise<void> {
  return apiRequest<void>('/auth/logout-all', { method: 'POST' });
}

/** `PATCH /api/auth/password`; every other session ends, and this one continues with the new tokens. */
export function usePasswordChangeMutation() {
  return useMutation({
    mutationFn: (body: PasswordChangeBody) => apiRequest<TokenPair>('/auth/password', { method: 'PATCH', body }),
    onSuccess: (pair) => tokenStore.setPair(pair),
  });
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
