import type { KeyedLock } from '../../platform/keyedLock.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import { runWithRequestContext } from '../../platform/requestContext.js';
import { parseWorkflowEvent, type AnyWorkflowDefinition } from '../defineWorkflow.js';
import type { WorkflowDeps } from '../deps.js';
import { describeWorkflowError, toWorkflowError } from '../errors.js';
import type { LeaseHeartbeats } from './leases.js';
import type { RunDoc, RunQueueStore } from './queueStore.js';
import { backoffDelay, decideAfterFailedAttempt, type BackoffTimings } from './retryPolicy.js';
import { FAILURE_HANDLER_STEP_PREFIX, RunSleeping, StepJournal, createStepTools, type SendWorkflowEvents } from './stepMemo.js';

/** What executing an attempt needs: where runs are kept, what handlers get, and how to come back later. */
export interface AttemptExecutorOptions {
  queue: RunQueueStore;
  heartbeats: LeaseHeartbeats;
  /** Serialises runs sharing a `limit: 1` concurrency key across processes. */
  lock: KeyedLock;
  logger: Logger;
  deps: WorkflowDeps;
  /** Where attempts are counted and timed. */
  metrics?: Pick<Metrics, 'workflowRuns' | 'workflowDuration'>;
  retry: BackoffTimings;
  /** What `step.sendEvent` sends through. */
  send: SendWorkflowEvents;
  /** Asks for a look at the queue once `ms` have passed, when a retry falls due. */
  wakeAfter: (ms: number) => void;
  /** Asks for a look at the queue now (a failure handler became due). */
  requestPoll: () => void;
}

/**
 * Executes one attempt of a run, or of a failed run's failure handler: claims it,
 * holds its lease while the handler works through its memoised steps, and
 * records how it ended: completed, queued again after a backoff, or failed for good.
 */
export class AttemptExecutor {
  private readonly options: AttemptExecutorOptions;

  constructor(options: AttemptExecutorOptions) {
    this.options = options;
  }

  /**
   * Executes the next attempt of a run. `claim` says how it was obtained:
   * `started` (queued by this process as running: `run` is the fresh document),
   * `reserved` (queued by this process and held for it), or `found` by polling
   * (claimed here unless another runner gets it first).
   */
  async executeRun(run: RunDoc, definition: AnyWorkflowDefinition, claim: 'started' | 'reserved' | 'found' = 'found'): Promise<void> {
    const { queue, heartbeats, lock, logger } = this.options;
    const attempt = async () => {
      const claimed = claim === 'started' ? await queue.confirmStarted(run) : claim === 'reserved' ? await queue.claimReserved(run._id) : await queue.claimQueued(run._id);
      if (!claimed) return;
      // The run's log lines (and the events it sends) carry the id of the request that queued it.
      const context = { requestId: claimed.requestId ?? `run-${String(claimed._id)}`, runId: String(claimed._id) };
      await runWithRequestContext(context, () => heartbeats.hold(claimed._id, () => this.attempt(claimed, definition)));
    };
    if (run.concurrencyKey !== null && run.concurrencyLimit === 1) {
      // Other processes may hold the key; the lock queues us behind them.
      let entered = false;
      try {
        await lock.run(`workflow-concurrency:${run.functionId}:${run.concurrencyKey}`, () => {
          entered = true;
          return attempt();
        });
      } catch (err) {
        // An attempt that began and then could not record its end must not be handed back as
        // "never started": its steps may have run. Its lease decides, and the attempt counts.
        if (entered) throw err;
        // The key could not be taken: a run claimed at queueing goes back to the queue, uncounted.
        if (claim === 'started') await queue.release(run._id);
        logger.warn({ err, runId: String(run._id) }, 'could not take the concurrency key; will try again');
      }
    } else {
      await attempt();
    }
  }

  /** Runs a failed run's failure handler once more, or marks it handled when the function has none. */
  async executeFailureHandler(run: RunDoc, definition: AnyWorkflowDefinition): Promise<void> {
    const { queue, heartbeats, logger, deps, retry, send, wakeAfter } = this.options;
    if (!definition.onFailure) {
      await queue.markFailureHandled(run._id);
      return;
    }
    const claimed = await queue.claimFailureHandler(run._id);
    if (!claimed) return;
    const runId = String(claimed._id);
    const context = { requestId: claimed.requestId ?? `run-${runId}`, runId };
    const journal = new StepJournal(claimed.steps ?? [], (steps) => queue.recordSteps(claimed._id, steps));
    await runWithRequestContext(context, () => heartbeats.hold(claimed._id, async () => {
      try {
        const event = parseWorkflowEvent(eventOf(claimed), definition.triggers);
        const step = createStepTools(runId, journal, FAILURE_HANDLER_STEP_PREFIX, send);
        const error = { name: claimed.lastError?.name ?? 'Error', message: claimed.lastError?.message ?? 'unknown error' };
        await definition.onFailure!({ event, error, step, runId, deps });
        await queue.finishFailureHandler(claimed._id, journal.takePending());
      } catch (err) {
        const delay = backoffDelay(claimed.failureAttempts, retry);
        logger.error({ err, runId, functionId: claimed.functionId }, 'workflow failure handler failed');
        await queue.postponeFailureHandler(claimed._id, new Date(Date.now() + delay), journal.takePending());
        wakeAfter(delay);
      }
    }));
  }

  private async attempt(run: RunDoc, definition: AnyWorkflowDefinition): Promise<void> {
    const { queue, logger, deps, retry, send, wakeAfter, requestPoll } = this.options;
    const runId = String(run._id);
    const startedAt = performance.now();
    const record = (state: 'completed' | 'retrying' | 'failed') => {
      const labels = { function: run.functionId, state };
      this.options.metrics?.workflowRuns.inc(labels);
      this.options.metrics?.workflowDuration.observe(labels, (performance.now() - startedAt) / 1000);
    };
    const journal = new StepJournal(run.steps ?? [], (steps) => queue.recordSteps(run._id, steps));
    try {
      const event = parseWorkflowEvent(eventOf(run), definition.triggers);
      const step = createStepTools(runId, journal, '', send);
      const output = await definition.handler({ event, step, runId, attempt: run.attempts - 1, deps });
      await queue.complete(run._id, output, journal.takePending());
      record('completed');
      logger.debug({ functionId: run.functionId, attempt: run.attempts }, 'workflow run completed');
    } catch (raw) {
      if (raw instanceof RunSleeping) {
        await queue.sleep(run._id, raw.wakeAt, journal.takePending());
        // Timers are capped (setTimeout overflows past ~24 days); the scheduler's poll finds the run anyway.
        wakeAfter(Math.min(Math.max(0, raw.wakeAt.getTime() - Date.now()), MAX_WAKE_TIMER_MS));
        return;
      }
      const err = toWorkflowError(raw);
      const error = describeWorkflowError(err);
      const outcome = decideAfterFailedAttempt(err, run, retry);
      if (outcome.kind === 'dead-letter') {
        record('failed');
        logger.error({ err, runId, functionId: run.functionId, attempts: run.attempts }, 'workflow run failed for good; kept as failed');
        await queue.deadLetter(run._id, error, Boolean(definition.onFailure), journal.takePending());
        requestPoll();
      } else {
        record('retrying');
        const delay = outcome.delayMs;
        logger.warn(
          { runId, functionId: run.functionId, attempt: run.attempts, delay, error: error.message },
          'workflow attempt failed; retrying',
        );
        await queue.requeue(run._id, error, new Date(Date.now() + delay), journal.takePending());
        wakeAfter(delay);
      }
    }
  }
}

/** The longest in-process timer set for a sleeping run; polling covers anything later. */
const MAX_WAKE_TIMER_MS = 60 * 60_000;

/** The event a run was queued for, as the handler's schema check takes it. */
function eventOf(run: RunDoc): { name: string; data: unknown; id: string } {
  return { name: run.eventName, data: JSON.parse(run.eventData) as unknown, id: run.eventId };
}
