import { isNonRetriable } from '../errors.js';
import type { WorkflowRunError, WorkflowRunFields } from './runModel.js';

/** The wait before the second attempt, doubling per attempt up to `maxMs`. */
export interface BackoffTimings {
  baseMs: number;
  maxMs: number;
}

/**
 * How long to wait after failed attempt number `attempt` (1 for the first) before
 * the next one: exponential, capped, with ±20% jitter so runs that failed
 * together do not all come back at the same moment. `random` is there for tests.
 */
export function backoffDelay(attempt: number, { baseMs, maxMs }: BackoffTimings, random: () => number = Math.random): number {
  const base = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + random() * 0.4));
}

/** Whether a run has started every attempt it is allowed. */
export function isOutOfAttempts(run: Pick<WorkflowRunFields, 'attempts' | 'maxAttempts'>): boolean {
  return run.attempts >= run.maxAttempts;
}

/** What becomes of a run after a failed attempt: another attempt after `delayMs`, or the dead letter. */
export type FailedAttemptOutcome = { kind: 'retry'; delayMs: number } | { kind: 'dead-letter' };

/**
 * Decides what follows a failed attempt. A NonRetriableError (not-found,
 * validation) goes to the dead letter at once, as does a run out of attempts;
 * anything else is retried after its backoff. `err` is the error as the workflow
 * layer maps it (`toWorkflowError`).
 */
export function decideAfterFailedAttempt(
  err: unknown,
  run: Pick<WorkflowRunFields, 'attempts' | 'maxAttempts'>,
  timings: BackoffTimings,
  random?: () => number,
): FailedAttemptOutcome {
  if (isNonRetriable(err) || isOutOfAttempts(run)) return { kind: 'dead-letter' };
  return { kind: 'retry', delayMs: backoffDelay(run.attempts, timings, random) };
}

/** The error a run keeps when its runner stopped heartbeating during an attempt. */
export function leaseExpiredError(run: Pick<WorkflowRunFields, 'leaseOwner' | 'attempts'>): WorkflowRunError {
  return { name: 'LeaseExpired', message: `the runner ${run.leaseOwner ?? '?'} stopped during attempt ${run.attempts}`, code: null };
}
