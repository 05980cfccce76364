import type { AppSocket, SocketFactory } from '../providers/SocketProvider.js';

type Listener = (...args: unknown[]) => void;

/**
 * A stand-in for a socket.io client socket: the app's code calls it as it
 * would the real one, and the test plays the server (`serverEmit`) and the
 * network (`simulate*`).
 */
class FakeSocket {
  connected = false;
  active = true;
  readonly emitted: Array<{ event: string; body: unknown }> = [];
  private listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }

  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  /** What the client sends; acks are answered `{ ok: true }` at once. */
  emit(event: string, body: unknown, ack?: (...args: unknown[]) => void) {
    this.emitted.push({ event, body });
    ack?.({ ok: true });
    return this;
  }

  timeout() {
    return {
      emit: (event: string, body: unknown, ack?: (...args: unknown[]) => void) => {
        this.emitted.push({ event, body });
        ack?.(null, { ok: true });
      },
    };
  }

  connect() {
    this.active = true;
    return this;
  }

  disconnect() {
    this.active = false;
    this.connected = false;
    return this;
  }

  private fire(event: string, ...args: unknown[]) {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  /** The server pushes an event. */
  serverEmit(event: string, payload: unknown) {
    this.fire(event, payload);
  }

  simulateConnect() {
    this.connected = true;
    this.active = true;
    this.fire('connect');
  }

  simulateDisconnect(reason = 'transport close') {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  simulateConnectError(message: string, { active = true } = {}) {
    this.connected = false;
    this.active = active;
    this.fire('connect_error', new Error(message));
  }

  /** Listeners currently attached to an event, to prove cleanup. */
  listenerCount(event: string) {
    return this.listeners.get(event)?.size ?? 0;
  }
}

/** A factory handing out FakeSockets and remembering them, newest last. */
export function fakeSocketFactory() {
  const sockets: FakeSocket[] = [];
  const tokens: string[] = [];
  const connect: SocketFactory = (token) => {
    const socket = new FakeSocket();
    sockets.push(socket);
    tokens.push(token);
    return socket as unknown as AppSocket;
  };
  return {
    connect,
    sockets,
    tokens,
    get latest() {
      return sockets[sockets.length - 1];
    },
  };
}
