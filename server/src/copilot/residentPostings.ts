import type { PostingFields } from './indexModels.js';

/** One term's postings as held in memory: parallel arrays of ticket slots and term frequencies. */
export interface CompactPostings {
  readonly slots: Int32Array;
  readonly freqs: Uint16Array;
}

const EMPTY: CompactPostings = { slots: new Int32Array(0), freqs: new Uint16Array(0) };

/**
 * The similar-ticket index's postings held in this process's memory, compactly:
 * at 50,000 solved tickets there are some three million postings, which as
 * `{t, l, f}` objects with a string id each would take hundreds of megabytes, and
 * as typed arrays over small integer slots take tens. Each ticket id gets a slot
 * once; a slot's length is its ticket's length in terms.
 *
 * A term is either known (possibly with no postings: "no solved ticket has it") or
 * unknown (not read yet). Once the whole store has been read in, `complete` says an
 * unknown term has no postings.
 */
export class ResidentPostings {
  private readonly slotOfId = new Map<string, number>();
  private readonly ids: string[] = [];
  private lengths = new Float64Array(1024);
  private readonly terms = new Map<string, CompactPostings>();
  /** When each term was last set, counted in `set` calls, so a read that started earlier cannot overwrite it. */
  private readonly setAt = new Map<string, number>();
  private writes = 0;
  /** Set once every stored term has been read in: an unknown term then has no postings. */
  complete = false;

  /** How many ticket slots exist (the size score arrays need). */
  get slotCount(): number {
    return this.ids.length;
  }

  /** How many terms are held. */
  get termCount(): number {
    return this.terms.size;
  }

  /** The term's postings; `undefined` when it is not known yet (and the store is not complete). */
  get(term: string): CompactPostings | undefined {
    const held = this.terms.get(term);
    if (held) return held;
    return this.complete ? EMPTY : undefined;
  }

  /** A mark to take before reading terms from the database, for `setIfNotSince`. */
  get epoch(): number {
    return this.writes;
  }

  /**
   * Sets a term read from the database, unless this process set it after `epoch`
   * (taken before the read was sent): a read that raced a newer write is older than what is held.
   */
  setIfNotSince(term: string, postings: readonly PostingFields[], epoch: number): void {
    if ((this.setAt.get(term) ?? 0) > epoch) return;
    this.set(term, postings);
  }

  /** Replaces a term's postings with those stored for it (an empty list records that it has none). */
  set(term: string, postings: readonly PostingFields[]): void {
    this.writes += 1;
    this.setAt.set(term, this.writes);
    if (postings.length === 0) {
      this.terms.set(term, EMPTY);
      return;
    }
    const slots = new Int32Array(postings.length);
    const freqs = new Uint16Array(postings.length);
    for (let i = 0; i < postings.length; i += 1) {
      const { t, l, f } = postings[i]!;
      const slot = this.slotOf(t);
      this.lengths[slot] = l;
      slots[i] = slot;
      freqs[i] = Math.min(f, 65_535);
    }
    this.terms.set(term, { slots, freqs });
  }

  /** The ticket id held in a slot. */
  idAt(slot: number): string {
    return this.ids[slot]!;
  }

  /** The length in terms of the ticket in a slot. */
  lengthAt(slot: number): number {
    return this.lengths[slot]!;
  }

  /** Forgets everything (the stored index was rebuilt). */
  clear(): void {
    this.terms.clear();
    // Kept in `setAt`: a read sent before the clear must still not overwrite a later write.
    this.complete = false;
  }

  private slotOf(id: string): number {
    let slot = this.slotOfId.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      this.slotOfId.set(id, slot);
      if (slot >= this.lengths.length) {
        const grown = new Float64Array(this.lengths.length * 2);
        grown.set(this.lengths);
        this.lengths = grown;
      }
    }
    return slot;
  }
}
