import type { ServerToClientEvents } from '@relaydesk/shared';
import { useEffect, useRef } from 'react';
import { useSocket } from '../providers/SocketProvider.js';

type EventName = keyof ServerToClientEvents;

/**
 * Listens to one server event on the app's socket for as long as the component
 * is mounted. The handler may change between renders without re-subscribing.
 */
export function useSocketEvent<E extends EventName>(event: E, handler: ServerToClientEvents[E]): void {
  const { socket } = useSocket();
  const handlerRef = useRef(handler);
  handlerRef.current = handler;

  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) =>
      (handlerRef.current as (...a: Parameters<ServerToClientEvents[E]>) => void)(...args)) as never;
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}
