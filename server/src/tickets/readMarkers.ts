import mongoose, { Schema, Types } from 'mongoose';
import type { Logger } from '../platform/logger.js';
import type { RedisHandle } from '../platform/redis.js';

/**
 * When each person last saw each ticket, for the queue's unread marks. One small
 * document per (ticket, person) whose `_id` is `<ticketId>:<userId>`: every read and
 * write is by `_id` alone, the one filter FerretDB pushes down on every backend,
 * and a repeated write upserts the same document (idempotent, no duplicates under
 * concurrent opens).
 */
export interface TicketReadFields {
  _id: string;
  ticket: Types.ObjectId;
  user: Types.ObjectId;
  seenAt: Date;
}

const ticketReadSchema = new Schema<TicketReadFields>(
  {
    _id: { type: String, required: true },
    ticket: { type: Schema.Types.ObjectId, required: true },
    user: { type: Schema.Types.ObjectId, required: true },
    seenAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const TicketReadModel = mongoose.model<TicketReadFields>('TicketRead', ticketReadSchema, 'ticket_reads');

const markerId = (ticketId: string, userId: string) => `${ticketId}:${userId}`;

/**
 * Records that `userId` has seen `ticketId` as of `at`. `$max` keeps the later moment
 * when two opens race or arrive out of order.
 */
async function markTicketSeen(ticketId: string, userId: string, at: Date): Promise<void> {
  await TicketReadModel.updateOne(
    { _id: markerId(ticketId, userId) },
    { $max: { seenAt: at }, $setOnInsert: { ticket: new Types.ObjectId(ticketId), user: new Types.ObjectId(userId) } },
    { upsert: true },
  );
}

/**
 * When `userId` last saw each of the tickets, by ticket id (absent: never). One
 * `_id` lookup per ticket rather than one `$in`: FerretDB scans the whole
 * collection for `$in`, and a page holds at most 100 tickets.
 */
async function seenAtInDatabase(ticketIds: readonly string[], userId: string): Promise<Map<string, Date>> {
  const found = await Promise.all(
    ticketIds.map((id) => TicketReadModel.findById(markerId(id, userId)).select('seenAt').lean<Pick<TicketReadFields, 'seenAt'>>()),
  );
  const seen = new Map<string, Date>();
  found.forEach((marker, i) => {
    if (marker) seen.set(ticketIds[i]!, marker.seenAt);
  });
  return seen;
}

/** Whether activity at `activityAt` is news to someone who last saw the ticket at `seenAt`. */
export function isUnread(activityAt: Date | string | null, seenAt: Date | undefined): boolean {
  if (!activityAt) return false;
  return !seenAt || new Date(activityAt).getTime() > seenAt.getTime();
}

/** How long a person's markers stay in Redis after their last write or fill. */
const REDIS_TTL_SECONDS = 24 * 3600;

// Keeps the later moment, as `$max` does in the database, and refreshes the key's life.
const MARK_SEEN = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

// Fills what the database said without overwriting a marker written meanwhile; '0' is "never seen".
const FILL = `
for i = 1, #ARGV - 1, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], ARGV[#ARGV])
return 1`;

/**
 * Read markers, stored in the database and mirrored in Redis: one hash per person,
 * ticket id → when they last saw it (milliseconds, or 0 for never), so the
 * queue's unread marks cost one `HMGET` per page instead of a database read per
 * ticket on every request (twenty reads made the cached list ~50× slower). A
 * field Redis lacks is read from the database and kept. Without Redis, or when it
 * fails, everything is read from the database.
 */
export function createReadMarkers({ redis, logger }: { redis?: RedisHandle; logger: Logger }) {
  const client = () => (redis?.isUp() ? redis.client : null);
  const keyOf = (userId: string) => redis!.key('seen', userId);

  return {
    /**
     * Records that `userId` has seen `ticketId` as of `at`: in the database first (it is
     * what stays), then in Redis. Two opens racing keep the later moment in both.
     */
    async markSeen(ticketId: string, userId: string, at: Date = new Date()): Promise<void> {
      await markTicketSeen(ticketId, userId, at);
      const c = client();
      if (!c) return;
      await c.eval(MARK_SEEN, 1, keyOf(userId), ticketId, String(at.getTime()), String(REDIS_TTL_SECONDS)).catch((err: unknown) => {
        logger.warn({ err, ticketId }, 'read marker not mirrored in Redis');
      });
    },

    /** When `userId` last saw each of the tickets, by ticket id (absent: never). */
    async seenAtByTicket(ticketIds: readonly string[], userId: string): Promise<Map<string, Date>> {
      const c = client();
      if (!c || ticketIds.length === 0) return seenAtInDatabase(ticketIds, userId);
      let values: Array<string | null>;
      try {
        values = await c.hmget(keyOf(userId), ...ticketIds);
      } catch {
        return seenAtInDatabase(ticketIds, userId);
      }
      const seen = new Map<string, Date>();
      const missing: string[] = [];
      values.forEach((value, i) => {
        if (value === null) missing.push(ticketIds[i]!);
        else if (value !== '0') seen.set(ticketIds[i]!, new Date(Number(value)));
      });
      if (missing.length === 0) return seen;
      const stored = await seenAtInDatabase(missing, userId);
      const fill: string[] = [];
      for (const id of missing) {
        const at = stored.get(id);
        if (at) seen.set(id, at);
        fill.push(id, String(at?.getTime() ?? 0));
      }
      await c.eval(FILL, 1, keyOf(userId), ...fill, String(REDIS_TTL_SECONDS)).catch(() => {});
      return seen;
    },
  };
}

export type ReadMarkers = ReturnType<typeof createReadMarkers>;
