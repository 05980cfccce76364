import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JOB_EVENT_SCHEMAS, type WorkflowEventName } from '@relaydesk/shared';
import { createKeyedLock, type KeyedLock } from '../../platform/keyedLock.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import { currentRequestId } from '../../platform/requestContext.js';
import type { AnyWorkflowDefinition, WorkflowEvent } from '../defineWorkflow.js';
import type { WorkflowDeps } from '../deps.js';
import { AttemptExecutor } from './attemptExecutor.js';
import { compileConcurrencyKey, type ConcurrencyKeyFn } from './concurrencyKey.js';
import { LeaseHeartbeats } from './leases.js';
import { RunQueueStore, type RunCounts, type RunDoc } from './queueStore.js';
import { RunScheduler } from './scheduler.js';

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
  /**
   * How often to read the queue for runs nobody holds: those queued by a process
   * that stopped, sleeps and retries that fell due, failure handlers. Runs queued
   * by this process start from the write that queues them, without waiting for it.
   */
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
  /** Where attempts are counted and timed; none by default. */
  metrics?: Pick<Metrics, 'workflowRuns' | 'workflowDuration'>;
}

export type { RunCounts } from './queueStore.js';

/**
 * Runs workflow definitions in this process when no Inngest is configured, with
 * the guarantees the workflows are written for:
 *
 * - Durable queue: every (event, function) pair is a `workflow_runs` document, created
 *   before anything runs, unique per event id, so a restart loses nothing and
 *   sending an event twice starts one run.
 * - Memoised steps: each completed `step.run` result is stored in its run document; a
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
 *
 * This class holds the options and the API; the parts doing the work are
 * `queueStore.ts` (every read and write of runs), `stepMemo.ts` (memoised steps),
 * `retryPolicy.ts` (backoff, retry or dead letter), `leases.ts` (heartbeats and
 * take-overs), `concurrencySlots.ts`, `scheduler.ts` (when to look, what to start)
 * and `attemptExecutor.ts` (one attempt of a run or of its failure handler).
 */
export class LocalWorkflowRunner {
  readonly workerId: string;
  private readonly logger: Logger;
  private readonly queue: RunQueueStore;
  private readonly heartbeats: LeaseHeartbeats;
  private readonly scheduler: RunScheduler;
  private readonly definitions = new Map<string, AnyWorkflowDefinition>();
  private readonly byEvent = new Map<string, AnyWorkflowDefinition[]>();
  private readonly keyFns = new Map<string, ConcurrencyKeyFn>();
  private readonly retentionMs: number;
  private readonly failedRetentionMs: number;
  /** Sends under way; a test waiting for idle must not look between a domain event and its run. */
  private pendingSends = 0;

  constructor(options: LocalWorkflowRunnerOptions) {
    this.logger = options.logger;
    const leaseMs = options.leaseMs ?? 60_000;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
    this.failedRetentionMs = options.failedRetentionMs ?? 30 * 24 * 3_600_000;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const lock = options.lock ?? createKeyedLock({ redis: options.deps.app.redis, ttlMs: leaseMs, waitMs: leaseMs });

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

    this.queue = new RunQueueStore({ workerId: this.workerId, leaseMs, failureHandlerAttempts: options.failureHandlerAttempts ?? 3, lock });
    this.heartbeats = new LeaseHeartbeats({ queue: this.queue, leaseMs, logger: this.logger });
    const executor = new AttemptExecutor({
      queue: this.queue,
      heartbeats: this.heartbeats,
      lock,
      logger: this.logger,
      deps: options.deps,
      metrics: options.metrics,
      retry: { baseMs: options.retryBaseMs ?? 1_000, maxMs: options.retryMaxMs ?? 5 * 60_000 },
      send: (events) => this.send(events),
      wakeAfter: (ms) => this.scheduler.wakeAfter(ms),
      requestPoll: () => this.scheduler.requestPoll(),
    });
    this.scheduler = new RunScheduler({
      queue: this.queue,
      definitions: this.definitions,
      executor,
      logger: this.logger,
      pollIntervalMs: options.pollIntervalMs ?? 5_000,
      maxParallel: options.maxParallel ?? 8,
      leaseMs,
      pruneFinishedRuns: (now) => this.prune(now),
    });
  }

  /** Starts executing: due runs now (including those left by a previous process), then as they come. */
  async start(): Promise<void> {
    await this.scheduler.start();
  }

  /**
   * Stops claiming runs and waits (up to `timeoutMs`) for the attempts in flight.
   * Anything unfinished stays in the database for the next start.
   */
  async stop({ timeoutMs = 10_000 } = {}): Promise<void> {
    await this.scheduler.stop(timeoutMs);
    // Runs queued here but not started go to whoever looks next, without waiting out a lease.
    await this.queue.releaseReservations().catch((err: unknown) => this.logger.warn({ err }, 'could not release reserved workflow runs'));
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
        const run = {
          functionId: definition.id,
          eventId,
          eventName: event.name,
          eventData: JSON.stringify(data),
          // The request (or the run) that sent the event, so the new run's log lines carry its id.
          requestId: currentRequestId() ?? null,
          maxAttempts: definition.retries + 1,
          concurrencyKey: keyFn ? keyFn({ name: event.name, data }) : null,
          concurrencyLimit: definition.concurrency?.limit ?? 0,
        };
        // The write that queues the run is what dispatches it: no read of the queue.
        const admission = this.scheduler.admit(run);
        let created: RunDoc | null;
        try {
          created = await this.queue.enqueue(run, admission);
        } catch (err) {
          if (admission === 'start') this.scheduler.cancelled(run);
          throw err;
        }
        if (!created) {
          if (admission === 'start') this.scheduler.cancelled(run);
          continue;
        }
        runIds.push(String(created._id));
        if (admission === 'start') this.scheduler.started(created);
        else if (admission === 'reserve') this.scheduler.reserved(created);
      }
    }
    return { eventIds, runIds };
  }

  /** Resolves once nothing is queued, running or waiting for a failure handler (tests and shutdown scripts). */
  async waitForIdle({ timeoutMs = 30_000, intervalMs = 25 } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const busy = this.scheduler.hasWorkInFlight || this.pendingSends > 0 || (await this.queue.hasUnfinishedRuns());
      if (!busy) return;
      if (Date.now() > deadline) throw new Error(`workflow runs still busy after ${timeoutMs} ms`);
      this.scheduler.requestPoll();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** How many runs are in each status. */
  async counts(): Promise<RunCounts> {
    return this.queue.countByStatus();
  }

  /** How many queued runs are due now (the queue's depth). */
  async countDue(): Promise<number> {
    return this.queue.countDue();
  }

  /** Whether the runner is started and looking for work. */
  get isRunning(): boolean {
    return this.scheduler.isRunning;
  }

  /** Reads the queue for due work soon; coalesces with a read already under way. */
  kick(): void {
    this.scheduler.requestPoll();
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
}
