import type { ClientToServerEvents, ServerToClientEvents } from '@relaydesk/shared';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { env } from '../env.js';

/** The one typed socket the app holds. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * - `idle`: nobody is signed in, so there is no socket.
 * - `connecting`: the first attempt is under way.
 * - `connected`: live updates flow.
 * - `reconnecting`: the link dropped and socket.io is retrying by itself.
 * - `offline`: several attempts failed (or the server refused); retries go on in the background.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

interface SocketContextValue {
  socket: AppSocket | null;
  state: ConnectionState;
  /** The last connection error's message, for the indicator's tooltip. */
  lastError: string | null;
  /** Tries again now instead of waiting for the next scheduled attempt. */
  reconnectNow(): void;
}

/** Opens a socket for a token; replaced in tests. */
export type SocketFactory = (token: string) => AppSocket;

/** After this many failed attempts in a row the indicator says "offline" rather than "reconnecting". */
export const FAILURES_BEFORE_OFFLINE = 3;
/** How long to wait before retrying after the server refused the connection outright. */
export const REFUSED_RETRY_MS = 10_000;
/** How long to wait before reconnecting after the server closed the connection on purpose (e.g. a role change). */
const SERVER_CLOSE_RETRY_MS = 1_000;

/** The shared error code the server puts on a refused handshake (`err.data.code`), if any. */
function refusalCodeOf(error: Error): string | null {
  const code = (error as Error & { data?: { code?: unknown } }).data?.code;
  return typeof code === 'string' ? code : null;
}

/** Connects to the same origin (or VITE_SOCKET_ORIGIN) and authenticates with the session token. */
const connectSocket: SocketFactory = (token) =>
  io(env.socketOrigin || undefined, {
    path: env.socketPath,
    auth: { token },
    // WebSocket first: no sticky sessions are needed behind a load balancer; polling stays as a fallback.
    transports: ['websocket', 'polling'],
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });

const SocketContext = createContext<SocketContextValue>({
  socket: null,
  state: 'idle',
  lastError: null,
  reconnectNow: () => undefined,
});

/**
 * Holds the app's single socket.io connection for the signed-in user. It
 * reconnects by itself (socket.io's backoff, plus a slower retry when the server
 * refused the handshake) and reports its state for the connection indicator.
 */
export function SocketProvider({
  token,
  connect = connectSocket,
  onRefused,
  children,
}: {
  token: string | null;
  connect?: SocketFactory;
  /** Called when the server refuses the handshake, with its error code; the session may have ended. */
  onRefused?: (code: string | null) => void;
  children: ReactNode;
}) {
  const [socket, setSocket] = useState<AppSocket | null>(null);
  const [state, setState] = useState<ConnectionState>('idle');
  const [lastError, setLastError] = useState<string | null>(null);
  const connectRef = useRef(connect);
  connectRef.current = connect;
  const onRefusedRef = useRef(onRefused);
  onRefusedRef.current = onRefused;

  useEffect(() => {
    if (!token) {
      setSocket(null);
      setState('idle');
      return;
    }
    const next = connectRef.current(token);
    let failures = 0;
    let refusedTimer: ReturnType<typeof setTimeout> | undefined;
    setSocket(next);
    setState('connecting');
    setLastError(null);

    const scheduleRetry = (delayMs: number) => {
      clearTimeout(refusedTimer);
      refusedTimer = setTimeout(() => {
        if (!next.connected) next.connect();
      }, delayMs);
    };

    const onConnect = () => {
      failures = 0;
      setState('connected');
      setLastError(null);
    };
    const onDisconnect = (reason: string) => {
      if (reason === 'io client disconnect') return;
      if (reason === 'io server disconnect') {
        // The server closed us on purpose (a role change, an expiring token); socket.io
        // will not retry that by itself. A refused retry then reports why.
        setState('reconnecting');
        scheduleRetry(SERVER_CLOSE_RETRY_MS);
        return;
      }
      setState('reconnecting');
    };
    const onConnectError = (error: Error) => {
      failures += 1;
      setLastError(error.message);
      if (!next.active) {
        // Refused by the server's middleware (e.g. a bad token): retry slowly.
        setState('offline');
        onRefusedRef.current?.(refusalCodeOf(error));
        scheduleRetry(REFUSED_RETRY_MS);
        return;
      }
      setState(failures >= FAILURES_BEFORE_OFFLINE ? 'offline' : 'reconnecting');
    };

    next.on('connect', onConnect);
    next.on('disconnect', onDisconnect);
    next.on('connect_error', onConnectError);
    if (next.connected) onConnect();

    return () => {
      clearTimeout(refusedTimer);
      next.off('connect', onConnect);
      next.off('disconnect', onDisconnect);
      next.off('connect_error', onConnectError);
      next.disconnect();
    };
  }, [token]);

  const value = useMemo<SocketContextValue>(
    () => ({
      socket,
      state,
      lastError,
      reconnectNow: () => {
        if (socket && !socket.connected) socket.connect();
      },
    }),
    [socket, state, lastError],
  );
  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}

/** The socket and its connection state. */
export function useSocket(): SocketContextValue {
  return useContext(SocketContext);
}
