import type { Server as HttpServer } from 'node:http';
import { SOCKET_MAX_PAYLOAD_BYTES } from '@relaydesk/shared';
import { Server, type ServerOptions } from 'socket.io';
import type { AppContext } from '../app/context.js';
import type { DomainEvents } from '../domain/events.js';
import type { Logger } from '../platform/logger.js';
import { connectClusterAdapter, recoveryOptions } from './adapter.js';
import { createConnectionHandler } from './connection.js';
import { subscribeAttachmentEmits } from './attachmentEmits.js';
import { subscribeCopilotEmits } from './copilotEmits.js';
import { subscribeRealtimeEmits } from './emit.js';
import { createTicketHandlers } from './handlers/tickets.js';
import { authenticateHandshake } from './handshake.js';
import { createTypingThrottle } from './throttle.js';
import type { RealtimeIo } from './types.js';
import { createViewerBroadcaster } from './viewers.js';

/** Tuning for tests and the benchmark; production uses the defaults. */
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
   * closed with it. Call `presence.stop()` first: the closing connections are then not
   * recorded and presence expires in Redis as if the process had died, so a rolling
   * restart does not flicker people offline.
   */
  close(): Promise<void>;
}

/**
 * The bus as the emitters see it: each domain event they turn into socket messages
 * is logged once (at debug), and the line carries the request id of the write.
 */
function withEmitLog(events: DomainEvents, logger: Logger): DomainEvents {
  return {
    ...events,
    subscribe: (name, listener, options) =>
      events.subscribe(
        name,
        (payload) => {
          logger.debug({ domainEvent: name }, 'emitting socket messages');
          return listener(payload);
        },
        options,
      ),
  };
}

/**
 * Attaches socket.io to the API's HTTP server (same port): JWT handshake, rooms, client
 * event handlers, domain-event fan-out, and the Redis adapter when Redis is up
 * (in-memory otherwise). Connections are reported to `ctx.services.presence`, which the
 * composition root has started (`presence.start()`) and stops; this layer does neither.
 */
export async function attachRealtime(http: HttpServer, ctx: AppContext, options: RealtimeOptions = {}): Promise<Realtime> {
  const { config, logger, services, events, redis, metrics } = ctx;
  const recoveryMs = config.realtime.recoveryMs;
  const cluster = await connectClusterAdapter({ redis, logger, recoveryMs });

  const serverOptions: Partial<ServerOptions> = {
    serveClient: false,
    // Client messages are small ({ ticketId }); a larger frame closes the connection.
    maxHttpBufferSize: SOCKET_MAX_PAYLOAD_BYTES,
    cors: { origin: [...config.corsOrigins], credentials: true },
    ...recoveryOptions(recoveryMs),
  };
  if (cluster) serverOptions.adapter = cluster.adapter;
  const io: RealtimeIo = new Server(http, serverOptions);
  io.use(authenticateHandshake({ users: services.users, logger }));

  const viewers = createViewerBroadcaster({ io, debounceMs: options.viewersDebounceMs ?? 50, logger });
  const registerTicketHandlers = createTicketHandlers({
    tickets: services.tickets,
    viewers,
    typing: createTypingThrottle({ redis, windowMs: config.realtime.typingThrottleMs }),
    logger,
    budget: options.eventBudget,
  });
  const unsubscribe = subscribeRealtimeEmits({ io, events: withEmitLog(events, logger), users: services.users, viewers, logger });
  const unsubscribeAttachments = subscribeAttachmentEmits({ io, events: withEmitLog(events, logger) });
  const unsubscribeCopilot = subscribeCopilotEmits(io, events);
  io.on('connection', (socket) => {
    metrics.socketConnections.inc();
    socket.once('disconnect', () => metrics.socketConnections.dec());
  });
  io.on(
    'connection',
    createConnectionHandler({ presence: services.presence, tickets: services.tickets, viewers, registerHandlers: registerTicketHandlers, logger }),
  );

  logger.info({ clustered: Boolean(cluster), recoveryMs }, 'real-time server attached');
  return {
    io,
    clustered: Boolean(cluster),
    async close() {
      unsubscribe();
      unsubscribeAttachments();
      unsubscribeCopilot();
      viewers.close();
      await io.close();
      await cluster?.close();
    },
  };
}
