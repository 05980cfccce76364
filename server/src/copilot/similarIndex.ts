import type { TicketFields } from '../tickets/ticketModel.js';
import type { KeyedLock } from '../platform/keyedLock.js';
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
  /**
   * How long a cached term's postings and ticket entries may be served before re-reading. This process's own
   * writes update its cache at once; another process's show up here within this time.
   */
  cacheTtlMs?: number;
  /** How many terms' postings to keep in memory. */
  cacheTerms?: number;
}

interface CachedPostings {
  postings: PostingFields[];
  readAt: number;
}

/**
 * A BM25 index of completed tickets, stored in MongoDB as one postings document per
 * term (`_id: term`) plus one document per ticket and a counters document. A query
 * reads only its own terms' postings, by `_id`, through an in-memory LRU cache.
 * Writes are serialised by one lock: FerretDB's updates are read-modify-write.
 */
export function createSimilarIndex({ lock, logger, cacheTtlMs = 300_000, cacheTerms = 20_000 }: SimilarIndexOptions) {
  const cache = new Map<string, CachedPostings>();
  const entries = new Map<string, { entry: IndexedTicketFields | null; readAt: number }>();
  const inFlight = new Set<Promise<void>>();
  let stats: { value: IndexStatsFields; readAt: number } | null = null;

  function remember(term: string, postings: PostingFields[]) {
    cache.delete(term);
    cache.set(term, { postings, readAt: Date.now() });
    if (cache.size > cacheTerms) cache.delete(cache.keys().next().value!);
  }

  async function postingsOf(term: string): Promise<PostingFields[]> {
    const hit = cache.get(term);
    if (hit && Date.now() - hit.readAt < cacheTtlMs) {
      // Refresh its place in the LRU order.
      cache.delete(term);
      cache.set(term, hit);
      return hit.postings;
    }
    const doc = await TermPostingsModel.findById(term).lean<TermPostingsFields>();
    const postings = doc?.postings ?? [];
    remember(term, postings);
    return postings;
  }

  /** A ticket's entry, cached like postings (entries change only when a ticket is indexed again). */
  async function entryOf(ticketId: string): Promise<IndexedTicketFields | null> {
    const hit = entries.get(ticketId);
    if (hit && Date.now() - hit.readAt < cacheTtlMs) return hit.entry;
    const entry = await IndexedTicketModel.findById(ticketId).lean<IndexedTicketFields>();
    entries.set(ticketId, { entry, readAt: Date.now() });
    if (entries.size > cacheTerms) entries.delete(entries.keys().next().value!);
    return entry;
  }

  async function readStats(): Promise<IndexStatsFields> {
    if (stats && Date.now() - stats.readAt < cacheTtlMs) return stats.value;
    const value = (await IndexStatsModel.findById(STATS_ID).lean<IndexStatsFields>()) ?? {
      _id: STATS_ID,
      docCount: 0,
      totalLength: 0,
      backfilledAt: null,
    };
    stats = { value, readAt: Date.now() };
    return value;
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
    stats = { value, readAt: Date.now() };
  }

  /** Rewrites one term's postings with `change` applied; drops the document when it empties. */
  async function updatePostings(term: string, change: (postings: PostingFields[]) => PostingFields[]) {
    const doc = await TermPostingsModel.findById(term).lean<TermPostingsFields>();
    const postings = change(doc?.postings ?? []);
    if (postings.length === 0) await TermPostingsModel.deleteOne({ _id: term });
    else await TermPostingsModel.replaceOne({ _id: term }, { _id: term, postings }, { upsert: true });
    remember(term, postings);
  }

  /** Removes a ticket from the index; call with the lock held. */
  async function removeLocked(ticketId: string): Promise<boolean> {
    const existing = await IndexedTicketModel.findById(ticketId).lean<IndexedTicketFields>();
    if (!existing) return false;
    for (const term of existing.terms) await updatePostings(term, (postings) => postings.filter((p) => p.t !== ticketId));
    await IndexedTicketModel.deleteOne({ _id: ticketId });
    entries.delete(ticketId);
    await writeStats({ docs: -1, length: -existing.length });
    return true;
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
      await removeLocked(ticketId);
      if (ticket?.status !== 'completed') return;
      const { entry, vector } = entryFor(ticket, resolution);
      for (const [term, f] of vector) {
        await updatePostings(term, (postings) => [...postings.filter((p) => p.t !== entry._id), { t: entry._id, l: entry.length, f }]);
      }
      await IndexedTicketModel.replaceOne({ _id: entry._id }, entry, { upsert: true });
      entries.delete(entry._id);
      await writeStats({ docs: 1, length: entry.length });
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
        cache.clear();
        entries.clear();
        await writeStats({ docs: records.length, length: totalLength }, new Date());
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
      const [{ docCount, totalLength }, lists] = await Promise.all([readStats(), Promise.all(query.map(postingsOf))]);
      if (docCount === 0) return [];
      const averageLength = totalLength / docCount;
      const excluded = new Set(excludeIds);
      const scores = new Map<string, { score: number; matched: number }>();
      let totalIdf = 0;
      for (const postings of lists) {
        if (postings.length === 0) continue;
        const termIdf = idf(Math.max(docCount, postings.length), postings.length);
        totalIdf += termIdf;
        for (const { t, l, f } of postings) {
          if (excluded.has(t)) continue;
          const current = scores.get(t) ?? { score: 0, matched: 0 };
          current.score += termScore(termIdf, f, l, averageLength);
          current.matched += termIdf;
          scores.set(t, current);
        }
      }
      // Terms no solved ticket contains still count against coverage (the query asks about something new),
      // weighted as the rarest seen term: a full unseen idf would let one typo outweigh every shared word.
      const unseen = lists.filter((p) => p.length === 0).length * idf(docCount + 1, 1);
      const best = [...scores].sort((a, b) => b[1].score - a[1].score || a[0].localeCompare(b[0])).slice(0, limit);
      const found = await Promise.all(best.map(([id]) => entryOf(id)));
      return best.flatMap(([, { score, matched }], i) => {
        const ticket = found[i];
        return ticket ? [{ ticket, score, coverage: matched / (totalIdf + unseen) }] : [];
      });
    },

    /** Forgets cached postings and counters, so the next query reads what is stored. */
    clearCache() {
      cache.clear();
      entries.clear();
      stats = null;
    },
  };
}

export type SimilarIndex = ReturnType<typeof createSimilarIndex>;
