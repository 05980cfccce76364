import { RedisAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.js';

type BroadcastOptions = Parameters<RedisAdapter['broadcast']>[1];
type SessionToPersist = Parameters<RedisAdapter['persistSession']>[0];
type Session = NonNullable<Awaited<ReturnType<RedisAdapter['restoreSession']>>>;
type Namespace = ConstructorParameters<typeof RedisAdapter>[0];

/** socket.io-parser's EVENT packet type. */
const EVENT_PACKET = 2;
const OFFSET_FORMAT = /^\d+-\d+$/;
const READ_BATCH = 1000;

export interface RecoveryLogOptions {
  /** A command connection (not one in subscriber mode) for the log and the sessions. */
  store: Redis;
  /** Prefix of every key and channel, e.g. `relaydesk:socket.io`; it keeps deployments and test files apart. */
  key: string;
  /** How long a dropped connection may be restored; also how long the log keeps events. */
  maxDisconnectionMs: number;
  /** Events not worth replaying (typing hints, a farewell before a disconnect): sent at once, never logged. */
  ephemeralEvents: ReadonlySet<string>;
  logger: Logger;
}

/**
 * The classic Redis pub/sub adapter plus connection state recovery across processes.
 *
 * `@socket.io/redis-adapter` fans broadcasts out through pub/sub but keeps no history, so
 * socket.io's recovery does nothing with it; `@socket.io/redis-streams-adapter` would, but
 * is not a dependency. This keeps pub/sub for delivery and adds what recovery needs:
 * - every recoverable broadcast (an event without acknowledgement, not volatile, not
 *   listed as ephemeral) is appended to a Redis stream first; the stream entry id becomes the packet's offset,
 *   which the client remembers as the last event it saw;
 * - a dropped connection's session (rooms, `socket.data`) is stored in Redis for
 *   `maxDisconnectionMs`, so the client may reconnect to any process;
 * - restoring reads the stream after the client's offset and replays what was addressed
 *   to the session's rooms. If the offset is no longer in the stream (trimmed), nothing
 *   is restored and the client starts afresh (it then refetches).
 * The stream is trimmed by age (`MINID`) to the recovery window. Events that were being
 * appended while a session was being restored may be missed by that client (the same
 * window exists in the streams adapter); clients refetch on `recovered === false` only.
 */
export class RecoverableRedisAdapter extends RedisAdapter {
  private readonly log: RecoveryLogOptions;
  private readonly streamKey: string;

  constructor(nsp: Namespace, pubClient: Redis, subClient: Redis, log: RecoveryLogOptions) {
    super(nsp, pubClient, subClient, { key: log.key });
    this.log = log;
    this.streamKey = `${log.key}:log:${String((nsp as { name: string }).name)}`;
  }

  private sessionKey(pid: string) {
    return `${this.log.key}:session:${pid}`;
  }

  override broadcast(packet: { type: number; id?: number; data: unknown[] }, opts: BroadcastOptions): void {
    // A direct emit to a socket of this process (socket.emit goes through here when
    // recovery is on) concerns no other process: skip the publish.
    const onlyRoom = opts.rooms.size === 1 ? opts.rooms.values().next().value : undefined;
    const target =
      onlyRoom !== undefined && (this.nsp as { sockets: Map<string, unknown> }).sockets.has(onlyRoom)
        ? { ...opts, flags: { ...opts.flags, local: true } }
        : opts;
    const isRecoverable =
      packet.type === EVENT_PACKET &&
      packet.id === undefined &&
      !opts.flags?.volatile &&
      !this.log.ephemeralEvents.has(String(packet.data[0]));
    if (!isRecoverable) {
      super.broadcast(packet, target);
      return;
    }
    const entry = JSON.stringify({ rooms: [...opts.rooms], except: [...(opts.except ?? [])], data: packet.data });
    const minId = Math.max(0, Date.now() - this.log.maxDisconnectionMs);
    this.log.store
      .pipeline()
      .xadd(this.streamKey, 'MINID', '~', String(minId), '*', 'p', entry)
      .pexpire(this.streamKey, this.log.maxDisconnectionMs * 2)
      .exec()
      .then(
        (replies) => {
          const id = replies?.[0]?.[1];
          if (typeof id === 'string') packet.data.push(id);
          super.broadcast(packet, target);
        },
        (err: unknown) => {
          // Without the log the event still goes out live; only its replay is lost.
          this.log.logger.warn({ err: (err as Error).message }, 'recovery log append failed');
          super.broadcast(packet, target);
        },
      );
  }

  override persistSession(session: SessionToPersist): void {
    this.log.store
      .set(this.sessionKey(session.pid), JSON.stringify(session), 'PX', this.log.maxDisconnectionMs)
      .catch((err: unknown) => this.log.logger.warn({ err: (err as Error).message }, 'could not store a session for recovery'));
  }

  override async restoreSession(pid: string, offset: string): Promise<Session> {
    const none = null as unknown as Session;
    if (!OFFSET_FORMAT.test(offset)) return none;
    // GETDEL: a session is restored at most once, even if the client races two reconnects.
    const raw = await this.log.store.getdel(this.sessionKey(pid));
    if (!raw) return none;
    const session = JSON.parse(raw) as SessionToPersist;
    const stillLogged = await this.log.store.xrange(this.streamKey, offset, offset);
    if (stillLogged.length === 0) return none;

    const missedPackets: unknown[][] = [];
    let start = `(${offset}`;
    for (;;) {
      const entries = await this.log.store.xrange(this.streamKey, start, '+', 'COUNT', READ_BATCH);
      for (const [id, fields] of entries) {
        const logged = JSON.parse(fields[1] ?? '{}') as { rooms: string[]; except: string[]; data: unknown[] };
        if (isAddressedTo(session.rooms, logged)) missedPackets.push([...logged.data, id]);
      }
      if (entries.length < READ_BATCH) break;
      start = `(${entries[entries.length - 1]![0]}`;
    }
    return { ...session, missedPackets };
  }
}

/** Same rule as socket.io's in-memory recovery: sent to one of the rooms, and not excluded. */
function isAddressedTo(sessionRooms: string[], logged: { rooms: string[]; except: string[] }): boolean {
  const included = logged.rooms.length === 0 || sessionRooms.some((r) => logged.rooms.includes(r));
  return included && !sessionRooms.some((r) => logged.except.includes(r));
}

/** The adapter factory socket.io's `adapter` option takes (socket.io calls it with `new`, hence no arrow). */
export function createRecoverableRedisAdapter(pubClient: Redis, subClient: Redis, log: RecoveryLogOptions) {
  return function recoverableRedisAdapter(nsp: Namespace) {
    return new RecoverableRedisAdapter(nsp, pubClient, subClient, log);
  };
}
