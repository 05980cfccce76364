import type { RunDoc } from './queueStore.js';

/** A run waiting in this process for room, and how it is to be claimed when it starts. */
export interface ReadyRun {
  run: RunDoc;
  /** `reserved`: queued by this process and held for it; `found`: read from the queue, nobody holds it. */
  claim: 'reserved' | 'found';
}

/**
 * The runs waiting in this process to start, one line per function, served in
 * turn: each `takeNext` moves on to the next function, so a long line of one
 * function (say assignments waiting on a busy concurrency key) never delays
 * another function's runs. Within a line, oldest first, skipping runs that
 * cannot start now.
 */
export class ReadyRuns {
  private readonly lines = new Map<string, ReadyRun[]>();
  private readonly ids = new Set<string>();
  /** The function served last; the next `takeNext` starts after it. */
  private lastServed: string | null = null;

  /** How many runs wait, all functions together. */
  get size(): number {
    return this.ids.size;
  }

  /** Whether this run waits here. */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Whether runs of this function wait here. */
  hasWaiting(functionId: string): boolean {
    return (this.lines.get(functionId)?.length ?? 0) > 0;
  }

  /** How many runs of this function wait here. */
  waitingFor(functionId: string): number {
    return this.lines.get(functionId)?.length ?? 0;
  }

  /** Puts a run at the end of its function's line; a run already waiting is not added twice. */
  add(entry: ReadyRun): void {
    const id = String(entry.run._id);
    if (this.ids.has(id)) return;
    this.ids.add(id);
    const line = this.lines.get(entry.run.functionId);
    if (line) line.push(entry);
    else this.lines.set(entry.run.functionId, [entry]);
  }

  /**
   * Takes the oldest run that `canStart` accepts from the next function in turn
   * that has one; null when no waiting run can start.
   */
  takeNext(canStart: (run: RunDoc) => boolean): ReadyRun | null {
    const order = [...this.lines.keys()];
    if (order.length === 0) return null;
    const after = this.lastServed === null ? -1 : order.indexOf(this.lastServed);
    for (let i = 1; i <= order.length; i += 1) {
      const functionId = order[(after + i + order.length) % order.length]!;
      const line = this.lines.get(functionId)!;
      const index = line.findIndex((entry) => canStart(entry.run));
      if (index < 0) continue;
      const [entry] = line.splice(index, 1);
      if (line.length === 0) this.lines.delete(functionId);
      this.ids.delete(String(entry!.run._id));
      this.lastServed = functionId;
      return entry!;
    }
    return null;
  }

  /** The ids of the waiting runs this process reserved when it queued them. */
  reservedIds(): RunDoc['_id'][] {
    const ids: RunDoc['_id'][] = [];
    for (const line of this.lines.values()) for (const entry of line) if (entry.claim === 'reserved') ids.push(entry.run._id);
    return ids;
  }

  /** Forgets every waiting run (the scheduler stopped; the queue still has them). */
  clear(): void {
    this.lines.clear();
    this.ids.clear();
    this.lastServed = null;
  }
}
