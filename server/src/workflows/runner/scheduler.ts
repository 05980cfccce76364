import type { Logger } from '../../platform/logger.js';
import type { AnyWorkflowDefinition } from '../defineWorkflow.js';
import type { AttemptExecutor } from './attemptExecutor.js';
import { ConcurrencySlots, concurrencySlotOf } from './concurrencySlots.js';
import { reclaimExpiredLeases } from './leases.js';
import type { RunDoc, RunQueueStore } from './queueStore.js';
import { ReadyRuns, type ReadyRun } from './readyRuns.js';

/** What the scheduler dispatches, to whom, and how often it looks. */
export interface RunSchedulerOptions {
  queue: RunQueueStore;
  definitions: ReadonlyMap<string, AnyWorkflowDefinition>;
  executor: Pick<AttemptExecutor, 'executeRun' | 'executeFailureHandler'>;
  logger: Logger;
  /**
   * How often to read the queue when nothing asks sooner: the safety net for runs
   * queued by a process that died, sleeps that fell due, and failure handlers.
   * Runs queued by this process never wait for it.
   */
  pollIntervalMs: number;
  /** Runs executing at once in this process. */
  maxParallel: number;
  /** How long a lease lasts; expired leases are looked for every half lease, at most every 5 s. */
  leaseMs: number;
  /** Deletes old finished runs; called at most hourly. */
  pruneFinishedRuns: (now: number) => Promise<unknown>;
}

/** What `admit` decided for a run about to be queued by this process. */
export type Admission = 'start' | 'reserve' | 'free';

/**
 * Decides what to start and when.
 *
 * Runs queued by this process are dispatched by the write that queues them: with
 * room (in the process and in the run's concurrency slot) the run is written as
 * already claimed and starts at once; without, it is written as reserved for this
 * process and waits in memory (`ReadyRuns`) until an attempt finishes. Neither
 * reads the queue. Reading the queue (`poll`) is the slow safety net, every
 * `pollIntervalMs` and when asked: it takes back expired leases, prunes (hourly),
 * and picks up due runs nobody holds, one query per function with the saturated
 * concurrency keys left out, so no function's backlog hides another's runs.
 */
export class RunScheduler {
  private readonly options: RunSchedulerOptions;
  private readonly inFlight = new Set<string>();
  /** Runs admitted to start whose insert is still under way: they hold a place already. */
  private starting = 0;
  private readonly slots = new ConcurrencySlots();
  private readonly ready = new ReadyRuns();
  private readonly tasks = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private poller: NodeJS.Timeout | null = null;
  private running = false;
  private polling = false;
  private pollAgain = false;
  private lastReclaim = 0;
  private lastPrune = 0;

  constructor(options: RunSchedulerOptions) {
    this.options = options;
  }

  /** Whether any run or failure handler started by this process is still executing, or waiting here to start. */
  get hasWorkInFlight(): boolean {
    return this.inFlight.size > 0 || this.starting > 0 || this.ready.size > 0;
  }

  /** Whether it is started and not stopped. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the safety-net poll and makes a first pass now (due runs include those left by a previous process). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    // A timer tick during a read is not a reason to read again: only explicit requests are.
    this.poller = setInterval(() => {
      if (!this.polling) void this.poll();
    }, this.options.pollIntervalMs);
    this.poller.unref();
    await this.poll();
  }

  /** Stops starting work and waits (up to `timeoutMs`) for what was started to finish. */
  async stop(timeoutMs: number): Promise<void> {
    this.running = false;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.ready.clear();
    const settled = Promise.allSettled([...this.tasks]);
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((resolve) => (timeout = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timeout);
  }

  /**
   * Decides, before a run of this process is written, how it is to be written:
   * `start` takes a place now (the caller must follow with `started` or `cancelled`),
   * `reserve` when this process will start it once there is room, `free` when the
   * scheduler is not running. Older runs of the same function waiting here go first.
   */
  admit(run: Pick<RunDoc, 'functionId' | 'concurrencyKey' | 'concurrencyLimit'>): Admission {
    if (!this.running) return 'free';
    const slot = concurrencySlotOf(run);
    const hasRoom = this.inFlight.size + this.starting < this.options.maxParallel;
    if (!hasRoom || this.ready.hasWaiting(run.functionId) || (slot !== null && this.slots.isFull(slot, run.concurrencyLimit))) return 'reserve';
    this.starting += 1;
    if (slot) this.slots.take(slot);
    return 'start';
  }

  /** A run admitted with `start` was written as claimed: execute it now. */
  started(run: RunDoc): void {
    this.starting -= 1;
    const definition = this.options.definitions.get(run.functionId);
    const slot = concurrencySlotOf(run);
    if (!definition || !this.running) {
      if (slot) this.slots.release(slot);
      // Stopped while it was being written: hand it back rather than leave it to a lapsed lease.
      void this.options.queue.release(run._id).catch((err: unknown) => this.options.logger.warn({ err }, 'could not hand back a workflow run'));
      return;
    }
    this.track(String(run._id), slot, () => this.options.executor.executeRun(run, definition, 'started'), true);
  }

  /** A run admitted with `start` was not written (its event already had one): give its place back. */
  cancelled(run: Pick<RunDoc, 'functionId' | 'concurrencyKey'>): void {
    this.starting -= 1;
    const slot = concurrencySlotOf(run);
    if (slot) this.slots.release(slot);
    this.dispatchReady();
  }

  /** A run admitted with `reserve` was written: it waits here for room. */
  reserved(run: RunDoc): void {
    if (!this.running) return;
    this.ready.add({ run, claim: 'reserved' });
    this.dispatchReady();
  }

  /** Starts what waits here, while there is room. */
  kick(): void {
    this.dispatchReady();
  }

  /** Reads the queue soon; coalesces with a read already under way. */
  requestPoll(): void {
    if (!this.running) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    void this.poll();
  }

  /** Reads the queue once `ms` have passed (when a retry or a sleep falls due), unless stopped by then. */
  wakeAfter(ms: number): void {
    if (!this.running) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.requestPoll();
    }, ms + 5);
    timer.unref();
    this.timers.add(timer);
  }

  private async poll(): Promise<void> {
    if (!this.running || this.polling) return;
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        await this.reclaimExpiredLeases();
        await this.options.queue.renewReservations(this.ready.reservedIds());
        await this.pruneFinishedRuns();
        await this.findDueRuns();
        this.dispatchReady();
        await this.dispatchFailureHandlers();
      } while (this.pollAgain && this.running);
    } catch (err) {
      this.options.logger.error({ err }, 'workflow runner could not read its queue');
    } finally {
      this.polling = false;
    }
  }

  /** Puts due runs nobody holds in line here, each function read on its own so none fills another's window. */
  private async findDueRuns(): Promise<void> {
    const { queue, definitions, maxParallel } = this.options;
    for (const functionId of definitions.keys()) {
      const room = maxParallel * 2 - this.ready.waitingFor(functionId);
      if (room <= 0) continue;
      const limit = definitions.get(functionId)?.concurrency?.limit;
      const due = await queue.findDue(functionId, room, limit ? this.slots.fullKeysOf(functionId, limit) : []);
      for (const run of due) {
        const id = String(run._id);
        if (this.inFlight.has(id) || this.ready.has(id)) continue;
        this.ready.add({ run, claim: 'found' });
      }
    }
  }

  /** Starts waiting runs while there is room, taking functions in turn and skipping runs whose key is busy. */
  private dispatchReady(): void {
    if (!this.running) return;
    const { definitions, executor, maxParallel } = this.options;
    while (this.inFlight.size + this.starting < maxParallel) {
      const next: ReadyRun | null = this.ready.takeNext((run) => {
        const slot = concurrencySlotOf(run);
        return slot === null || !this.slots.isFull(slot, run.concurrencyLimit);
      });
      if (!next) return;
      const { run, claim } = next;
      const definition = definitions.get(run.functionId);
      if (!definition) continue;
      const slot = concurrencySlotOf(run);
      this.track(String(run._id), slot, () => executor.executeRun(run, definition, claim));
    }
  }

  private async dispatchFailureHandlers(): Promise<void> {
    const { queue, definitions, executor, maxParallel } = this.options;
    const free = maxParallel - this.inFlight.size - this.starting;
    if (free <= 0) return;
    const pending = await queue.findAwaitingFailureHandler(free);
    for (const run of pending) {
      const id = String(run._id);
      if (this.inFlight.has(id) || this.inFlight.size + this.starting >= maxParallel) continue;
      const definition = definitions.get(run.functionId);
      if (!definition) continue;
      this.track(id, null, () => executor.executeFailureHandler(run, definition));
    }
  }

  /** Runs `work` as in flight; `slotTaken` when `admit` already counted it in its slot. */
  private track(id: string, slot: string | null, work: () => Promise<void>, slotTaken = false): void {
    this.inFlight.add(id);
    if (slot && !slotTaken) this.slots.take(slot);
    const task = work()
      .catch((err: unknown) => this.options.logger.error({ err, runId: id }, 'workflow run crashed the runner'))
      .finally(() => {
        this.inFlight.delete(id);
        if (slot) this.slots.release(slot);
        this.tasks.delete(task);
        this.dispatchReady();
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
