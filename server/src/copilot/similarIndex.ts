import type { TicketFields } from '../tickets/ticketModel.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { RedisHandle } from '../platform/redis.js';
import { createIndexChangeLog } from './indexChangeLog.js';
import { ResidentPostings, type CompactPostings } from './residentPostings.js';
import type { Logger } from '../platform/logger.js';
import { idf, MAX_QUERY_TERMS, termScore, termVector, ticketText } from './bm25.js';
import {
  IndexedTicketModel,
  IndexStatsModel,
  TermPostingsModel,
  type IndexedTicketFields,
  type IndexStatsFields,
  type PostingFields,
  type TermPostingsFields,
} from './indexModels.js';
import { allComments, closingStaffReply, commentsOfTicket, completedTickets, findPerson, findTicketById, staffIds } from './repo.js';
import type { CommentFields } from '../tickets/commentModel.js';

const STATS_ID = 'bm25';
const INDEX_LOCK = 'copilot:similar-index';

/** One solved ticket found for a query. */
export interface SimilarHit {
  ticket: IndexedTicketFields;
  score: number;
  /** Share of the query's idf mass this ticket matches (0..1). */
  coverage: number;
}

export interface SimilarIndexOptions {
  lock: KeyedLock;
  logger: Logger;
  /** Where processes tell each other which terms they changed; without it this process is the only writer. */
  redis?: RedisHandle;
  /** How many solved tickets' entries (title, number, resolution) to keep in memory. */
  cacheEntries?: number;
}

/**
 * A BM25 index of completed tickets, stored in MongoDB as one postings document per
 * term (`_id: term`) plus one document per ticket and a counters document, and held
 * in each process's memory (`ResidentPostings`), so a query reads no postings from
 * the database: FerretDB decodes a common term's postings document in tens of
 * milliseconds, and a query has up to forty terms.
 *
 * `load` reads the stored postings in once, in the background; until it is done a
 * query reads the terms it lacks by `_id`. Writes are serialised by one lock
 * (FerretDB's updates are read-modify-write), update this process's memory at once
 * and are appended to the change log, from which every other process re-reads the
 * changed terms before its next query.
 */
export function createSimilarIndex({ lock, logger, redis, cacheEntries = 20_000 }: SimilarIndexOptions) {
  const store = new ResidentPostings();
  const changeLog = createIndexChangeLog(redis);
  const entries = new Map<string, IndexedTicketFields | null>();
  const inFlight = new Set<Promise<void>>();
  let stats: IndexStatsFields | null = null;
  /** The change-log position this process's memory reflects; null until Redis has first answered. */
  let applied: number | null = null;
  let catchingUp: Promise<void> | null = null;
  let loading: Promise<void> | null = null;

  async function readTerms(terms: readonly string[]): Promise<void> {
    const epoch = store.epoch;
    for (let i = 0; i < terms.length; i += 64) {
      const batch = terms.slice(i, i + 64);
      const docs = await Promise.all(batch.map((term) => TermPostingsModel.findById(term).lean<TermPostingsFields>()));
      batch.forEach((term, j) => store.setIfNotSince(term, docs[j]?.postings ?? [], epoch));
    }
  }

  async function postingsOf(term: string): Promise<CompactPostings> {
    const held = store.get(term);
    if (held) return held;
    await readTerms([term]);
    return store.get(term) ?? { slots: new Int32Array(0), freqs: new Uint16Array(0) };
  }

  /** A ticket's entry (entries change only when a ticket is indexed again, which the change log reports). */
  async function entryOf(ticketId: string): Promise<IndexedTicketFields | null> {
    if (entries.has(ticketId)) return entries.get(ticketId)!;
    const entry = await IndexedTicketModel.findById(ticketId).lean<IndexedTicketFields>();
    entries.set(ticketId, entry);
    if (entries.size > cacheEntries) entries.delete(entries.keys().next().value!);
    return entry;
  }

  async function readStats(): Promise<IndexStatsFields> {
    if (stats) return stats;
    const value = (await IndexStatsModel.findById(STATS_ID).lean<IndexStatsFields>()) ?? {
      _id: STATS_ID,
      docCount: 0,
      totalLength: 0,
      backfilledAt: null,
    };
    stats = value;
    return value;
  }

  /** Forgets what is held: everything is read again (and, if it had all been read in, read in again in the background). */
  function forgetAll() {
    const wasComplete = store.complete;
    store.clear();
    entries.clear();
    stats = null;
    if (wasComplete) void load();
  }

  /** Applies the other processes' writes since the last query: their terms are read again. */
  async function applyChanges(): Promise<void> {
    if (applied === null) {
      const head = await changeLog.head().catch(() => null);
      if (head === null) return;
      // Anything held was read without a position in the log: it may predate changes we will never be told of.
      if (store.termCount > 0 || stats) forgetAll();
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
    const terms = new Set<string>();
    for (const change of since.changes) {
      for (const term of change.terms) terms.add(term);
      entries.delete(change.ticketId);
    }
    // Terms never read here need no refresh: they are read when a query first asks for them.
    await readTerms([...terms].filter((term) => store.complete || store.get(term) !== undefined));
    stats = null;
    applied = since.head;
  }

  function catchUp(): Promise<void> {
    catchingUp ??= applyChanges().finally(() => (catchingUp = null));
    return catchingUp;
  }

  /** Reads every stored term into memory; queries meanwhile read the terms they lack one by one. */
  function load(): Promise<void> {
    loading ??= (async () => {
      const started = Date.now();
      await catchUp();
      const epoch = store.epoch;
      const head = applied;
      let terms = 0;
      for await (const doc of TermPostingsModel.find({}).lean<TermPostingsFields[]>().cursor()) {
        store.setIfNotSince(doc._id, doc.postings, epoch);
        terms += 1;
      }
      // Changes logged while the terms were streaming are read again at the next query.
      if (applied === head) {
        store.complete = true;
        stats = null;
        logger.info({ terms, tickets: store.slotCount, ms: Date.now() - started }, 'similar-ticket index loaded into memory');
      }
    })()
      .catch((err: unknown) => logger.error({ err }, 'similar-ticket index could not be loaded into memory'))
      .finally(() => (loading = null));
    return loading;
  }

  async function writeStats(change: { docs: number; length: number }, backfilledAt?: Date) {
    const current = (await IndexStatsModel.findById(STATS_ID).lean<IndexStatsFields>()) ?? { docCount: 0, totalLength: 0, backfilledAt: null };
    const value: IndexStatsFields = {
      _id: STATS_ID,
      docCount: Math.max(0, current.docCount + change.docs),
      totalLength: Math.max(0, current.totalLength + change.length),
      backfilledAt: backfilledAt ?? current.backfilledAt,
    };
    await IndexStatsModel.replaceOne({ _id: STATS_ID }, value, { upsert: true });
    stats = value;
  }

  /** Rewrites one term's postings with `change` applied; drops the document when it empties. */
  async function updatePostings(term: string, change: (postings: PostingFields[]) => PostingFields[]) {
    const doc = await TermPostingsModel.findById(term).lean<TermPostingsFields>();
    const postings = change(doc?.postings ?? []);
    if (postings.length === 0) await TermPostingsModel.deleteOne({ _id: term });
    else await TermPostingsModel.replaceOne({ _id: term }, { _id: term, postings }, { upsert: true });
    store.set(term, postings);
  }

  /** Removes a ticket from the index, returning the terms it had; call with the lock held. */
  async function removeLocked(ticketId: string): Promise<string[]> {
    const existing = await IndexedTicketModel.findById(ticketId).lean<IndexedTicketFields>();
    if (!existing) return [];
    for (const term of existing.terms) await updatePostings(term, (postings) => postings.filter((p) => p.t !== ticketId));
    await IndexedTicketModel.deleteOne({ _id: ticketId });
    entries.delete(ticketId);
    await writeStats({ docs: -1, length: -existing.length });
    return existing.terms;
  }

  function entryFor(ticket: TicketFields, resolution: string): { entry: IndexedTicketFields; vector: Map<string, number> } {
    const { terms, length } = termVector(ticketText(ticket));
    return {
      vector: terms,
      entry: {
        _id: String(ticket._id),
        number: ticket.filingNumber,
        title: ticket.title,
        resolution,
        terms: [...terms.keys()],
        length,
        requester: String(ticket.createdBy),
        completedAt: ticket.completedAt ?? null,
      },
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
    const resolution = ticket?.status === 'completed' ? await resolutionOf(ticket) : '';
    await lock.run(INDEX_LOCK, async () => {
      const removedTerms = await removeLocked(ticketId);
      const touched = new Set(removedTerms);
      if (ticket?.status === 'completed') {
        const { entry, vector } = entryFor(ticket, resolution);
        for (const [term, f] of vector) {
          await updatePostings(term, (postings) => [...postings.filter((p) => p.t !== entry._id), { t: entry._id, l: entry.length, f }]);
          touched.add(term);
        }
        await IndexedTicketModel.replaceOne({ _id: entry._id }, entry, { upsert: true });
        entries.delete(entry._id);
        await writeStats({ docs: 1, length: entry.length });
      }
      // Under the lock, so the log's order is the order of the writes.
      if (touched.size > 0) await changeLog.append(ticketId, [...touched]).catch((err: unknown) => logger.warn({ err }, 'similar-ticket change not logged'));
    });
  }

  return {
    /**
     * Brings one ticket's entry up to date: indexed (again) when it is completed,
     * removed otherwise. Safe to call twice and from any process.
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
     * Reads in every completed ticket the index does not hold yet, once per database:
     * the counters document remembers that it was done, so a restart does not redo it.
     * One pass over tickets and one over comments, then one write per term.
     */
    async backfill(): Promise<{ indexed: number; skipped: boolean }> {
      return lock.run(INDEX_LOCK, async () => {
        const current = await IndexStatsModel.findById(STATS_ID).lean<IndexStatsFields>();
        if (current?.backfilledAt) return { indexed: 0, skipped: true };
        const started = Date.now();
        const held = new Set((await IndexedTicketModel.find({}).select({ _id: 1 }).lean<Array<{ _id: string }>>()).map((d) => d._id));
        const tickets = (await completedTickets()).filter((t) => !held.has(String(t._id)));
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
        const additions = new Map<string, PostingFields[]>();
        const records: IndexedTicketFields[] = [];
        let totalLength = 0;
        for (const ticket of tickets) {
          const reply = closingStaffReply(ticket, conversations.get(String(ticket._id)) ?? [], (id) => staff.has(id));
          const { entry, vector } = entryFor(ticket, reply?.body ?? '');
          records.push(entry);
          totalLength += entry.length;
          for (const [term, f] of vector) {
            const list = additions.get(term) ?? [];
            list.push({ t: entry._id, l: entry.length, f });
            additions.set(term, list);
          }
        }
        const existing = new Map(
          (await TermPostingsModel.find({}).lean<TermPostingsFields[]>()).map((doc) => [doc._id, doc.postings] as const),
        );
        // New terms are plain inserts; only terms already stored need a replace, which FerretDB answers by looking the document up.
        const inserts: TermPostingsFields[] = [];
        const replaces = [];
        for (const [term, added] of additions) {
          const held = existing.get(term);
          if (held) replaces.push({ replaceOne: { filter: { _id: term }, replacement: { _id: term, postings: [...held, ...added] } } });
          else inserts.push({ _id: term, postings: added });
        }
        for (let i = 0; i < inserts.length; i += 1000) await TermPostingsModel.insertMany(inserts.slice(i, i + 1000), { ordered: false, lean: true });
        for (let i = 0; i < replaces.length; i += 500) await TermPostingsModel.bulkWrite(replaces.slice(i, i + 500), { ordered: false });
        for (let i = 0; i < records.length; i += 1000) await IndexedTicketModel.insertMany(records.slice(i, i + 1000), { ordered: false, lean: true });
        await writeStats({ docs: records.length, length: totalLength }, new Date());
        store.clear();
        entries.clear();
        stats = null;
        await changeLog.appendEverything().catch((err: unknown) => logger.warn({ err }, 'similar-ticket backfill not logged'));
        logger.info({ indexed: records.length, terms: additions.size, ms: Date.now() - started }, 'similar-ticket index backfilled');
        return { indexed: records.length, skipped: false };
      });
    },

    /**
     * The solved tickets most like `text`, best first. Reads the postings of at most
     * MAX_QUERY_TERMS distinct terms (title terms first), then the entries of the winners.
     */
    async search(text: string, { limit = 5, excludeIds = [] as string[] } = {}): Promise<SimilarHit[]> {
      const query = [...termVector(text).terms.keys()].slice(0, MAX_QUERY_TERMS);
      if (query.length === 0) return [];
      await catchUp();
      const [{ docCount, totalLength }, lists] = await Promise.all([readStats(), Promise.all(query.map(postingsOf))]);
      if (docCount === 0) return [];
      const averageLength = totalLength / docCount;
      const excluded = new Set(excludeIds);
      // Scores by slot in flat arrays: a common term has postings for a good share of all solved tickets.
      const score = new Float64Array(store.slotCount);
      const matched = new Float64Array(store.slotCount);
      const touched: number[] = [];
      let totalIdf = 0;
      for (const { slots, freqs } of lists) {
        if (slots.length === 0) continue;
        const termIdf = idf(Math.max(docCount, slots.length), slots.length);
        totalIdf += termIdf;
        for (let i = 0; i < slots.length; i += 1) {
          const slot = slots[i]!;
          if (matched[slot] === 0) touched.push(slot);
          score[slot] = score[slot]! + termScore(termIdf, freqs[i]!, store.lengthAt(slot), averageLength);
          matched[slot] = matched[slot]! + termIdf;
        }
      }
      // Terms no solved ticket contains still count against coverage (the query asks about something new),
      // weighted as the rarest seen term: a full unseen idf would let one typo outweigh every shared word.
      const unseen = lists.filter((p) => p.slots.length === 0).length * idf(docCount + 1, 1);
      const best = topSlots(touched, limit + excluded.size, (slot) => score[slot]!, (slot) => store.idAt(slot))
        .filter((slot) => !excluded.has(store.idAt(slot)))
        .slice(0, limit);
      const found = await Promise.all(best.map((slot) => entryOf(store.idAt(slot))));
      return best.flatMap((slot, i) => {
        const ticket = found[i];
        return ticket ? [{ ticket, score: score[slot]!, coverage: matched[slot]! / (totalIdf + unseen) }] : [];
      });
    },

    /**
     * Reads every stored term into this process's memory (in the background at
     * start); queries are answered meanwhile, reading the terms they lack.
     */
    load,

    /** Whether every stored term is held in memory. */
    get loaded(): boolean {
      return store.complete;
    },

    /** Forgets what is held in memory, so the next query reads what is stored. */
    clearCache() {
      store.clear();
      entries.clear();
      stats = null;
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
