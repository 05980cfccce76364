import type { PresenceStatus, SessionResponse, User } from '@relaydesk/shared';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { usePresenceList } from '../api/presence.js';
import { queryKeys } from '../api/queryKeys.js';
import { useSocketEvent } from '../hooks/useSocketEvent.js';
import { useSocket } from './SocketProvider.js';

interface PresenceContextValue {
  /** A person's effective presence, or undefined when nobody has said. */
  statusOf(userId: string): PresenceStatus | undefined;
}

const PresenceContext = createContext<PresenceContextValue>({ statusOf: () => undefined });

/**
 * Knows who is online: the presence endpoint's snapshot of the staff (for someone
 * the server lets view presence) corrected by `user_status_changed` events as they
 * arrive. A reconnect drops the corrections and takes a fresh snapshot, since
 * events were missed.
 */
export function PresenceProvider({
  self,
  canViewPresence,
  children,
}: {
  self: User | null;
  canViewPresence: boolean;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const { state } = useSocket();
  const presenceList = usePresenceList({ enabled: self !== null && canViewPresence });
  const [live, setLive] = useState<ReadonlyMap<string, PresenceStatus>>(new Map());

  useEffect(() => {
    if (state !== 'connected') return;
    setLive(new Map());
    void queryClient.invalidateQueries({ queryKey: queryKeys.presence });
  }, [state, queryClient]);

  useSocketEvent('user_status_changed', ({ userId, status }) => {
    setLive((current) => new Map(current).set(userId, status));
    if (self && userId === self.id) {
      queryClient.setQueryData<SessionResponse>(queryKeys.me, (session) =>
        session ? { ...session, user: { ...session.user, presence: status } } : session,
      );
    }
  });

  const statusOf = useCallback(
    (userId: string): PresenceStatus | undefined => {
      const fromLive = live.get(userId);
      if (fromLive) return fromLive;
      if (self && userId === self.id) return self.presence;
      return presenceList.data?.find((entry) => entry.userId === userId)?.status;
    },
    [live, self, presenceList.data],
  );

  const value = useMemo(() => ({ statusOf }), [statusOf]);
  return <PresenceContext.Provider value={value}>{children}</PresenceContext.Provider>;
}

/** The presence lookup. */
export function usePresence(): PresenceContextValue {
  return useContext(PresenceContext);
}
