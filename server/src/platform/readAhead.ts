import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Read-ahead: everything a hot request will ask Redis for, fetched in one
 * script call before the request's own code runs, then handed to that code as it
 * asks. Each part of the request (the rate limiter's store, the token denylist,
 * the cache) still makes its own decision; it only finds the answer already here
 * instead of waiting for a round trip of its own. Whatever is not found here
 * (Redis down, a cold entry, a plan that guessed wrong) is asked for the usual way.
 *
 * A hand-written Lua script rather than a pipeline because the cache entry keys
 * embed the tag versions, and the ticket list's tags depend on the role in the
 * cached identity: a pipeline would need a round trip per step of that chain.
 */

/** A tag-versioned cache entry to read: where its key starts, its tags (in key order) and the digest of its params. */
export interface ReadAheadEntry {
  /** The spec's identity, as the cache matches a later `getOrLoad` to it. */
  id: string;
  keyPrefix: string;
  versionKeys: string[];
  digest: string;
}

export interface ReadAheadPlan {
  /** A fixed-window counter to increment (the rate-limit-redis script's semantics). */
  counter?: { key: string; windowMs: number };
  /** A key whose existence is asked (a denylisted token). */
  exists?: string;
  /** Read independently of each other. */
  entries: ReadAheadEntry[];
  /**
   * One more entry, chosen by a field of the JSON held by `entries[from]`
   * (e.g. the list a person sees depends on the role in their cached identity).
   */
  dependent?: { from: number; field: string; variants: Record<string, ReadAheadEntry> };
}

export interface CounterResult {
  key: string;
  totalHits: number;
  resetTime: Date;
}

/** What one read-ahead found; each answer is handed out once. */
export class ReadAheadResult {
  constructor(
    private counter: CounterResult | null,
    private existsAnswer: { key: string; exists: boolean } | null,
    private readonly entries: Map<string, { key: string; value: string | Buffer | null }>,
  ) {}

  /** The counter's new value, when the read-ahead incremented `key`. */
  takeCounter(key: string): CounterResult | null {
    const found = this.counter?.key === key ? this.counter : null;
    if (found) this.counter = null;
    return found;
  }

  /** Whether `key` existed, or undefined when the read-ahead did not ask. */
  takeExists(key: string): boolean | undefined {
    if (this.existsAnswer?.key !== key) return undefined;
    const { exists } = this.existsAnswer;
    this.existsAnswer = null;
    return exists;
  }

  /** The entry's full key and value (null: not cached under the current versions), or undefined when not read. */
  takeEntry(id: string): { key: string; value: string | Buffer | null } | undefined {
    const found = this.entries.get(id);
    if (found) this.entries.delete(id);
    return found;
  }
}

const storage = new AsyncLocalStorage<ReadAheadResult>();

/** Runs `work` with `result` available to everything it awaits or schedules. */
export function runWithReadAhead<T>(result: ReadAheadResult, work: () => T): T {
  return storage.run(result, work);
}

/** The current request's read-ahead, if any. */
export function currentReadAhead(): ReadAheadResult | undefined {
  return storage.getStore();
}

/**
 * ARGV: counterKey windowMs existsKey nEntries {keyPrefix digest nTags versionKeys...}*
 *       dependentFrom(1-based, 0 none) field nVariants {variantValue keyPrefix digest nTags versionKeys...}*
 * Returns { hits, pttl, exists, key1, value1, ..., [variantValue, dependentKey, dependentValue] }.
 * Entry keys are built inside the script from the versions it reads, so this
 * needs one Redis node (not Cluster), as the rest of the cache assumes.
 */
export const READ_AHEAD_SCRIPT = `
local i = 1
local function nextArg() local v = ARGV[i]; i = i + 1; return v end
local out = {}
local counterKey = nextArg()
local windowMs = tonumber(nextArg())
if counterKey ~= '' then
  local ttl = redis.call('PTTL', counterKey)
  if ttl <= 0 then
    redis.call('SET', counterKey, 1, 'PX', windowMs)
    out[1] = 1; out[2] = windowMs
  else
    out[1] = redis.call('INCR', counterKey); out[2] = ttl
  end
else
  out[1] = 0; out[2] = 0
end
local existsKey = nextArg()
out[3] = existsKey ~= '' and redis.call('EXISTS', existsKey) or 0
local function readEntry(prefix, digest, nTags)
  local keys = {}
  for t = 1, nTags do keys[t] = nextArg() end
  local versions = nTags > 0 and redis.call('MGET', unpack(keys)) or {}
  for t = 1, nTags do if not versions[t] then versions[t] = '0' end end
  local key = prefix .. table.concat(versions, '.') .. ':' .. digest
  return key, redis.call('GET', key)
end
local values = {}
local n = tonumber(nextArg())
for e = 1, n do
  local prefix = nextArg(); local digest = nextArg(); local nTags = tonumber(nextArg())
  local key, value = readEntry(prefix, digest, nTags)
  values[e] = value
  out[#out + 1] = key; out[#out + 1] = value or ''
end
local from = tonumber(nextArg())
local field = nextArg()
local nVariants = tonumber(nextArg())
local wanted = nil
if from > 0 and values[from] then
  local text = values[from]
  local newline = string.find(text, '\\n', 1, true)
  local ok, decoded = pcall(cjson.decode, newline and string.sub(text, newline + 1) or text)
  if ok and type(decoded) == 'table' and type(decoded[field]) == 'string' then wanted = decoded[field] end
end
for v = 1, nVariants do
  local value = nextArg(); local prefix = nextArg(); local digest = nextArg(); local nTags = tonumber(nextArg())
  if value == wanted then
    local key, entry = readEntry(prefix, digest, nTags)
    out[#out + 1] = value; out[#out + 1] = key; out[#out + 1] = entry or ''
  else
    i = i + nTags
  end
end
return out
`;

function entryArgs(entry: ReadAheadEntry): string[] {
  return [entry.keyPrefix, entry.digest, String(entry.versionKeys.length), ...entry.versionKeys];
}

/** The script's arguments for `plan`. */
export function readAheadArgs(plan: ReadAheadPlan): string[] {
  const args = [plan.counter?.key ?? '', String(plan.counter?.windowMs ?? 0), plan.exists ?? '', String(plan.entries.length)];
  for (const entry of plan.entries) args.push(...entryArgs(entry));
  const variants = Object.entries(plan.dependent?.variants ?? {});
  args.push(String(plan.dependent ? plan.dependent.from + 1 : 0), plan.dependent?.field ?? '', String(variants.length));
  for (const [value, entry] of variants) args.push(value, ...entryArgs(entry));
  return args;
}

/** An entry's value as the reply carries it (text, or bytes from the Buffer form of the call); null for ''. */
function entryValue(value: unknown): string | Buffer | null {
  if (Buffer.isBuffer(value)) return value.length === 0 ? null : value;
  return value === '' || value === null || value === undefined ? null : String(value);
}

/**
 * Reads the script's reply. An entry's value is null when nothing is cached
 * under its current key (Redis returns nil, which a Lua table cannot hold, so
 * the script sends '' and no cached value is ever empty).
 */
export function parseReadAhead(plan: ReadAheadPlan, reply: unknown[], now = Date.now()): ReadAheadResult {
  const [hits, pttl, exists] = reply.slice(0, 3).map(Number) as [number, number, number];
  const entries = new Map<string, { key: string; value: string | Buffer | null }>();
  const ids = plan.entries.map((entry) => entry.id);
  let at = 3;
  for (const id of ids) {
    entries.set(id, { key: String(reply[at]), value: entryValue(reply[at + 1]) });
    at += 2;
  }
  const variants = plan.dependent?.variants ?? {};
  const chosenValue = reply.length > at ? String(reply[at]) : '';
  const chosen = Object.hasOwn(variants, chosenValue) ? variants[chosenValue] : undefined;
  if (chosen) entries.set(chosen.id, { key: String(reply[at + 1]), value: entryValue(reply[at + 2]) });
  return new ReadAheadResult(
    plan.counter ? { key: plan.counter.key, totalHits: Number(hits), resetTime: new Date(now + Number(pttl)) } : null,
    plan.exists ? { key: plan.exists, exists: Number(exists) > 0 } : null,
    entries,
  );
}
