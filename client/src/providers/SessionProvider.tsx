import type { AuthResponse, SessionResponse, User, WorkspaceAbilities } from '@relaydesk/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, logOutEverywhere, logOutOnServer } from '../api/auth.js';
import { isApiError, setUnauthenticatedHandler, tokenStore } from '../api/client.js';
import { queryKeys } from '../api/queryKeys.js';

/** Shown on the login screen after the server refused a stored token. */
export const SESSION_EXPIRED_NOTICE = 'Your session has expired. Please log in again.';

/** Where the signed-in session stands. `error` means the token may be fine but /me could not be read. */
type SessionStatus = 'anonymous' | 'loading' | 'authenticated' | 'error';

interface SessionValue {
  status: SessionStatus;
  token: string | null;
  user: User | null;
  /** What the signed-in person may do across the product, as the server said; null when signed out. */
  abilities: WorkspaceAbilities | null;
  /** Why the person was sent to the login screen, if not by their own choice. */
  notice: string | null;
  error: unknown;
  signIn(auth: AuthResponse): void;
  /** Ends the session in this browser only, without telling the server (it already ended there). */
  signOut(notice?: string): void;
  /** The person logs out: the server ends this session, then this browser forgets it. */
  logOut(): Promise<void>;
  /** The person ends every session they have, on every device; rejects if the server could not be reached. */
  logOutEverywhere(): Promise<void>;
  clearNotice(): void;
  retry(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * Keeps the bearer token in localStorage so a session survives reloads, loads
 * the user it belongs to with their workspace abilities, and ends the session
 * when the server says it expired.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(() => tokenStore.get());
  const [notice, setNotice] = useState<string | null>(null);

  const me = useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    enabled: token !== null,
    staleTime: 30_000,
    retry: (failures, error) => !(isApiError(error) && error.status === 401) && failures < 2,
  });

  const signOut = useCallback(
    (reason?: string) => {
      tokenStore.set(null);
      setToken(null);
      setNotice(reason ?? null);
      // Nothing one person saw may linger for the next one on this browser.
      queryClient.clear();
    },
    [queryClient],
  );

  const signIn = useCallback(
    (auth: AuthResponse) => {
      queryClient.clear();
      tokenStore.setPair(auth);
      queryClient.setQueryData<SessionResponse>(queryKeys.me, { user: auth.user, abilities: auth.abilities, preferences: auth.preferences });
      setNotice(null);
      setToken(auth.token);
    },
    [queryClient],
  );

  const logOut = useCallback(async () => {
    await logOutOnServer();
    signOut();
  }, [signOut]);

  const endEverySession = useCallback(async () => {
    await logOutEverywhere();
    signOut();
  }, [signOut]);

  useEffect(() => setUnauthenticatedHandler(() => signOut(SESSION_EXPIRED_NOTICE)), [signOut]);

  // A token renewed in this tab (after a 401, or a password change): the socket reconnects with it.
  useEffect(
    () =>
      tokenStore.subscribe(() => {
        const stored = tokenStore.get();
        if (stored) setToken(stored);
      }),
    [],
  );

  // Logging out (or in) in another tab does the same here.
  useEffect(() => {
    const onStorage = () => {
      const stored = tokenStore.get();
      if (stored === token) return;
      if (stored) {
        queryClient.clear();
        setToken(stored);
      } else signOut();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [token, signOut, queryClient]);

  const user = token ? (me.data?.user ?? null) : null;
  const abilities = user ? (me.data?.abilities ?? null) : null;
  const status: SessionStatus = !token ? 'anonymous' : user ? 'authenticated' : me.isError ? 'error' : 'loading';

  const { error, refetch } = me;
  const value = useMemo<SessionValue>(
    () => ({
      status,
      token,
      user,
      abilities,
      notice,
      error,
      signIn,
      signOut,
      logOut,
      logOutEverywhere: endEverySession,
      clearNotice: () => setNotice(null),
      retry: () => void refetch(),
    }),
    [status, token, user, abilities, notice, error, refetch, signIn, signOut, logOut, endEverySession],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; throws outside <SessionProvider>. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in user, for screens that are only reachable when signed in. */
export function useCurrentUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser needs a signed-in user');
  return user;
}

/**
 * What the signed-in person may do across the product, for screens only reachable
 * when signed in. Navigation and route guards ask this, never the role.
 */
export function useWorkspaceAbilities(): WorkspaceAbilities {
  const { abilities } = useSession();
  if (!abilities) throw new Error('useWorkspaceAbilities needs a signed-in user');
  return abilities;
}
