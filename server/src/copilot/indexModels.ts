import mongoose, { Schema } from 'mongoose';

/**
 * The similar-ticket index as stored: one document per solved ticket with its term
 * vector (terms and frequencies), read by `_id` (the only filter FerretDB pushes down on every backend), so
 * indexing a ticket is one write however many tickets share its words. Each process
 * builds the inverted index from these in memory (`ResidentIndex`).
 */

/** What the index keeps of one solved ticket: enough to rank and answer without reading the ticket. */
export interface IndexedTicketFields {
  /** The ticket's id as a string. */
  _id: string;
  number: number;
  title: string;
  resolution: string;
  /** The ticket's distinct terms, and how often each occurs (title counted twice): parallel arrays, FerretDB stores no nested ones. */
  terms: string[];
  freqs: number[];
  /** Its length in terms. */
  length: number;
  requester: string;
  completedAt: Date | null;
}

/** Marks the one-time backfill of tickets solved before the index existed (`_id: 'term-vectors'`). */
export interface IndexStatsFields {
  _id: string;
  backfilledAt: Date | null;
}

export const IndexedTicketModel = mongoose.model<IndexedTicketFields>(
  'CopilotIndexedTicket',
  new Schema<IndexedTicketFields>(
    {
      _id: String,
      number: Number,
      title: String,
      resolution: String,
      terms: { type: [String], default: [] },
      freqs: { type: [Number], default: [] },
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
  new Schema<IndexStatsFields>({ _id: String, backfilledAt: { type: Date, default: null } }, { versionKey: false, strict: false }),
  'copilot_stats',
);
