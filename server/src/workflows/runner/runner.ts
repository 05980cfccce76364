import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JOB_EVENT_SCHEMAS, type WorkflowEventName } from '@relaydesk/shared';
import { createKeyedLock, type KeyedLock } from '../../platform/keyedLock.js';
import type { Logger } from '../../platform/logger.js';
import { RunQueueStore, type RunCounts, type RunDoc } from './queueStore.js';
import { FAILURE_HANDLER_STEP_PREFIX, loadStepTools } from './stepMemo.js';
import { compileConcurrencyKey, type ConcurrencyKeyFn } from './concurrencyKey.js';
import { ConcurrencySlots, concurrencySlotOf } from './concurrencySlots.js';
import { LeaseHeartbeats, reclaimExpiredLeases } from './leases.js';
import { parseWorkflowEvent, type AnyWorkflowDefinition, type WorkflowEvent } from '../defineWorkflow.js';
import type { WorkflowDeps } from '../deps.js';
import { describeWorkflowError, toWorkflowError } from '../errors.js';
import { backoffDelay, decideAfterFailedAttempt, type BackoffTimings } from './retryPolicy.js';

/** What the runner runs, with what, and its timings (defaults suit production). */
export interface LocalWorkflowRunnerOptions {
  deps: WorkflowDeps;
  definitions: readonly AnyWorkflowDefinition[];
  logger: Logger;
  /**
   * Serialises runs that share a concurrency key across processes (in-process
   * queue plus a Redis lock). Defaults to a keyed lock on the app's Redis whose
   * lock lives as long as a lease, so a slow attempt keeps its key.
   */
  lock?: KeyedLock;
  /** How often to look for due runs when nothing wakes the runner sooner. */
  pollIntervalMs?: number;
  /** Runs executing at once in this process. */
  maxParallel?: number;
  /** Backoff before the second attempt; doubles per attempt, with ±20% jitter, up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a claimed run stays claimed without a heartbeat; after that another runner may take it over. */
  leaseMs?: number;
  /** Attempts at a failure handler before it is left for the next start. */
  failureHandlerAttempts?: number;
  /**
   * How long finished runs (and their step results) are kept. Failed runs are the
   * dead letter and are kept for `failedRetentionMs`. Pruning keeps the queue
   * scans short, which matters on FerretDB, where every query scans.
   */
  retentionMs?: number;
  failedRetentionMs?: number;
  workerId?: string;
}

export type { RunCounts } from './queueStore.js';

/**
 * Runs workflow definitions in this process when no Inngest is configured, with
 * the guarantees the workflows are written for:
 *
 * - Durable queue: every (event, function) pair is a `workflow_runs` document, created
 *   before anything runs, unique per event id, so a restart loses nothing and
 *   sending an event twice starts one run.
 * - Memoised steps: each completed `step.run` result is stored in `workflow_steps`; a
 *   retry replays the stored results and only runs the steps that had not finished.
 * - Retries with exponential backoff up to the function's `retries`; a
 *   NonRetriableError (not-found, validation) stops at once.
 * - Concurrency keys: runs of a function sharing a key run `limit` at a time in
 *   this process; with `limit: 1` also across processes, through a Redis lock.
 * - Dead letter: a run out of attempts is kept as `status: 'failed'` with its
 *   error, and the function's `onFailure` handler runs (itself retried, and resumed
 *   after a restart) to leave a trace where people look, e.g. the ticket timeline.
 * - Leases: a claimed run carries an owner and an expiry renewed by heartbeat; a
 *   run whose process died is taken over once its lease expires.
 */
export class LocalWorkflowRunner {
  readonly workerId: string;
  private readonly deps: WorkflowDeps;
  private readonly logger: Logger;
  private readonly lock: KeyedLock;
  private readonly queue: RunQueueStore;
  private readonly definitions = new Map<string, AnyWorkflowDefinition>();
  private readonly byEvent = new Map<string, AnyWorkflowDefinition[]>();
  private readonly keyFns = new Map<string, ConcurrencyKeyFn>();
  private readonly pollIntervalMs: number;
  private readonly maxParallel: number;
  private readonly retry: BackoffTimings;
  private readonly leaseMs: number;
  private readonly failureHandlerAttempts: number;
  private readonly retentionMs: number;
  private readonly failedRetentionMs: number;

  private readonly inFlight = new Set<string>();
  private readonly slots = new ConcurrencySlots();
  private readonly tasks = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly heartbeats: LeaseHeartbeats;
  private poller: NodeJS.Timeout | null = null;
  private running = false;
  private ticking = false;
  private tickAgain = false;
  private lastReclaim = 0;
  private lastPrune = 0;
  /** Sends under way; a test waiting for idle must not look between a domain event and its run. */
  private pendingSends = 0;

  constructor(options: LocalWorkflowRunnerOptions) {
    this.deps = options.deps;
    this.logger = options.logger;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.maxParallel = options.maxParallel ?? 8;
    this.retry = { baseMs: options.retryBaseMs ?? 1_000, maxMs: options.retryMaxMs ?? 5 * 60_000 };
    this.leaseMs = options.leaseMs ?? 60_000;
    this.failureHandlerAttempts = options.failureHandlerAttempts ?? 3;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
    this.failedRetentionMs = options.failedRetentionMs ?? 30 * 24 * 3_600_000;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.lock = options.lock ?? createKeyedLock({ redis: options.deps.app.redis, ttlMs: this.leaseMs, waitMs: this.leaseMs });
    this.queue = new RunQueueStore({ workerId: this.workerId, leaseMs: this.leaseMs, failureHandlerAttempts: this.failureHandlerAttempts, lock: this.lock });
    this.heartbeats = new LeaseHeartbeats({ queue: this.queue, leaseMs: this.leaseMs, logger: this.logger });

    for (const definition of options.definitions) {
      if (this.definitions.has(definition.id)) throw new Error(`two workflow functions have the id ${definition.id}`);
      this.definitions.set(definition.id, definition);
      for (const trigger of definition.triggers) {
        this.byEvent.set(trigger, [...(this.byEvent.get(trigger) ?? []), definition]);
      }
      if (definition.concurrency) {
        if (!Number.isInteger(definition.concurrency.limit) || definition.concurrency.limit < 1) {
          throw new Error(`${definition.id}: concurrency limit must be a whole number of at least 1`);
        }
        this.keyFns.set(definition.id, compileConcurrencyKey(definition.concurrency.key));
      }
    }
  }

  /** Starts executing: due runs now (including those left by a previous process), then as they come. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.poller = setInterval(() => this.kick(), this.pollIntervalMs);
    this.poller.unref();
    await this.tick();
  }

  /**
   * Stops claiming runs and waits (up to `timeoutMs`) for the attempts in flight.
   * Anything unfinished stays in the database for the next start.
   */
  async stop({ timeoutMs = 10_000 } = {}): Promise<void> {
    this.running = false;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const settled = Promise.allSettled([...this.tasks]);
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((resolve) => (timeout = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timeout);
    // Attempts still running are abandoned: let their leases lapse so another runner takes them over.
    this.heartbeats.stopAll();
  }

  /**
   * Queues a run of every function the event triggers. An event with an id that
   * was sent before starts nothing new. The payload is checked against its shared
   * schema here, so a malformed event is the sender's error, not a failed run.
   */
  async send(events: WorkflowEvent | readonly WorkflowEvent[]): Promise<{ eventIds: string[]; runIds: string[] }> {
    this.pendingSends += 1;
    try {
      return await this.persist(Array.isArray(events) ? events : [events as WorkflowEvent]);
    } finally {
      this.pendingSends -= 1;
    }
  }

  private async persist(list: readonly WorkflowEvent[]): Promise<{ eventIds: string[]; runIds: string[] }> {
    const eventIds: string[] = [];
    const runIds: string[] = [];
    for (const event of list) {
      const data = JOB_EVENT_SCHEMAS[event.name as WorkflowEventName].parse(event.data);
      const eventId = event.id ?? randomUUID();
      eventIds.push(eventId);
      for (const definition of this.byEvent.get(event.name) ?? []) {
        const keyFn = this.keyFns.get(definition.id);
        const runId = await this.queue.enqueue({
          functionId: definition.id,
          eventId,
          eventName: event.name,
          eventData: JSON.stringify(data),
          maxAttempts: definition.retries + 1,
          concurrencyKey: keyFn ? keyFn({ name: event.name, data }) : null,
          concurrencyLimit: definition.concurrency?.limit ?? 0,
        });
        if (runId) runIds.push(runId);
      }
    }
    if (runIds.length) this.kick();
    return { eventIds, runIds };
  }

  /** Resolves once nothing is queued, running or waiting for a failure handler (tests and shutdown scripts). */
  async waitForIdle({ timeoutMs = 30_000, intervalMs = 25 } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const busy =
        this.inFlight.size > 0 ||
        this.pendingSends > 0 ||
        (await this.queue.hasUnfinishedRuns());
      if (!busy) return;
      if (Date.now() > deadline) throw new Error(`workflow runs still busy after ${timeoutMs} ms`);
      this.kick();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** How many runs are in each status. */
  async counts(): Promise<RunCounts> {
    return this.queue.countByStatus();
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
      this.logger.error({ err }, 'workflow runner could not read its queue');
    } finally {
      this.ticking = false;
    }
  }

  private async dispatchDueRuns(): Promise<void> {
    const free = this.maxParallel - this.inFlight.size;
    if (free <= 0) return;
    const due = await this.queue.findDue(free * 4 + 16);
    for (const run of due) {
      if (this.inFlight.size >= this.maxParallel) break;
      const id = String(run._id);
      if (this.inFlight.has(id)) continue;
      const definition = this.definitions.get(run.functionId);
      if (!definition) continue;
      const slot = concurrencySlotOf(run);
      if (slot && this.slots.isFull(slot, run.concurrencyLimit)) continue;
      this.track(id, slot, () => this.executeRun(run, definition));
    }
  }

  private async dispatchFailureHandlers(): Promise<void> {
    const free = this.maxParallel - this.inFlight.size;
    if (free <= 0) return;
    const pending = await this.queue.findAwaitingFailureHandler(free);
    for (const run of pending) {
      const id = String(run._id);
      if (this.inFlight.has(id) || this.inFlight.size >= this.maxParallel) continue;
      const definition = this.definitions.get(run.functionId);
      if (!definition) continue;
      this.track(id, null, () => this.executeFailureHandler(run, definition));
    }
  }

  private track(id: string, slot: string | null, work: () => Promise<void>): void {
    this.inFlight.add(id);
    if (slot) this.slots.take(slot);
    const task = work()
      .catch((err: unknown) => this.logger.error({ err, runId: id }, 'workflow run crashed the runner'))
      .finally(() => {
        this.inFlight.delete(id);
        if (slot) this.slots.release(slot);
        this.tasks.delete(task);
        this.kick();
      });
    this.tasks.add(task);
  }

  private async executeRun(run: RunDoc, definition: AnyWorkflowDefinition): Promise<void> {
    const attempt = async () => {
      const claimed = await this.queue.claimQueued(run._id);
      if (!claimed) return;
      await this.heartbeats.hold(claimed._id, () => this.attempt(claimed, definition));
    };
    if (run.concurrencyKey !== null && run.concurrencyLimit === 1) {
      // Other processes may hold the key; the lock queues us behind them.
      try {
        await this.lock.run(`workflow-concurrency:${run.functionId}:${run.concurrencyKey}`, attempt);
      } catch (err) {
        // The run was not claimed: it stays queued for a later pass.
        this.logger.warn({ err, runId: String(run._id) }, 'could not take the concurrency key; will try again');
      }
    } else {
      await attempt();
    }
  }

  private async attempt(run: RunDoc, definition: AnyWorkflowDefinition): Promise<void> {
    const runId = String(run._id);
    try {
      const event = parseWorkflowEvent(this.eventOf(run), definition.triggers);
      const step = await loadStepTools(run._id, '', (events) => this.send(events));
      const output = await definition.handler({ event, step, runId, attempt: run.attempts - 1, deps: this.deps });
      await this.queue.complete(run._id, output);
    } catch (raw) {
      const err = toWorkflowError(raw);
      const error = describeWorkflowError(err);
      const outcome = decideAfterFailedAttempt(err, run, this.retry);
      if (outcome.kind === 'dead-letter') {
        this.logger.error(
          { err, runId, functionId: run.functionId, attempts: run.attempts },
          'workflow run failed for good; kept as failed',
        );
        await this.queue.deadLetter(run._id, error, Boolean(definition.onFailure));
      } else {
        const delay = outcome.delayMs;
        this.logger.warn({ runId, functionId: run.functionId, attempt: run.attempts, delay, error: error.message }, 'workflow attempt failed; retrying');
        await this.queue.requeue(run._id, error, new Date(Date.now() + delay));
        this.wakeAfter(delay);
      }
    }
  }

  private async executeFailureHandler(run: RunDoc, definition: AnyWorkflowDefinition): Promise<void> {
    if (!definition.onFailure) {
      await this.queue.markFailureHandled(run._id);
      return;
    }
    const claimed = await this.queue.claimFailureHandler(run._id);
    if (!claimed) return;
    const runId = String(claimed._id);
    await this.heartbeats.hold(claimed._id, async () => {
      try {
        const event = parseWorkflowEvent(this.eventOf(claimed), definition.triggers);
        const step = await loadStepTools(claimed._id, FAILURE_HANDLER_STEP_PREFIX, (events) => this.send(events));
        const error = { name: claimed.lastError?.name ?? 'Error', message: claimed.lastError?.message ?? 'unknown error' };
        await definition.onFailure!({ event, error, step, runId, deps: this.deps });
        await this.queue.finishFailureHandler(claimed._id);
      } catch (err) {
        const delay = backoffDelay(claimed.failureAttempts, this.retry);
        this.logger.error({ err, runId, functionId: claimed.functionId }, 'workflow failure handler failed');
        await this.queue.postponeFailureHandler(claimed._id, new Date(Date.now() + delay));
        this.wakeAfter(delay);
      }
    });
  }

  /**
   * Returns runs whose runner stopped heartbeating to the queue. An attempt cut
   * off that way counts as failed; if it was the last, the run fails for good.
   */
  private async reclaimExpiredLeases(): Promise<void> {
    const now = Date.now();
    if (now - this.lastReclaim < Math.min(this.leaseMs / 2, 5_000)) return;
    this.lastReclaim = now;
    await reclaimExpiredLeases(this.queue, this.definitions, this.logger, new Date(now));
  }

  private async pruneFinishedRuns(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 3_600_000) return;
    this.lastPrune = now;
    await this.prune(now);
  }

  /** Deletes runs finished longer ago than the retention, with their steps; returns how many. Runs hourly by itself. */
  async prune(now = Date.now()): Promise<number> {
    const pruned = await this.queue.pruneFinished({
      completedBefore: new Date(now - this.retentionMs),
      failedBefore: new Date(now - this.failedRetentionMs),
    });
    if (pruned === 0) return 0;
    this.logger.info({ runs: pruned }, 'pruned finished workflow runs');
    return pruned;
  }

  private eventOf(run: RunDoc): { name: string; data: unknown; id: string } {
    return { name: run.eventName, data: JSON.parse(run.eventData) as unknown, id: run.eventId };
  }

  private wakeAfter(ms: number): void {
    if (!this.running) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.kick();
    }, ms + 5);
    timer.unref();
    this.timers.add(timer);
  }
}
