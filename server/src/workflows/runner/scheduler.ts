import type { Logger } from '../../platform/logger.js';
import type { AnyWorkflowDefinition } from '../defineWorkflow.js';
import type { AttemptExecutor } from './attemptExecutor.js';
import { ConcurrencySlots, concurrencySlotOf } from './concurrencySlots.js';
import { reclaimExpiredLeases } from './leases.js';
import type { RunQueueStore } from './queueStore.js';

/** What the scheduler dispatches, to whom, and how often it looks. */
export interface RunSchedulerOptions {
  queue: RunQueueStore;
  definitions: ReadonlyMap<string, AnyWorkflowDefinition>;
  executor: Pick<AttemptExecutor, 'executeRun' | 'executeFailureHandler'>;
  logger: Logger;
  /** How often to look for due runs when nothing wakes the scheduler sooner. */
  pollIntervalMs: number;
  /** Runs executing at once in this process. */
  maxParallel: number;
  /** How long a lease lasts; expired leases are looked for every half lease, at most every 5 s. */
  leaseMs: number;
  /** Deletes old finished runs; called at most hourly. */
  pruneFinishedRuns: (now: number) => Promise<unknown>;
}

/**
 * Decides when to look at the queue and what to start: polls, coalesces wake-ups
 * into one pass at a time, and on each pass takes back expired leases, prunes
 * (hourly), then starts due runs and failure handlers while there is room, in
 * this process and in each run's concurrency slot. Tracks what it started so
 * that stopping can wait for it.
 */
export class RunScheduler {
  private readonly options: RunSchedulerOptions;
  private readonly inFlight = new Set<string>();
  private readonly slots = new ConcurrencySlots();
  private readonly tasks = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private poller: NodeJS.Timeout | null = null;
  private running = false;
  private ticking = false;
  private tickAgain = false;
  private lastReclaim = 0;
  private lastPrune = 0;

  constructor(options: RunSchedulerOptions) {
    this.options = options;
  }

  /** Whether any run or failure handler started by this process is still executing. */
  get hasWorkInFlight(): boolean {
    return this.inFlight.size > 0;
  }

  /** Whether it is started and not stopped. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Starts polling and makes a first pass now (due runs include those left by a previous process). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.poller = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.poller.unref();
    await this.tick();
  }

  /** Stops starting work and waits (up to `timeoutMs`) for what was started to finish. */
  async stop(timeoutMs: number): Promise<void> {
    this.running = false;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const settled = Promise.allSettled([...this.tasks]);
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((resolve) => (timeout = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timeout);
  }

  /** Looks for due work soon; coalesces with a look already under way. */
  kick(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    void this.tick();
  }

  /** Looks again once `ms` have passed (when a retry falls due), unless stopped by then. */
  wakeAfter(ms: number): void {
    if (!this.running) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.kick();
    }, ms + 5);
    timer.unref();
    this.timers.add(timer);
  }

  private async tick(): Promise<void> {
    if (!this.running || this.ticking) return;
    this.ticking = true;
    try {
      do {
        this.tickAgain = false;
        await this.reclaimExpiredLeases();
        await this.pruneFinishedRuns();
        await this.dispatchDueRuns();
        await this.dispatchFailureHandlers();
      } while (this.tickAgain && this.running);
    } catch (err) {
      this.options.logger.error({ err }, 'workflow runner could not read its queue');
    } finally {
      this.ticking = false;
    }
  }

  private async dispatchDueRuns(): Promise<void> {
    const { queue, definitions, executor, maxParallel } = this.options;
    const free = maxParallel - this.inFlight.size;
    if (free <= 0) return;
    const due = await queue.findDue(free * 4 + 16);
    for (const run of due) {
      if (this.inFlight.size >= maxParallel) break;
      const id = String(run._id);
      if (this.inFlight.has(id)) continue;
      const definition = definitions.get(run.functionId);
      if (!definition) continue;
      const slot = concurrencySlotOf(run);
      if (slot && this.slots.isFull(slot, run.concurrencyLimit)) continue;
      this.track(id, slot, () => executor.executeRun(run, definition));
    }
  }

  private async dispatchFailureHandlers(): Promise<void> {
    const { queue, definitions, executor, maxParallel } = this.options;
    const free = maxParallel - this.inFlight.size;
    if (free <= 0) return;
    const pending = await queue.findAwaitingFailureHandler(free);
    for (const run of pending) {
      const id = String(run._id);
      if (this.inFlight.has(id) || this.inFlight.size >= maxParallel) continue;
      const definition = definitions.get(run.functionId);
      if (!definition) continue;
      this.track(id, null, () => executor.executeFailureHandler(run, definition));
    }
  }

  private track(id: string, slot: string | null, work: () => Promise<void>): void {
    this.inFlight.add(id);
    if (slot) this.slots.take(slot);
    const task = work()
      .catch((err: unknown) => this.options.logger.error({ err, runId: id }, 'workflow run crashed the runner'))
      .finally(() => {
        this.inFlight.delete(id);
        if (slot) this.slots.release(slot);
        this.tasks.delete(task);
        this.kick();
      });
    this.tasks.add(task);
  }

  private async reclaimExpiredLeases(): Promise<void> {
    const now = Date.now();
    if (now - this.lastReclaim < Math.min(this.options.leaseMs / 2, 5_000)) return;
    this.lastReclaim = now;
    await reclaimExpiredLeases(this.options.queue, this.options.definitions, this.options.logger, new Date(now));
  }

  private async pruneFinishedRuns(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 3_600_000) return;
    this.lastPrune = now;
    await this.options.pruneFinishedRuns(now);
  }
}
