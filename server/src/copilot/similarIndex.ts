import type { TicketFields } from '../tickets/ticketModel.js';
import type { CommentFields } from '../tickets/commentModel.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { Logger } from '../platform/logger.js';
import type { RedisHandle } from '../platform/redis.js';
import { idf, MAX_QUERY_TERMS, termScore, termVector, ticketText } from './bm25.js';
import { createIndexChangeLog } from './indexChangeLog.js';
import { IndexedTicketModel, IndexStatsModel, packEntry, unpackEntry, type IndexedTicketFields, type IndexStatsFields, type StoredIndexedTicket } from './indexModels.js';
import { allComments, closingStaffReply, commentsOfTicket, completedTickets, findPerson, findTicketById, staffIds } from './repo.js';
import { ResidentIndex, type ResidentTicket } from './residentIndex.js';
import { readSnapshot, writeSnapshot, type LogPosition } from './indexSnapshot.js';

/** The backfill marker; a new id when the stored shape changes makes every database backfill once more. */
const BACKFILL_ID = 'term-vectors-packed';
const BACKFILL_LOCK = 'copilot:similar-index:backfill';

/** One solved ticket found for a query. */
export interface SimilarHit {
  ticket: ResidentTicket;
  score: number;
  /** Share of the query's idf mass this ticket matches (0..1). */
  coverage: number;
}

export interface SimilarIndexOptions {
  /** Serialises the one-time backfill across processes. */
  lock: KeyedLock;
  logger: Logger;
  /** Where processes tell each other which tickets they indexed; without it this process is the only writer. */
  redis?: RedisHandle;
  /** A start that re-reads at least this many entries changed since the snapshot leaves a newer one (default 500). */
  snapshotRenewalChanges?: number;
}

/**
 * A BM25 index of completed tickets. Stored as one document per solved ticket with
 * its term vector (so indexing a ticket is one write by `_id`, however common its
 * words), and held in each process's memory as an inverted index
 * (`ResidentIndex`), so a query reads nothing from the database.
 *
 * `load` reads the stored vectors in once per process, in the background at start
 * (no tokenizing and no reading of tickets or comments: those happen once per
 * ticket, when it is indexed); until it has finished, queries answer from what is
 * held so far. A process that may have missed changes (the log no longer reaches
 * back to it) loads again, answering from what it holds until the new copy is in use. A write updates this process's memory at once and is appended to
 * the change log, from which every other process reads the changed entries before
 * its next query.
 */
/** Reads the stored entries of these tickets by `_id`, 64 at a time, handing each to `take` (null when absent). */
async function readStored(ticketIds: readonly string[], take: (id: string, doc: StoredIndexedTicket | null) => void): Promise<void> {
  for (let i = 0; i < ticketIds.length; i += 64) {
    const batch = ticketIds.slice(i, i + 64);
    const docs = await Promise.all(batch.map((id) => IndexedTicketModel.findById(id).lean<StoredIndexedTicket>()));
    batch.forEach((id, j) => take(id, docs[j] ?? null));
  }
}

export function createSimilarIndex({ lock, logger, redis, snapshotRenewalChanges = 500 }: SimilarIndexOptions) {
  let held = new ResidentIndex();
  const changeLog = createIndexChangeLog(redis);
  const inFlight = new Set<Promise<void>>();
  /** The change-log position this process's memory reflects; null until Redis has first answered. */
  let applied: number | null = null;
  let catchingUp: Promise<void> | null = null;
  let loading: Promise<void> | null = null;
  let loaded = false;
  /** Counts `forgetAll`s, so a load that streamed across one starts over. */
  let generation = 0;
  /** While a load streams into a new index, the tickets written to the one in use, to read again before the swap. */
  let writtenDuringLoad: Set<string> | null = null;

  /** Reads the stored entries of these tickets into `into` (an absent entry removes the ticket). */
  async function readEntries(ticketIds: readonly string[], into: ResidentIndex = held): Promise<void> {
    const epoch = into.epoch;
    await readStored(ticketIds, (id, doc) => {
      into.putIfNotSince(id, doc ? unpackEntry(doc) : null, epoch);
      if (into === held) writtenDuringLoad?.add(id);
    });
  }

  /** What is held can no longer be trusted to be current: read everything in again (answering from it meanwhile). */
  function forgetAll() {
    generation += 1;
    void load();
  }

  /** Applies the other processes' writes since the last query: their tickets' entries are read again. */
  async function applyChanges(): Promise<void> {
    if (applied === null) {
      const head = await changeLog.head().catch(() => null);
      if (head === null) return;
      // Anything held was read without a position in the log: it may predate changes we will never be told of.
      if (held.slotCount > 0) forgetAll();
      applied = head;
      return;
    }
    const since = await changeLog.since(applied).catch((err: unknown) => {
      logger.warn({ err }, 'similar-ticket change log unreadable; answering from memory');
      return null;
    });
    if (!since || since.head === applied) return;
    if ('gap' in since) {
      applied = since.head;
      forgetAll();
      return;
    }
    await readEntries([...new Set(since.ticketIds)]);
    applied = since.head;
  }

  function catchUp(): Promise<void> {
    catchingUp ??= applyChanges().finally(() => (catchingUp = null));
    return catchingUp;
  }

  /**
   * Puts the snapshot the last full read left in use, if it was taken from the change
   * log Redis holds now and that log still reaches back to it, then applies the
   * changes logged since. Whether it did; otherwise the caller reads everything.
   */
  async function loadSnapshot(): Promise<boolean> {
    const logId = await changeLog.id().catch(() => null);
    if (!logId) return false;
    const snapshot = await readSnapshot().catch((err: unknown) => {
      logger.warn({ err }, 'similar-ticket snapshot unreadable; reading every entry');
      return null;
    });
    if (!snapshot || snapshot.at.logId !== logId) return false;
    const since = await changeLog.since(snapshot.at.seq).catch(() => null);
    if (!since || 'gap' in since) return false;
    const at = generation;
    // The entries changed since the snapshot, read again as they are stored now (an absent one was removed).
    const stored = new Map(snapshot.entries.map((entry) => [entry._id, entry]));
    const changed = [...new Set(since.ticketIds)];
    await readStored(changed, (id, doc) => (doc ? stored.set(id, doc) : stored.delete(id)));
    const next = new ResidentIndex();
    for (const doc of stored.values()) next.put(unpackEntry(doc));
    // A catch-up in flight would set its position after ours: let it finish, then swap with nothing in between.
    while (catchingUp) await catchingUp;
    if (at !== generation) return false;
    held = next;
    applied = since.head;
    loaded = true;
    await catchUp();
    // Many changes re-read at each start: a newer snapshot saves the next start reading them again.
    if (changed.length >= snapshotRenewalChanges) snapshotInBackground([...stored.values()], { logId, seq: since.head });
    return true;
  }

  /** Stores `entries` (every entry as of `position` or later) as the snapshot, without holding up the caller. */
  function snapshotInBackground(entries: StoredIndexedTicket[], position: LogPosition): void {
    const written: Promise<void> = writeSnapshot(lock, entries, position)
      .then(
        () => undefined,
        (err: unknown) => logger.warn({ err }, 'similar-ticket snapshot not written'),
      )
      .finally(() => inFlight.delete(written));
    inFlight.add(written);
  }

  /**
   * Reads every stored entry into a new in-memory index and then puts it in use;
   * queries meanwhile answer from the one in use (what is held so far, at start).
   * At start, a snapshot and the changes logged since stand in for the full read
   * when they can (see indexSnapshot.ts); a full read leaves a new snapshot.
   */
  function load(): Promise<void> {
    loading ??= (async () => {
      const started = Date.now();
      if (!loaded && (await loadSnapshot())) {
        logger.info({ tickets: held.docCount, ms: Date.now() - started }, 'similar-ticket index loaded into memory from its snapshot');
        return;
      }
      for (;;) {
        await catchUp();
        const at = generation;
        const logId = applied === null ? null : await changeLog.id().catch(() => null);
        const position = logId !== null && applied !== null ? { logId, seq: applied } : null;
        const next = new ResidentIndex();
        const streamed: StoredIndexedTicket[] = [];
        writtenDuringLoad = new Set();
        for await (const doc of IndexedTicketModel.find({}).lean<StoredIndexedTicket[]>().cursor()) {
          next.put(unpackEntry(doc));
          if (position) streamed.push(doc);
        }
        // Forgotten while streaming (the log had a gap): start over from what is stored now.
        if (at !== generation) continue;
        // Tickets written meanwhile may have been streamed as they were before: read them again, until none is left.
        for (let written = [...writtenDuringLoad]; written.length > 0; written = [...writtenDuringLoad]) {
          writtenDuringLoad = new Set();
          await readEntries(written, next);
        }
        writtenDuringLoad = null;
        held = next;
        loaded = true;
        logger.info({ tickets: held.docCount, ms: Date.now() - started }, 'similar-ticket index loaded into memory');
        // What was streamed is every entry as of `position` or later; the changes logged after it are re-read on top.
        if (position) snapshotInBackground(streamed, position);
        return;
      }
    })()
      .catch((err: unknown) => {
        writtenDuringLoad = null;
        logger.error({ err }, 'similar-ticket index could not be loaded into memory');
      })
      .finally(() => (loading = null));
    return loading;
  }

  function entryFor(ticket: TicketFields, resolution: string): IndexedTicketFields {
    const { terms, length } = termVector(ticketText(ticket));
    return {
      _id: String(ticket._id),
      number: ticket.filingNumber,
      title: ticket.title,
      resolution,
      terms: [...terms.keys()],
      freqs: [...terms.values()],
      length,
      requester: String(ticket.createdBy),
      completedAt: ticket.completedAt ?? null,
    };
  }

  async function resolutionOf(ticket: TicketFields): Promise<string> {
    const comments = await commentsOfTicket(String(ticket._id));
    const roles = new Map<string, boolean>();
    for (const author of new Set(comments.map((c) => String(c.author)))) {
      const person = await findPerson(author);
      roles.set(author, person !== null && person.role !== 'user');
    }
    return closingStaffReply(ticket, comments, (id) => roles.get(id) ?? false)?.body ?? '';
  }

  async function refreshOne(ticketId: string): Promise<void> {
    const ticket = await findTicketById(ticketId);
    if (ticket?.status === 'completed') {
      const entry = entryFor(ticket, await resolutionOf(ticket));
      await IndexedTicketModel.replaceOne({ _id: entry._id }, packEntry(entry), { upsert: true });
      held.put(entry);
    } else {
      await IndexedTicketModel.deleteOne({ _id: ticketId });
      held.remove(ticketId);
    }
    writtenDuringLoad?.add(ticketId);
    await changeLog.append(ticketId).catch((err: unknown) => logger.warn({ err, ticketId }, 'similar-ticket change not logged'));
  }

  return {
    /**
     * Brings one ticket's entry up to date: indexed (again) when it is completed,
     * removed otherwise. Safe to call twice and from any process: the entry is
     * computed from the ticket as it is now.
     */
    refresh(ticketId: string): Promise<void> {
      const done = refreshOne(ticketId).finally(() => inFlight.delete(done));
      inFlight.add(done);
      return done;
    },

    /** Resolves once every refresh started so far has finished (tests, shutdown). */
    async settled(): Promise<void> {
      await Promise.allSettled([...inFlight]);
    },

    /**
     * Indexes every completed ticket the index does not hold yet, once per database:
     * the marker document remembers that it was done, so a restart does not redo it.
     * One pass over tickets and one over comments, then inserts in batches.
     */
    async backfill(): Promise<{ indexed: number; skipped: boolean }> {
      return lock.run(BACKFILL_LOCK, async () => {
        const marker = await IndexStatsModel.findById(BACKFILL_ID).lean<IndexStatsFields>();
        if (marker?.backfilledAt) return { indexed: 0, skipped: true };
        const started = Date.now();
        const stored = await IndexedTicketModel.find({}).select({ _id: 1, vector: 1 }).lean<Array<Pick<StoredIndexedTicket, '_id' | 'vector'>>>();
        // Entries of an earlier shape (the vector as two arrays, or terms without frequencies) are indexed again.
        const current = new Set(stored.filter((e) => typeof e.vector === 'string').map((e) => e._id));
        const tickets = (await completedTickets()).filter((t) => !current.has(String(t._id)));
        const byId = new Map(tickets.map((t) => [String(t._id), t]));
        const conversations = new Map<string, CommentFields[]>();
        if (byId.size > 0) {
          for await (const comment of allComments()) {
            const id = String(comment.ticket);
            if (!byId.has(id)) continue;
            const list = conversations.get(id) ?? [];
            list.push(comment);
            conversations.set(id, list);
          }
        }
        const staff = byId.size > 0 ? await staffIds() : new Set<string>();
        const entries = tickets.map((ticket) =>
          entryFor(ticket, closingStaffReply(ticket, conversations.get(String(ticket._id)) ?? [], (id) => staff.has(id))?.body ?? ''),
        );
        const outdated = new Set(stored.map((e) => e._id));
        const inserts = entries.filter((e) => !outdated.has(e._id));
        const replaces = entries.filter((e) => outdated.has(e._id)).map((e) => ({ replaceOne: { filter: { _id: e._id }, replacement: packEntry(e) } }));
        for (let i = 0; i < inserts.length; i += 1000) await IndexedTicketModel.insertMany(inserts.slice(i, i + 1000).map(packEntry), { ordered: false, lean: true });
        for (let i = 0; i < replaces.length; i += 500) await IndexedTicketModel.bulkWrite(replaces.slice(i, i + 500), { ordered: false });
        await IndexStatsModel.replaceOne({ _id: BACKFILL_ID }, { _id: BACKFILL_ID, backfilledAt: new Date() }, { upsert: true });
        // The postings documents of the earlier shape are not read any more.
        await IndexedTicketModel.db.dropCollection('copilot_postings').catch(() => {});
        for (const entry of entries) {
          held.put(entry);
          writtenDuringLoad?.add(entry._id);
        }
        if (entries.length > 0) await changeLog.appendEverything().catch((err: unknown) => logger.warn({ err }, 'similar-ticket backfill not logged'));
        logger.info({ indexed: entries.length, ms: Date.now() - started }, 'similar-ticket index backfilled');
        return { indexed: entries.length, skipped: false };
      });
    },

    /**
     * The solved tickets most like `text`, best first, over at most MAX_QUERY_TERMS
     * distinct terms (title terms first). Reads nothing from the database but the
     * entries other processes changed since the last query.
     */
    async search(text: string, { limit = 5, excludeIds = [] as string[] } = {}): Promise<SimilarHit[]> {
      const query = [...termVector(text).terms.keys()].slice(0, MAX_QUERY_TERMS);
      if (query.length === 0) return [];
      await catchUp();
      const { docCount, totalLength } = held;
      if (docCount === 0) return [];
      const averageLength = totalLength / docCount;
      const excluded = new Set(excludeIds);
      // Scores by slot in flat arrays: a common term has postings for a good share of all solved tickets.
      const score = new Float64Array(held.slotCount);
      const matched = new Float64Array(held.slotCount);
      const touched: number[] = [];
      let totalIdf = 0;
      let unseenTerms = 0;
      for (const term of query) {
        const { slots, freqs } = held.postingsOf(term);
        if (slots.length === 0) {
          unseenTerms += 1;
          continue;
        }
        const termIdf = idf(Math.max(docCount, slots.length), slots.length);
        totalIdf += termIdf;
        for (let i = 0; i < slots.length; i += 1) {
          const slot = slots[i]!;
          if (matched[slot] === 0) touched.push(slot);
          score[slot] = score[slot]! + termScore(termIdf, freqs[i]!, held.lengthAt(slot), averageLength);
          matched[slot] = matched[slot]! + termIdf;
        }
      }
      // Terms no solved ticket contains still count against coverage (the query asks about something new),
      // weighted as the rarest seen term: a full unseen idf would let one typo outweigh every shared word.
      const unseen = unseenTerms * idf(docCount + 1, 1);
      const best = topSlots(touched, limit + excluded.size, (slot) => score[slot]!, (slot) => held.idAt(slot))
        .filter((slot) => !excluded.has(held.idAt(slot)))
        .slice(0, limit);
      return best.flatMap((slot) => {
        const ticket = held.ticketAt(slot);
        return ticket ? [{ ticket, score: score[slot]!, coverage: matched[slot]! / (totalIdf + unseen) }] : [];
      });
    },

    /**
     * Reads every stored entry into this process's memory (in the background at
     * start); queries are answered meanwhile from what is held.
     */
    load,

    /** Whether every stored entry has been read into memory. */
    get loaded(): boolean {
      return loaded;
    },

    /** How many solved tickets are held in memory. */
    get size(): number {
      return held.docCount;
    },
  };
}

/**
 * The `k` best slots by score, best first, ties broken by ticket id: a bounded
 * insertion list, since `k` is a handful and the candidates can be tens of thousands.
 */
function topSlots(candidates: readonly number[], k: number, scoreOf: (slot: number) => number, idOf: (slot: number) => string): number[] {
  const better = (a: number, b: number) => scoreOf(a) > scoreOf(b) || (scoreOf(a) === scoreOf(b) && idOf(a) < idOf(b));
  const top: number[] = [];
  for (const slot of candidates) {
    if (top.length === k && !better(slot, top[k - 1]!)) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && better(slot, top[at - 1]!)) at -= 1;
    top.splice(at, 0, slot);
    if (top.length > k) top.pop();
  }
  return top;
}

export type SimilarIndex = ReturnType<typeof createSimilarIndex>;
