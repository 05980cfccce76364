import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Ack, ClientToServerEvents, ServerToClientEvents, SessionReadyPayload } from '@relaydesk/shared';
import mongoose from 'mongoose';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, inject } from 'vitest';
import { startRealtime } from '../app/compositionRoot.js';
import type { Realtime, RealtimeOptions } from '../realtime/io.js';
import { TEST_JWT_SECRET, type TestApp } from './harness.js';

/** A socket.io client speaking the shared contract. */
export type TestClient = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

/** Something the server event payloads can be matched with. */
type EventName = keyof ServerToClientEvents;
type PayloadOf<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
/** The client seen untyped, for listeners generic over the event name. */
type Untyped = { on(event: string, fn: (payload: never) => void): void; off(event: string, fn: (payload: never) => void): void };

export interface SocketServer {
  url: string;
  realtime: Realtime;
  http: Server;
  /** Opens a client and resolves once the server has set it up (`session_ready`); rejects with the `connect_error`. */
  connect(token: string | null, options?: { reconnection?: boolean }): Promise<TestClient>;
  /** Resolves once everything the server sent `client` before this call has arrived. */
  barrier(client: TestClient): Promise<void>;
  /** Stops the server (used by tests that kill a process on purpose). */
  stop(): Promise<void>;
}

const clients = new Set<TestClient>();

/** Opens a socket.io client against `url`; websocket only, quick reconnects. */
export function openClient(url: string, token: string | null, options: { reconnection?: boolean } = {}): Promise<TestClient> {
  const client: TestClient = connectClient(url, {
    auth: token === null ? {} : { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? true,
    reconnectionDelay: 20,
    reconnectionDelayMax: 100,
    timeout: 5_000,
  });
  clients.add(client);
  // session_ready comes after the server has put the socket in its rooms: from then on
  // nothing addressed to this user can be missed.
  return new Promise((resolve, reject) => {
    client.once('session_ready', (payload) => {
      sessions.set(client, payload);
      resolve(client);
    });
    client.once('connect_error', (err) => {
      client.disconnect();
      reject(err);
    });
  });
}

const sessions = new WeakMap<TestClient, SessionReadyPayload>();

/** What the server said in `session_ready` when `client` connected. */
export function sessionOf(client: TestClient): SessionReadyPayload | undefined {
  return sessions.get(client);
}

/** Sends a client event and resolves with its acknowledgement. */
export function request(client: TestClient, event: keyof ClientToServerEvents, body: unknown): Promise<Ack> {
  return client.timeout(5_000).emitWithAck(event, body) as Promise<Ack>;
}

/** Everything `client` receives of one event from now on. */
export function collect<E extends EventName>(client: TestClient, event: E): PayloadOf<E>[] {
  const received: PayloadOf<E>[] = [];
  (client as unknown as Untyped).on(event, (payload: PayloadOf<E>) => received.push(payload));
  return received;
}

/** The next `event` on `client` that matches `match`. */
export function nextEvent<E extends EventName>(
  client: TestClient,
  event: E,
  match: (payload: PayloadOf<E>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<PayloadOf<E>> {
  const socket = client as unknown as Untyped;
  return new Promise((resolve, reject) => {
    const onEvent = (payload: PayloadOf<E>) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, onEvent);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, onEvent);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the app and socket.io on a random port for this test file, on the test app's
 * context (its database and Redis prefix), and closes every client and the server after.
 */
export function useSocketServer(app: TestApp, options: RealtimeOptions = {}): SocketServer {
  const holder = {} as SocketServer;
  beforeAll(async () => {
    Object.assign(holder, await startSocketServer(app, options));
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    clients.clear();
    await holder.stop?.();
  });
  return new Proxy(holder, {
    get: (target, prop: keyof SocketServer) => {
      if (!(prop in target)) throw new Error(`socket server not ready: ${String(prop)} used outside a test`);
      return target[prop];
    },
  });
}

async function startSocketServer(app: TestApp, options: RealtimeOptions): Promise<SocketServer> {
  const http = createServer(app.assembly.app);
  const realtime = await startRealtime(http, app.ctx, options);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let stopped = false;
  return {
    url,
    realtime,
    http,
    connect: (token, connectOptions) => openClient(url, token, connectOptions),
    barrier: (client) => barrier(realtime, client),
    async stop() {
      if (stopped) return;
      stopped = true;
      await realtime.close();
    },
  };
}

let barrierCount = 0;

/**
 * Per connection, socket.io delivers in the order the server sent, so an event sent
 * now arriving proves that nothing sent earlier is still on its way. Lets a test assert
 * that something did not arrive without waiting on a clock.
 */
export async function barrier(realtime: Realtime, client: TestClient): Promise<void> {
  const token = `barrier-${++barrierCount}`;
  const socket = client as unknown as ClientSocket;
  const arrived = new Promise<void>((resolve) => {
    const onBarrier = (value: string) => {
      if (value !== token) return;
      socket.off('test_barrier', onBarrier);
      resolve();
    };
    socket.on('test_barrier', onBarrier);
  });
  (realtime.io as unknown as { to(room: string): { emit(event: string, value: string): void } }).to(client.id!).emit('test_barrier', token);
  await arrived;
}

/** A second server process sharing this test file's database and Redis prefix. */
export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** Ends it abruptly (SIGKILL): no cleanup runs, as in a crash. */
  kill(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Starts `test/realtimeNode.ts` in a real child process on the same database and Redis
 * prefix as `app`, with the given environment overrides (timings). Killed after the file.
 */
export function useChildServer(app: TestApp, env: Record<string, string> = {}): ChildServer {
  const holder = {} as ChildServer;
  beforeAll(async () => {
    Object.assign(holder, await startChildServer(app, env));
  }, 60_000);
  afterAll(async () => {
    await holder.kill?.();
  });
  return holder;
}

function withDatabase(uri: string, dbName: string): string {
  const url = new URL(uri);
  url.pathname = `/${dbName}`;
  return url.toString();
}

async function startChildServer(app: TestApp, env: Record<string, string>): Promise<ChildServer> {
  const script = path.join(repoRoot, 'server', 'src', 'test', 'realtimeNode.ts');
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'test',
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      MONGO_URI: withDatabase(inject('mongoUri'), mongoose.connection.name),
      REDIS_KEY_PREFIX: app.redis.prefix,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: '.data/test',
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch {
        reject(new Error(`unexpected output from the child server: ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`child server exited early (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
