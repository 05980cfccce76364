/**
 * The client's build-time settings, read once. Everything defaults to "same
 * origin", which is how the server serves the built client.
 */
interface ClientEnv {
  /** Prefix of every API path, e.g. `https://api.example.com`; empty for same origin. */
  apiOrigin: string;
  /** Where socket.io connects; empty for same origin. */
  socketOrigin: string;
  /** Socket.io's HTTP path on the server. */
  socketPath: string;
  /** Polling interval for live data while the socket is down, in milliseconds. */
  offlinePollMs: number;
}

function readNumber(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

const raw = import.meta.env;

export const env: Readonly<ClientEnv> = Object.freeze({
  apiOrigin: (raw.VITE_API_ORIGIN ?? '').replace(/\/$/, ''),
  socketOrigin: (raw.VITE_SOCKET_ORIGIN ?? '').replace(/\/$/, ''),
  socketPath: raw.VITE_SOCKET_PATH ?? '/socket.io',
  offlinePollMs: readNumber(raw.VITE_OFFLINE_POLL_MS, 15_000),
});
