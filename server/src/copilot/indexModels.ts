import mongoose, { Schema } from 'mongoose';

/**
 * The similar-ticket index, shaped for FerretDB: every read is one document by `_id`
 * (the only filter it pushes down on every backend), and no document grows with
 * anything but the number of solved tickets sharing one term.
 */

/** One ticket's occurrences of a term: its id, its length in terms, and how often the term occurs. */
export interface PostingFields {
  t: string;
  l: number;
  f: number;
}

/** All solved tickets containing a term: `_id` is the term itself. */
export interface TermPostingsFields {
  _id: string;
  postings: PostingFields[];
}

/** What the index keeps of one solved ticket: enough to answer without reading the ticket. */
export interface IndexedTicketFields {
  /** The ticket's id as a string. */
  _id: string;
  number: number;
  title: string;
  resolution: string;
  /** The ticket's distinct terms, so removing it touches exactly its postings. */
  terms: string[];
  length: number;
  requester: string;
  completedAt: Date | null;
}

/** Collection-wide counts BM25 needs, kept as maintained counters (`_id: 'bm25'`). */
export interface IndexStatsFields {
  _id: string;
  docCount: number;
  totalLength: number;
  /** Set once the completed tickets that existed before the index have all been read in. */
  backfilledAt: Date | null;
}

const postingSchema = new Schema<PostingFields>({ t: String, l: Number, f: Number }, { _id: false });

export const TermPostingsModel = mongoose.model<TermPostingsFields>(
  'CopilotTermPostings',
  new Schema<TermPostingsFields>({ _id: String, postings: { type: [postingSchema], default: [] } }, { versionKey: false }),
  'copilot_postings',
);

export const IndexedTicketModel = mongoose.model<IndexedTicketFields>(
  'CopilotIndexedTicket',
  new Schema<IndexedTicketFields>(
    {
      _id: String,
      number: Number,
      title: String,
      resolution: String,
      terms: { type: [String], default: [] },
      length: Number,
      requester: String,
      completedAt: { type: Date, default: null },
    },
    { versionKey: false },
  ),
  'copilot_tickets',
);

export const IndexStatsModel = mongoose.model<IndexStatsFields>(
  'CopilotIndexStats',
  new Schema<IndexStatsFields>(
    { _id: String, docCount: { type: Number, default: 0 }, totalLength: { type: Number, default: 0 }, backfilledAt: { type: Date, default: null } },
    { versionKey: false },
  ),
  'copilot_stats',
);
