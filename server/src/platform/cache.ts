import { createHash } from 'node:crypto';
import type { Logger } from './logger.js';
import type { RedisHandle } from './redis.js';

/**
 * Cache-aside over Redis with tag versions.
 *
 * Every entry is stored under a key that embeds the current version of each
 * tag it depends on (`tickets:user:42` → 7). Invalidating a tag is one INCR:
 * entries built on the old version are never read again and expire by TTL, so
 * invalidation costs O(1) whatever the cache holds, with no KEYS/SCAN.
 *
 * Redis trouble never fails a request: a command that errors or takes longer
 * than `timeoutMs` makes the read go to the loader (the database), the outage is
 * logged once, and the cache resumes by itself when Redis answers again.
 *
 * Written here rather than taken from a library because the npm cache
 * libraries we looked at either invalidate by scanning keys or do not combine
 * tag versions, stampede locks and fail-open timeouts in one place.
 */
export interface Cache {
  /** Returns the cached value, or loads, stores and returns it (as JSON would round-trip it). */
  getOrLoad<T>(spec: CacheSpec, load: () => Promise<T>): Promise<T>;
  /**
   * The same, but the value stays in the JSON text the cache holds: a hit is sent
   * to the client without being parsed and serialised again (about a tenth of the
   * time of a cached ticket list went to that).
   */
  getOrLoadJson<T>(spec: CacheSpec, load: () => Promise<T>): Promise<JsonText<T>>;
  /** Makes every entry that depends on any of these tags unreachable. */
  invalidate(...tags: string[]): Promise<void>;
  /** Makes every entry unreachable, e.g. after data was written behind the services' back. */
  invalidateAll(): Promise<void>;
  /** Whether reads currently go through Redis. */
  isEnabled(): boolean;
  stats(): CacheStats;
}

export interface CacheSpec {
  /** A name for the kind of entry, e.g. `ticket-list`. */
  name: string;
  /** What distinguishes one entry of that kind from another (query, scope...). */
  params?: unknown;
  tags: string[];
  ttlSeconds: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  errors: number;
  bypassed: number;
}

export interface CacheOptions {
  redis: RedisHandle;
  logger: Logger;
  /** `false` turns the cache off (every read goes to the loader), for comparison runs. */
  enabled?: boolean;
  /** How long a Redis command may take before the cache is bypassed for that read. */
  timeoutMs?: number;
  /** How long the one rebuilder of a cold key may hold it before others rebuild too. */
  rebuildLockMs?: number;
  /** How long others wait for that rebuild before loading themselves. */
  rebuildWaitMs?: number;
}

/** A value in its JSON form; `T` says what parsing it gives. */
export class JsonText<T> {
  constructor(readonly text: string) {}
  parse(): T {
    return JSON.parse(this.text) as T;
  }
}

class CacheTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Timers run before the event loop reads its sockets. After this process was
        // busy for longer than `ms`, Redis's answer may be waiting unread: give the
        // poll phase one turn, so only a Redis that is really slow counts as one.
        setImmediate(() => reject(new CacheTimeout(`Redis did not answer in ${ms} ms`)));
      }, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function digest(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value ?? null)).digest('base64url').slice(0, 16);
}

/** A tag every entry depends on; bumping it empties the whole cache at once. */
const GLOBAL_EPOCH = '*';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createCache({
  redis,
  logger,
  enabled = true,
  timeoutMs = 25,
  rebuildLockMs = 5_000,
  rebuildWaitMs = 1_000,
}: CacheOptions): Cache {
  const stats: CacheStats = { hits: 0, misses: 0, errors: 0, bypassed: 0 };
  // One load per key per process at a time, whatever Redis says.
  const inFlight = new Map<string, Promise<string>>();
  let outageLogged = false;
  // Set when an invalidation could not reach Redis: the next time Redis answers,
  // the global epoch is bumped, so nothing cached before the outage is served.
  let epochBumpOwed = false;

  const versionKey = (tag: string) => redis.key('cache', 'v', tag);
  const client = () => (enabled && redis.isUp() ? redis.client : null);

  function noteFailure(err: unknown) {
    stats.errors += 1;
    if (!outageLogged) {
      outageLogged = true;
      logger.warn({ err: (err as Error).message }, 'cache unavailable; reading from the database until Redis answers');
    }
  }
  function noteSuccess() {
    if (outageLogged) logger.info('cache available again');
    outageLogged = false;
  }

  async function entryKey(spec: CacheSpec): Promise<string | null> {
    const c = client();
    if (!c) return null;
    if (epochBumpOwed) {
      await withTimeout(c.incr(versionKey(GLOBAL_EPOCH)), timeoutMs);
      epochBumpOwed = false;
    }
    const tags = [GLOBAL_EPOCH, ...[...spec.tags].sort()];
    const versions = tags.length ? await withTimeout(c.mget(...tags.map(versionKey)), timeoutMs) : [];
    const versionPart = versions.map((v) => v ?? '0').join('.');
    return redis.key('cache', spec.name, versionPart, digest(spec.params));
  }

  async function loadAndStore(key: string, spec: CacheSpec, load: () => Promise<string>): Promise<string> {
    const c = client();
    const lockKey = `${key}:rebuild`;
    let holdsLock = false;
    if (c) {
      try {
        holdsLock = (await withTimeout(c.set(lockKey, '1', 'PX', rebuildLockMs, 'NX'), timeoutMs)) === 'OK';
      } catch (err) {
        noteFailure(err);
      }
      if (!holdsLock) {
        // Someone else (maybe another process) is rebuilding: wait briefly for their value.
        const deadline = Date.now() + rebuildWaitMs;
        while (Date.now() < deadline) {
          await pause(20);
          try {
            const cached = await withTimeout(c.get(key), timeoutMs);
            if (cached !== null) {
              stats.hits += 1;
              return cached;
            }
          } catch (err) {
            noteFailure(err);
            break;
          }
        }
      }
    }
    const value = await load();
    if (c) {
      try {
        await withTimeout(
          c.multi().set(key, value, 'EX', spec.ttlSeconds).del(lockKey).exec(),
          timeoutMs * 4,
        );
      } catch (err) {
        noteFailure(err);
      }
    }
    return value;
  }

  async function getOrLoadText(spec: CacheSpec, load: () => Promise<string>): Promise<string> {
    let key: string | null = null;
    try {
      key = await entryKey(spec);
      if (key) {
        const cached = await withTimeout(client()!.get(key), timeoutMs);
        noteSuccess();
        if (cached !== null) {
          stats.hits += 1;
          return cached;
        }
      }
    } catch (err) {
      noteFailure(err);
      key = null;
    }
    if (!key) {
      stats.bypassed += 1;
      return load();
    }
    stats.misses += 1;
    const pending = inFlight.get(key);
    if (pending) return pending;
    const promise = loadAndStore(key, spec, load).finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  }

  const serialised = <T>(load: () => Promise<T>) => async () => JSON.stringify((await load()) ?? null);

  return {
    async getOrLoad<T>(spec: CacheSpec, load: () => Promise<T>): Promise<T> {
      return JSON.parse(await getOrLoadText(spec, serialised(load))) as T;
    },

    async getOrLoadJson<T>(spec: CacheSpec, load: () => Promise<T>): Promise<JsonText<T>> {
      return new JsonText<T>(await getOrLoadText(spec, serialised(load)));
    },

    async invalidate(...tags: string[]) {
      const c = enabled ? redis.client : null;
      if (tags.length === 0 || !enabled) return;
      if (!c || !redis.isUp()) {
        epochBumpOwed = c !== null;
        return;
      }
      try {
        const pipeline = c.pipeline();
        for (const tag of new Set(tags)) pipeline.incr(versionKey(tag));
        await withTimeout(pipeline.exec(), timeoutMs * 4);
      } catch (err) {
        epochBumpOwed = true;
        noteFailure(err);
      }
    },

    invalidateAll() {
      return this.invalidate(GLOBAL_EPOCH);
    },

    isEnabled: () => client() !== null,
    stats: () => ({ ...stats }),
  };
}
