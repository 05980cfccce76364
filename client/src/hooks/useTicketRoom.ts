import type { UserRef } from '@relaydesk/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocket } from '../providers/SocketProvider.js';
import { useSocketEvent } from './useSocketEvent.js';

/** How long a "typing" notice lasts without a fresh one. */
const TYPING_VISIBLE_MS = 4_000;
/** The least time between two "I am typing" messages from this browser. */
const TYPING_SEND_INTERVAL_MS = 2_000;
const ACK_TIMEOUT_MS = 5_000;

interface TicketRoom {
  /** Everyone else who has this ticket open. */
  viewers: UserRef[];
  /** Everyone else typing a comment on it right now. */
  typing: UserRef[];
  /** Call on each keystroke in the comment box; it is throttled here. */
  notifyTyping(): void;
}

/**
 * Joins a ticket's live room while mounted (and again after every reconnect),
 * and tracks who else is viewing and typing there.
 */
export function useTicketRoom(ticketId: string, selfId: string): TicketRoom {
  const { socket } = useSocket();
  const [viewers, setViewers] = useState<UserRef[]>([]);
  const [typing, setTyping] = useState<Array<UserRef & { until: number }>>([]);
  const lastTypingSent = useRef(0);

  useEffect(() => {
    if (!socket) return;
    const join = () => {
      socket.timeout(ACK_TIMEOUT_MS).emit('join_ticket', { ticketId }, () => undefined);
    };
    if (socket.connected) join();
    socket.on('connect', join);
    return () => {
      socket.off('connect', join);
      if (socket.connected) socket.emit('leave_ticket', { ticketId }, () => undefined);
      setViewers([]);
      setTyping([]);
    };
  }, [socket, ticketId]);

  useSocketEvent('ticket_viewers', (payload) => {
    if (payload.ticketId !== ticketId) return;
    const seen = new Set<string>();
    setViewers(
      payload.viewers.filter((viewer) => {
        if (viewer.id === selfId || seen.has(viewer.id)) return false;
        seen.add(viewer.id);
        return true;
      }),
    );
  });

  useSocketEvent('typing', (payload) => {
    if (payload.ticketId !== ticketId || payload.user.id === selfId) return;
    const until = Date.now() + TYPING_VISIBLE_MS;
    setTyping((current) => [...current.filter((u) => u.id !== payload.user.id), { ...payload.user, until }]);
  });

  // A comment from someone ends their typing notice at once.
  useSocketEvent('comment_added', (payload) => {
    if (payload.ticketId !== ticketId) return;
    setTyping((current) => current.filter((u) => u.id !== payload.comment.author.id));
  });

  useEffect(() => {
    if (typing.length === 0) return;
    const nextExpiry = Math.min(...typing.map((u) => u.until));
    const timer = setTimeout(
      () => setTyping((current) => current.filter((u) => u.until > Date.now())),
      Math.max(0, nextExpiry - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [typing]);

  const notifyTyping = useCallback(() => {
    if (!socket?.connected) return;
    const now = Date.now();
    if (now - lastTypingSent.current < TYPING_SEND_INTERVAL_MS) return;
    lastTypingSent.current = now;
    socket.emit('typing', { ticketId }, () => undefined);
  }, [socket, ticketId]);

  return { viewers, typing: typing.map(({ id, name, role }) => ({ id, name, role })), notifyTyping };
}
