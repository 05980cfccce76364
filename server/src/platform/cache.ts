import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { currentReadAhead, parseReadAhead, READ_AHEAD_SCRIPT, readAheadArgs, type ReadAheadEntry, type ReadAheadPlan, type ReadAheadResult } from './readAhead.js';
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
  /**
   * Describes the entry `spec` names for a read-ahead (see readAhead.ts): a later
   * `getOrLoad` of the same spec in the same request takes what the read-ahead found.
   */
  readAheadEntry(spec: CacheSpec): ReadAheadEntry;
  /**
   * Runs `plan` in one Redis call, or gives null when the cache is not using Redis
   * now (or it failed or was late; that counts as a cache error, as any read would).
   */
  readAhead(plan: ReadAheadPlan): Promise<ReadAheadResult | null>;
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
  private decoded: string | undefined;
  private encoded: Buffer | undefined;

  /**
   * @param json the JSON, as text or as its UTF-8 bytes (what Redis sent: a hit is
   *   written to the client without being decoded and encoded again).
   * @param etag a strong HTTP entity tag of the JSON, computed once when the entry
   *   was written, so a conditional GET is answered without hashing the body.
   */
  constructor(
    json: string | Buffer,
    readonly etag: string = entityTag(json),
  ) {
    if (typeof json === 'string') this.decoded = json;
    else this.encoded = json;
  }

  get text(): string {
    this.decoded ??= this.encoded!.toString('utf8');
    return this.decoded;
  }

  /** The JSON as UTF-8 bytes, to write to a socket. */
  get bytes(): Buffer {
    this.encoded ??= Buffer.from(this.decoded!, 'utf8');
    return this.encoded;
  }

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

/** A strong entity tag (quotes included) for a JSON text. */
export function entityTag(json: string | Buffer): string {
  return `"${createHash('sha1').update(json).digest('base64url')}"`;
}

/**
 * How an entry is stored: its entity tag, a newline, its JSON text. JSON.stringify
 * never writes a raw newline, so the first one ends the tag. The layout's name is
 * part of every entry key, so entries of another layout are never misread.
 */
const ENTRY_LAYOUT = 'e1';

function packEntry(json: string): string {
  return `${entityTag(json)}\n${json}`;
}

function unpackEntry<T>(stored: string | Buffer): JsonText<T> {
  if (typeof stored === 'string') {
    const newline = stored.indexOf('\n');
    return new JsonText<T>(stored.slice(newline + 1), stored.slice(0, newline));
  }
  const newline = stored.indexOf(0x0a);
  return new JsonText<T>(stored.subarray(newline + 1), stored.toString('latin1', 0, newline));
}

/** What identifies a spec within one request: its name, params and tags. */
function specId(spec: CacheSpec, paramsDigest: string): string {
  return `${spec.name}\u0000${paramsDigest}\u0000${[...spec.tags].sort().join(',')}`;
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

  const entryTags = (spec: CacheSpec) => [GLOBAL_EPOCH, ...[...spec.tags].sort()];
  const entryKeyPrefix = (spec: CacheSpec) => redis.key('cache', ENTRY_LAYOUT, spec.name, '');

  async function entryKey(spec: CacheSpec, paramsDigest: string): Promise<string | null> {
    const c = client();
    if (!c) return null;
    if (epochBumpOwed) {
      await withTimeout(c.incr(versionKey(GLOBAL_EPOCH)), timeoutMs);
      epochBumpOwed = false;
    }
    const versions = await withTimeout(c.mget(...entryTags(spec).map(versionKey)), timeoutMs);
    return `${entryKeyPrefix(spec)}${versions.map((v) => v ?? '0').join('.')}:${paramsDigest}`;
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

  /** The entry as stored (see packEntry), from the request's read-ahead, Redis, or the loader. */
  async function getOrLoadEntry(spec: CacheSpec, loadJson: () => Promise<string>): Promise<string | Buffer> {
    const load = async () => packEntry(await loadJson());
    const paramsDigest = digest(spec.params);
    let key: string | null = null;
    const readAhead = client() ? currentReadAhead()?.takeEntry(specId(spec, paramsDigest)) : undefined;
    if (readAhead) {
      if (readAhead.value !== null) {
        stats.hits += 1;
        return readAhead.value;
      }
      key = readAhead.key;
    } else {
      try {
        key = await entryKey(spec, paramsDigest);
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
  let readAheadClient: Redis | null = null;

  return {
    async getOrLoad<T>(spec: CacheSpec, load: () => Promise<T>): Promise<T> {
      return unpackEntry<T>(await getOrLoadEntry(spec, serialised(load))).parse();
    },

    async getOrLoadJson<T>(spec: CacheSpec, load: () => Promise<T>): Promise<JsonText<T>> {
      return unpackEntry<T>(await getOrLoadEntry(spec, serialised(load)));
    },

    readAheadEntry(spec: CacheSpec): ReadAheadEntry {
      const paramsDigest = digest(spec.params);
      return {
        id: specId(spec, paramsDigest),
        keyPrefix: entryKeyPrefix(spec),
        versionKeys: entryTags(spec).map(versionKey),
        digest: paramsDigest,
      };
    },

    async readAhead(plan: ReadAheadPlan): Promise<ReadAheadResult | null> {
      const c = client();
      // An owed epoch bump must reach Redis before anything cached is read again: leave that to entryKey.
      if (!c || epochBumpOwed) return null;
      if (readAheadClient !== c) {
        // ioredis sends EVALSHA and falls back to EVAL when Redis does not know the script yet.
        c.defineCommand('relaydeskReadAhead', { numberOfKeys: 0, lua: READ_AHEAD_SCRIPT });
        readAheadClient = c;
      }
      try {
        // The Buffer form: an entry read ahead goes to the socket as the bytes Redis sent.
        const call = (c as unknown as { relaydeskReadAheadBuffer(...args: string[]): Promise<unknown[]> }).relaydeskReadAheadBuffer(
          ...readAheadArgs(plan),
        );
        const reply = await withTimeout(call, timeoutMs);
        noteSuccess();
        return parseReadAhead(plan, reply);
      } catch (err) {
        noteFailure(err);
        return null;
      }
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
