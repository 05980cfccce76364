import { randomUUID } from 'node:crypto';
import type { RedisHandle } from '../platform/redis.js';

/** What changed after a given point: the tickets indexed or removed, in order, or a gap (the log no longer reaches back that far). */
export type IndexChangesSince = { head: number; ticketIds: string[] } | { head: number; gap: true };

/** Marks a change that replaced the whole stored index (a backfill): every process reads it in again. */
const EVERYTHING = '*';

// One script per call keeps a sequence number and its entry together, so a reader never sees one without the other.
// The first number of a log (its counter was absent: a new Redis, or one that lost the key) gives the log a new id.
const APPEND = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('SET', KEYS[3], ARGV[3]) end
redis.call('RPUSH', KEYS[2], n .. '\\t' .. ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
return n`;

const SINCE = `
local head = tonumber(redis.call('GET', KEYS[1]) or '0')
local from = tonumber(ARGV[1])
if head == from then return {head} end
if head < from or head - from > tonumber(ARGV[2]) then return {head, 'gap'} end
local entries = redis.call('LRANGE', KEYS[2], -(head - from), -1)
local out = {head}
for i = 1, #entries do out[#out + 1] = entries[i] end
return out`;

/**
 * The similar-ticket index's change log, shared by every server process through
 * Redis: each write to the stored index appends the ticket it was for, under a
 * sequence number. A process holding the index in memory reads the entries after
 * the last one it applied and re-reads just those tickets' entries, so another process's
 * writes show up on its next query without a subscription that could miss a
 * message while reconnecting; a reader too far behind sees a gap and reads the
 * whole index in again. Without Redis there is one process and nothing to tell.
 */
export function createIndexChangeLog(redis: RedisHandle | undefined, { keep = 5_000 } = {}) {
  const seqKey = () => redis!.key('copilot', 'index', 'seq');
  const logKey = () => redis!.key('copilot', 'index', 'log');
  const idKey = () => redis!.key('copilot', 'index', 'logid');
  const client = () => (redis?.isUp() ? redis.client : null);

  async function append(ticketId: string): Promise<number | null> {
    const c = client();
    if (!c) return null;
    return Number(await c.eval(APPEND, 3, seqKey(), logKey(), idKey(), ticketId, String(keep), randomUUID()));
  }

  return {
    /** Records a write of one ticket's entry; the new sequence number, or null without Redis. */
    append,

    /** Records that the stored index was rebuilt as a whole. */
    appendEverything(): Promise<number | null> {
      return append(EVERYTHING);
    },

    /** The sequence number of the last change, or null without Redis. */
    async head(): Promise<number | null> {
      const c = client();
      if (!c) return null;
      return Number((await c.get(seqKey())) ?? 0);
    },

    /**
     * Which log this is: a random id set when the log is first used, so a position
     * taken from one log (a snapshot's) is never read against another that reached
     * the same number after Redis was emptied. Null without Redis.
     */
    async id(): Promise<string | null> {
      const c = client();
      if (!c) return null;
      await c.set(idKey(), randomUUID(), 'NX');
      return c.get(idKey());
    },

    /** The changes after `seq`; a gap when they are no longer all kept or one replaced everything. Null without Redis. */
    async since(seq: number): Promise<IndexChangesSince | null> {
      const c = client();
      if (!c) return null;
      const [head, ...rest] = (await c.eval(SINCE, 2, seqKey(), logKey(), String(seq), String(keep))) as [number, ...string[]];
      if (rest[0] === 'gap') return { head: Number(head), gap: true };
      const ticketIds: string[] = [];
      for (const entry of rest) {
        const ticketId = entry.slice(entry.indexOf('\t') + 1);
        if (ticketId === EVERYTHING) return { head: Number(head), gap: true };
        ticketIds.push(ticketId);
      }
      return { head: Number(head), ticketIds };
    },
  };
}

export type IndexChangeLog = ReturnType<typeof createIndexChangeLog>;
