import type { IndexedTicketFields } from './indexModels.js';

/** What a query needs of a solved ticket besides its terms, held beside its postings. */
export type ResidentTicket = Omit<IndexedTicketFields, 'terms' | 'freqs'>;

/** One term's postings: ticket slots and how often the term occurs in each. */
export interface TermPostings {
  readonly slots: readonly number[];
  readonly freqs: readonly number[];
}

const NO_POSTINGS: TermPostings = { slots: [], freqs: [] };

/**
 * The similar-ticket index as this process holds it: an inverted index (term →
 * postings) built from the stored term vectors of solved tickets, one slot per
 * ticket. Ticket ids are interned into small integer slots and postings are
 * parallel number arrays, so 50,000 tickets of some sixty terms each take tens of
 * megabytes rather than the hundreds that `{ticket, frequency}` objects would.
 *
 * `put` and `remove` keep the counters BM25 needs (documents and their total
 * length). Each slot remembers when it was last written, so a stored vector read
 * before a newer write (`putIfNotSince`) cannot overwrite it.
 */
export class ResidentIndex {
  private readonly slotOfId = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly lengths: number[] = [];
  private readonly tickets: Array<ResidentTicket | null> = [];
  /** Each slot's terms, so removing a ticket touches exactly its postings. */
  private readonly slotTerms: Array<readonly string[] | null> = [];
  private readonly writtenAt: number[] = [];
  private readonly postings = new Map<string, { slots: number[]; freqs: number[] }>();
  private writes = 0;
  /** Solved tickets held, and the sum of their lengths in terms. */
  docCount = 0;
  totalLength = 0;

  /** How many slots exist (the size a query's score arrays need). */
  get slotCount(): number {
    return this.ids.length;
  }

  /** A mark to take before reading stored vectors, for `putIfNotSince`. */
  get epoch(): number {
    return this.writes;
  }

  /** The term's postings (none when no held ticket has it). */
  postingsOf(term: string): TermPostings {
    return this.postings.get(term) ?? NO_POSTINGS;
  }

  /** The ticket id in a slot. */
  idAt(slot: number): string {
    return this.ids[slot]!;
  }

  /** The ticket held in a slot, or null once removed. */
  ticketAt(slot: number): ResidentTicket | null {
    return this.tickets[slot] ?? null;
  }

  /** The length in terms of the ticket in a slot. */
  lengthAt(slot: number): number {
    return this.lengths[slot]!;
  }

  /** Whether a ticket is held. */
  has(ticketId: string): boolean {
    const slot = this.slotOfId.get(ticketId);
    return slot !== undefined && this.tickets[slot] !== null;
  }

  /** Holds a solved ticket's entry (replacing what was held for it). */
  put(entry: IndexedTicketFields): void {
    const slot = this.slotOf(entry._id);
    this.clearSlot(slot);
    const { terms, freqs, ...ticket } = entry;
    for (let i = 0; i < terms.length; i += 1) {
      const term = terms[i]!;
      let list = this.postings.get(term);
      if (!list) {
        list = { slots: [], freqs: [] };
        this.postings.set(term, list);
      }
      list.slots.push(slot);
      list.freqs.push(freqs[i] ?? 1);
    }
    this.slotTerms[slot] = terms;
    this.tickets[slot] = ticket;
    this.lengths[slot] = entry.length;
    this.docCount += 1;
    this.totalLength += entry.length;
    this.touch(slot);
  }

  /** Stops holding a ticket (reopened, or gone). */
  remove(ticketId: string): void {
    const slot = this.slotOf(ticketId);
    this.clearSlot(slot);
    this.touch(slot);
  }

  /**
   * What was read from storage for a ticket (its entry, or null when it has none),
   * unless this process wrote that ticket after `epoch`, taken before the read was sent.
   */
  putIfNotSince(ticketId: string, entry: IndexedTicketFields | null, epoch: number): void {
    const slot = this.slotOfId.get(ticketId);
    if (slot !== undefined && this.writtenAt[slot]! > epoch) return;
    if (entry) this.put(entry);
    else this.remove(ticketId);
  }

  /** Forgets everything held (the stored index was rebuilt). Slots stay, so later writes keep their order. */
  clear(): void {
    for (let slot = 0; slot < this.ids.length; slot += 1) {
      this.tickets[slot] = null;
      this.slotTerms[slot] = null;
    }
    this.postings.clear();
    this.docCount = 0;
    this.totalLength = 0;
  }

  private clearSlot(slot: number): void {
    const terms = this.slotTerms[slot];
    if (!terms) return;
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const at = list.slots.indexOf(slot);
      if (at < 0) continue;
      // Order within a term's postings does not matter: move the last one into the gap.
      list.slots[at] = list.slots.at(-1)!;
      list.freqs[at] = list.freqs.at(-1)!;
      list.slots.pop();
      list.freqs.pop();
      if (list.slots.length === 0) this.postings.delete(term);
    }
    this.docCount -= 1;
    this.totalLength -= this.lengths[slot]!;
    this.slotTerms[slot] = null;
    this.tickets[slot] = null;
  }

  private touch(slot: number): void {
    this.writes += 1;
    this.writtenAt[slot] = this.writes;
  }

  private slotOf(id: string): number {
    let slot = this.slotOfId.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      this.lengths.push(0);
      this.tickets.push(null);
      this.slotTerms.push(null);
      this.writtenAt.push(0);
      this.slotOfId.set(id, slot);
    }
    return slot;
  }
}
