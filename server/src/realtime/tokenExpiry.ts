import { SERVER_EVENTS } from '@relaydesk/shared';
import type { RealtimeSocket } from './types.js';

/** setTimeout's ceiling; a longer-lived token is re-checked when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends the connection when its handshake token runs out (`socket.data.tokenExpiresAt`),
 * telling the client why first, so a connection never outlives its credentials. Returns
 * the function that cancels it; the caller calls that when the connection closes.
 */
export function scheduleTokenExpiry(socket: RealtimeSocket): () => void {
  const expiresAt = socket.data.tokenExpiresAt;
  let timer: NodeJS.Timeout | null = null;
  const end = () => {
    socket.emit(SERVER_EVENTS.sessionEnded, { reason: 'token_expired' });
    socket.disconnect(true);
  };
  const arm = (until: number) => {
    timer = setTimeout(() => {
      if (Date.now() >= until) end();
      else arm(until);
    }, Math.min(Math.max(0, until - Date.now()), MAX_TIMER_MS));
    timer.unref();
  };
  if (expiresAt !== null) arm(expiresAt);
  return () => {
    if (timer) clearTimeout(timer);
  };
}
