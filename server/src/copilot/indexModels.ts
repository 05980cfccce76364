import mongoose, { Schema } from 'mongoose';

/**
 * The similar-ticket index as stored: one document per solved ticket with its term
 * vector (terms and frequencies), read by `_id` (the only filter FerretDB pushes down on every backend), so
 * indexing a ticket is one write however many tickets share its words. Each process
 * builds the inverted index from these in memory (`ResidentIndex`).
 *
 * The vector is stored packed in one string (`vector`, the JSON of `[terms, freqs]`):
 * FerretDB decodes every array element through its typed JSON format, and with the
 * vectors as two arrays, reading 50,000 entries at start kept the database busy on
 * both cores for 18 s, slowing every request meanwhile. One string per entry is one
 * value for it to decode; Node parses the JSON.
 */

/** What the index keeps of one solved ticket: enough to rank and answer without reading the ticket. */
export interface IndexedTicketFields {
  /** The ticket's id as a string. */
  _id: string;
  number: number;
  title: string;
  resolution: string;
  /** The ticket's distinct terms, and how often each occurs (title counted twice). */
  terms: string[];
  freqs: number[];
  /** Its length in terms. */
  length: number;
  requester: string;
  completedAt: Date | null;
}

/** An entry as stored: the vector packed (entries written before the packing have the two arrays instead). */
export type StoredIndexedTicket = Omit<IndexedTicketFields, 'terms' | 'freqs'> & { vector?: string; terms?: string[]; freqs?: number[] };

/** The stored form of an entry. */
export function packEntry({ terms, freqs, ...rest }: IndexedTicketFields): StoredIndexedTicket {
  return { ...rest, vector: JSON.stringify([terms, freqs]) };
}

/** An entry as read back, whichever form it was stored in. */
export function unpackEntry({ vector, terms, freqs, ...rest }: StoredIndexedTicket): IndexedTicketFields {
  if (typeof vector === 'string') {
    const [packedTerms, packedFreqs] = JSON.parse(vector) as [string[], number[]];
    return { ...rest, terms: packedTerms, freqs: packedFreqs };
  }
  return { ...rest, terms: terms ?? [], freqs: freqs ?? [] };
}

/** Marks the one-time backfill of tickets solved before the index existed (`_id: 'term-vectors'`). */
export interface IndexStatsFields {
  _id: string;
  backfilledAt: Date | null;
}

export const IndexedTicketModel = mongoose.model<StoredIndexedTicket>(
  'CopilotIndexedTicket',
  new Schema<StoredIndexedTicket>(
    {
      _id: String,
      number: Number,
      title: String,
      resolution: String,
      vector: String,
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
