import type { Server as HttpServer } from 'node:http';
import { CLIENT_EVENTS, SERVER_EVENTS, SOCKET_MAX_PAYLOAD_BYTES } from '@relaydesk/shared';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import { Server, type ExtendedError, type ServerOptions } from 'socket.io';
import type { AppContext } from '../app/context.js';
import { isDomainError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { actorOf } from '../users/service.js';
import { subscribeRealtimeEmits } from './emit.js';
import { createTicketHandlers } from './handlers/tickets.js';
import { personalRooms, ticketIdOfRoom, ticketIdsOf, ticketRoom } from './rooms.js';
import { createRecoverableRedisAdapter } from './recoveryAdapter.js';
import { createTypingThrottle } from './throttle.js';
import type { RealtimeIo, RealtimeSocket } from './types.js';
import { createViewerBroadcaster } from './viewers.js';

export interface RealtimeOptions {
  /** How long changes to a ticket room are gathered before its viewer list is sent. */
  viewersDebounceMs?: number;
  /** Per-connection budget of client events. */
  eventBudget?: { limit: number; windowMs: number };
}

/** The socket.io server attached to the API's HTTP server, and how to take it down. */
export interface Realtime {
  io: RealtimeIo;
  /** Whether events fan out through Redis to other processes. */
  clustered: boolean;
  /**
   * Ends every connection and stops listening to domain events. The HTTP server is
   * closed with it. Presence is left to expire in Redis as if the process had died, so a
   * rolling restart does not flicker people offline.
   */
  close(): Promise<void>;
}

/** setTimeout's ceiling; a longer-lived token is re-checked when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const KNOWN_CLIENT_EVENTS = new Set<string>(Object.values(CLIENT_EVENTS));
/**
 * Not logged for replay, so sent without waiting for the log: a typing hint is stale
 * after a reconnect, and a farewell must be written before the disconnect that follows it.
 * Not volatile either: volatile packets are dropped whenever the transport is busy.
 */
const EPHEMERAL_EVENTS: ReadonlySet<string> = new Set([SERVER_EVENTS.typing, SERVER_EVENTS.sessionEnded]);

/**
 * Attaches socket.io to the API's HTTP server (same port): JWT handshake, rooms, client
 * event handlers, domain-event fan-out, presence, and the Redis adapter when Redis is up
 * (in-memory otherwise).
 */
export async function attachRealtime(http: HttpServer, ctx: AppContext, options: RealtimeOptions = {}): Promise<Realtime> {
  const { config, logger, services, events } = ctx;
  const recoveryMs = config.realtime.recoveryMs;
  const cluster = await connectClusterAdapter(ctx);

  const serverOptions: Partial<ServerOptions> = {
    serveClient: false,
    // Client messages are small ({ ticketId }); a larger frame closes the connection.
    maxHttpBufferSize: SOCKET_MAX_PAYLOAD_BYTES,
    cors: { origin: [...config.corsOrigins], credentials: true },
  };
  if (cluster) serverOptions.adapter = cluster.adapter;
  if (recoveryMs > 0) {
    // skipMiddlewares false: a recovered connection still shows a valid token.
    serverOptions.connectionStateRecovery = { maxDisconnectionDuration: recoveryMs, skipMiddlewares: false };
  }
  const io: RealtimeIo = new Server(http, serverOptions);

  io.use(async (socket, next) => {
    try {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || token.length === 0) {
        throw new ConnectRefusal('unauthenticated', 'a token is required: connect with auth: { token }');
      }
      const user = await services.users.authenticate(token);
      // Already verified by authenticate; decoded here only to learn when it runs out.
      const claims = jwt.decode(token) as { exp?: number } | null;
      socket.data.actor = actorOf(user);
      socket.data.chosen = user.presence;
      socket.data.tokenExpiresAt = typeof claims?.exp === 'number' ? claims.exp * 1000 : null;
      next();
    } catch (err) {
      next(toConnectError(err, logger));
    }
  });

  const viewers = createViewerBroadcaster({ io, debounceMs: options.viewersDebounceMs ?? 50, logger });
  const registerTicketHandlers = createTicketHandlers({
    tickets: services.tickets,
    viewers,
    typing: createTypingThrottle({ redis: ctx.redis, windowMs: config.realtime.typingThrottleMs }),
    logger,
    budget: options.eventBudget,
  });
  const unsubscribe = subscribeRealtimeEmits({ io, events, users: services.users, viewers, logger });
  services.presence.start();

  io.on('connection', (socket) => {
    const { actor } = socket.data;
    const endTimer = scheduleTokenExpiry(socket);
    let openTickets: string[] = [];

    registerTicketHandlers(socket);
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (KNOWN_CLIENT_EVENTS.has(event) || typeof ack !== 'function') return;
      ack({ error: { code: 'not_found', message: `unknown event: ${String(event).slice(0, 64)}` } });
    });
    socket.on('disconnecting', () => {
      openTickets = ticketIdsOf(socket.rooms);
    });
    // Set-up runs before the disconnect handling, so a tab closed mid-handshake cannot
    // leave a connection recorded as open. session_ready tells the client it is in its
    // rooms and visible.
    const setUp = (async () => {
      if (socket.recovered) await reconcileRecoveredRooms(socket);
      else await socket.join(personalRooms(actor.id, actor.role));
      if (!socket.connected) return;
      await services.presence.connected({ connectionId: socket.id, userId: actor.id, role: actor.role, chosen: socket.data.chosen });
      socket.emit(SERVER_EVENTS.sessionReady, { userId: actor.id, recovered: socket.recovered });
    })().catch((err: unknown) => logger.error({ err }, 'setting up a connection failed'));

    socket.on('disconnect', () => {
      if (endTimer) clearTimeout(endTimer);
      void setUp
        .then(() => services.presence.disconnected({ connectionId: socket.id, userId: actor.id }))
        .catch((err: unknown) => logger.error({ err }, 'presence update on disconnect failed'));
      for (const ticketId of openTickets) viewers.changed(ticketId);
    });
  });

  /**
   * A restored connection gets back the rooms it had; what it may see can have changed
   * meanwhile (a new role, a ticket reassigned), so each room is checked again.
   */
  async function reconcileRecoveredRooms(socket: RealtimeSocket) {
    const { actor } = socket.data;
    const keep = new Set([socket.id, ...personalRooms(actor.id, actor.role)]);
    for (const room of socket.rooms) {
      if (keep.has(room) || ticketIdOfRoom(room)) continue;
      await socket.leave(room);
    }
    await socket.join([...keep]);
    for (const ticketId of ticketIdsOf(socket.rooms)) {
      const allowed = await services.tickets.loadForAction(actor, ticketId, 'read').then(
        () => true,
        () => false,
      );
      if (!allowed) await socket.leave(ticketRoom(ticketId));
      viewers.changed(ticketId);
    }
  }

  /** Ends the connection when its token runs out, so a connection never outlives its credentials. */
  function scheduleTokenExpiry(socket: RealtimeSocket): NodeJS.Timeout | null {
    const expiresAt = socket.data.tokenExpiresAt;
    if (expiresAt === null) return null;
    const end = () => {
      socket.emit(SERVER_EVENTS.sessionEnded, { reason: 'token_expired' });
      socket.disconnect(true);
    };
    const timer = setTimeout(() => {
      if (Date.now() >= expiresAt) end();
      else scheduleTokenExpiry(socket);
    }, Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS));
    timer.unref();
    return timer;
  }

  logger.info({ clustered: Boolean(cluster), recoveryMs }, 'real-time server attached');
  return {
    io,
    clustered: Boolean(cluster),
    async close() {
      unsubscribe();
      services.presence.stop();
      viewers.close();
      await io.close();
      await cluster?.close();
    },
  };
}

/** A refused handshake, with the shared error code the client reads from `err.data.code`. */
class ConnectRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function toConnectError(err: unknown, logger: Logger): ExtendedError {
  let code = 'internal';
  let message = 'the server could not check your credentials; try again';
  if (err instanceof ConnectRefusal || isDomainError(err)) {
    code = err.code;
    message = err.message;
  } else {
    logger.error({ err }, 'socket handshake failed');
  }
  const refusal: ExtendedError = new Error(message);
  refusal.data = { code };
  return refusal;
}

/**
 * The Redis adapter on two dedicated connections (a subscriber cannot send commands),
 * its channels under the deployment's key prefix. Null when Redis is not up.
 */
async function connectClusterAdapter(ctx: AppContext) {
  const { redis, logger, config } = ctx;
  if (!redis.isUp() || !redis.client) return null;
  const pub = redis.duplicate();
  const sub = redis.duplicate();
  if (!pub || !sub) return null;
  for (const client of [pub, sub]) {
    // The adapter adds a listener that only prints a warning; errors are logged by the shared client already.
    client.on('error', (err: Error) => logger.debug({ err: err.message }, 'realtime Redis connection error'));
  }
  try {
    await Promise.all([pub, sub].map((c) => (c.status === 'wait' ? c.connect() : Promise.resolve())));
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'Redis adapter unavailable: real-time events stay on this process');
    pub.disconnect();
    sub.disconnect();
    return null;
  }
  guardPublish(pub, logger);
  const key = `${redis.prefix}socket.io`;
  const recoveryMs = config.realtime.recoveryMs;
  const adapter =
    recoveryMs > 0
      ? createRecoverableRedisAdapter(pub, sub, { store: redis.client, key, maxDisconnectionMs: recoveryMs, ephemeralEvents: EPHEMERAL_EVENTS, logger })
      : createAdapter(pub, sub, { key });
  return {
    adapter,
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

/**
 * The adapter publishes without handling the promise; with the offline queue disabled
 * a publish during a Redis outage rejects, and an unhandled rejection would end the
 * process. Local delivery goes on regardless.
 */
function guardPublish(pub: Redis, logger: Logger) {
  const publish = pub.publish.bind(pub) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  let warned = false;
  const guarded = (channel: string | Buffer, message: string | Buffer) =>
    publish(channel, message).catch((err: unknown) => {
      if (!warned) logger.warn({ err: (err as Error).message }, 'real-time publish to Redis failed; other processes miss this event');
      warned = true;
      return 0;
    });
  (pub as unknown as { publish: typeof guarded }).publish = guarded;
}
