import type { WorkflowRunFields } from './runModel.js';

/**
 * The slot a run counts against: its function and concurrency key together, since
 * a key only groups runs within one function; null when the function has no key.
 */
export function concurrencySlotOf(run: Pick<WorkflowRunFields, 'functionId' | 'concurrencyKey'>): string | null {
  return run.concurrencyKey === null ? null : `${run.functionId}\u0000${run.concurrencyKey}`;
}

/**
 * Counts the runs executing in this process per concurrency slot, so runs sharing
 * a key run at most `limit` at a time here. Across processes only `limit: 1` is
 * enforced, by a Redis lock around the attempt.
 */
export class ConcurrencySlots {
  private readonly active = new Map<string, number>();

  /** Whether `limit` runs of this slot are already executing. */
  isFull(slot: string, limit: number): boolean {
    return (this.active.get(slot) ?? 0) >= limit;
  }

  /** Counts one more run executing in this slot. */
  take(slot: string): void {
    this.active.set(slot, (this.active.get(slot) ?? 0) + 1);
  }

  /** Counts one run of this slot as finished; a slot with nothing left is forgotten. */
  release(slot: string): void {
    const left = (this.active.get(slot) ?? 1) - 1;
    if (left > 0) this.active.set(slot, left);
    else this.active.delete(slot);
  }

  /** The concurrency keys of one function whose slots are full at `limit`: runs with them cannot start now. */
  fullKeysOf(functionId: string, limit: number): string[] {
    const prefix = `${functionId}\u0000`;
    const keys: string[] = [];
    for (const [slot, n] of this.active) if (n >= limit && slot.startsWith(prefix)) keys.push(slot.slice(prefix.length));
    return keys;
  }

  /** How many runs of this slot are executing. */
  activeIn(slot: string): number {
    return this.active.get(slot) ?? 0;
  }
}
