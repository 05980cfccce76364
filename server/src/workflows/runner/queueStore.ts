import type { Types } from 'mongoose';
import type { KeyedLock } from '../../platform/keyedLock.js';
import { WorkflowRunModel, isDuplicateKeyError, type WorkflowRunError, type WorkflowRunFields } from './runModel.js';
import { deleteStepResults } from './stepMemo.js';

/** A run document as the runner reads it from `workflow_runs` (plain object, no mongoose document). */
export type RunDoc = WorkflowRunFields;

/** Counts of runs by status, for health and tests. */
export type RunCounts = Record<WorkflowRunFields['status'], number>;

/** What a new run is made of: the event it is for, serialised, and its function's limits. */
export type NewRun = Pick<
  RunDoc,
  'functionId' | 'eventId' | 'eventName' | 'eventData' | 'maxAttempts' | 'concurrencyKey' | 'concurrencyLimit'
> & { requestId?: string | null };

/** Who is claiming runs, for how long, and how writes that must not race are serialised. */
export interface RunQueueStoreOptions {
  workerId: string;
  /** How long a claim holds without a heartbeat. */
  leaseMs: number;
  /** Failure-handler attempts a failed run gets; after that it is no longer pending work. */
  failureHandlerAttempts: number;
  /** Serialises claims of one run across processes (FerretDB's conditional updates are not atomic). */
  lock: KeyedLock;
}

/**
 * Every read and write of run documents: the durable queue (`workflow_runs`), the
 * claims and leases on its runs, how an attempt ends, and pruning. A write that
 * ends or renews a claim only applies while this worker still holds the run, so
 * an attempt that was taken over cannot overwrite its new owner's work.
 */
export class RunQueueStore {
  private readonly workerId: string;
  private readonly leaseMs: number;
  private readonly failureHandlerAttempts: number;
  private readonly lock: KeyedLock;

  constructor(options: RunQueueStoreOptions) {
    this.workerId = options.workerId;
    this.leaseMs = options.leaseMs;
    this.failureHandlerAttempts = options.failureHandlerAttempts;
    this.lock = options.lock;
  }

  /** Queues a run, due now; null when the event already has a run of this function. */
  async enqueue(run: NewRun): Promise<string | null> {
    try {
      const created = await WorkflowRunModel.create({ ...run, status: 'queued', runAfter: new Date() });
      return String(created._id);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return null;
    }
  }

  /** Queued runs whose time has come, oldest first. */
  findDue(limit: number): Promise<RunDoc[]> {
    return WorkflowRunModel.find({ status: 'queued', runAfter: { $lte: new Date() } })
      .sort({ runAfter: 1, _id: 1 })
      .limit(limit)
      .lean<RunDoc[]>()
      .exec();
  }

  /** How many queued runs are due now: the queue's depth, for metrics. */
  countDue(): Promise<number> {
    return WorkflowRunModel.countDocuments({ status: 'queued', runAfter: { $lte: new Date() } }).exec();
  }

  /** Failed runs whose failure handler has not finished, has attempts left and is due, oldest first. */
  findAwaitingFailureHandler(limit: number): Promise<RunDoc[]> {
    return WorkflowRunModel.find({
      status: 'failed',
      failureHandled: false,
      failureAttempts: { $lt: this.failureHandlerAttempts },
      runAfter: { $lte: new Date() },
    })
      .sort({ runAfter: 1, _id: 1 })
      .limit(limit)
      .lean<RunDoc[]>()
      .exec();
  }

  /**
   * Whether any run is queued, running, or failed with its failure handler still to
   * run. A run asleep in `step.sleepUntil` is waiting on the clock, not unfinished work.
   */
  async hasUnfinishedRuns(): Promise<boolean> {
    const found = await WorkflowRunModel.exists({
      $or: [
        { status: 'running' },
        { status: 'queued', sleepingUntil: null },
        { status: 'queued', sleepingUntil: { $lte: new Date() } },
        { status: 'failed', failureHandled: false, failureAttempts: { $lt: this.failureHandlerAttempts } },
      ],
    });
    return found !== null;
  }

  /** How many runs are in each status. */
  async countByStatus(): Promise<RunCounts> {
    const counts: RunCounts = { queued: 0, running: 0, completed: 0, failed: 0 };
    const rows = await WorkflowRunModel.aggregate<{ _id: keyof RunCounts; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]);
    for (const row of rows) counts[row._id] = row.n;
    return counts;
  }

  /** Takes a queued run for this worker and counts an attempt; null if another runner got it first. */
  async claimQueued(id: Types.ObjectId): Promise<RunDoc | null> {
    // FerretDB does not make this conditional update atomic; the lock does across processes.
    return this.underClaimLock(id, () =>
      WorkflowRunModel.findOneAndUpdate(
        { _id: id, status: 'queued' },
        { $set: { status: 'running', sleepingUntil: null, leaseOwner: this.workerId, leaseExpiresAt: this.leaseEnd() }, $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      )
        .lean<RunDoc>()
        .exec(),
    );
  }

  /** Takes a failed run's failure handler for this worker, unless another runner holds a live lease on it. */
  async claimFailureHandler(id: Types.ObjectId): Promise<RunDoc | null> {
    const now = new Date();
    return this.underClaimLock(id, () =>
      WorkflowRunModel.findOneAndUpdate(
        { _id: id, status: 'failed', failureHandled: false, $or: [{ leaseOwner: null }, { leaseExpiresAt: { $lt: now } }] },
        { $set: { leaseOwner: this.workerId, leaseExpiresAt: this.leaseEnd() }, $inc: { failureAttempts: 1 } },
        { returnDocument: 'after' },
      )
        .lean<RunDoc>()
        .exec(),
    );
  }

  /** Extends this worker's lease on a run by another `leaseMs`. */
  async renewLease(id: Types.ObjectId): Promise<void> {
    await WorkflowRunModel.updateOne({ _id: id, leaseOwner: this.workerId }, { $set: { leaseExpiresAt: this.leaseEnd() } });
  }

  /** Ends an attempt that succeeded, keeping the handler's return value. */
  async complete(id: Types.ObjectId, output: unknown): Promise<void> {
    await this.settle(id, { status: 'completed', output: JSON.stringify(output === undefined ? null : output), finishedAt: new Date() });
  }

  /** Ends an attempt by queueing the run again, not before `runAfter`. */
  async requeue(id: Types.ObjectId, error: WorkflowRunError, runAfter: Date): Promise<void> {
    await this.settle(id, { status: 'queued', lastError: error, runAfter });
  }

  /**
   * Ends an attempt that reached a `step.sleepUntil`: queued again for `wakeAt`,
   * recorded as `sleepingUntil`, and the attempt not counted (sleeping is not failing).
   */
  async sleep(id: Types.ObjectId, wakeAt: Date): Promise<void> {
    await WorkflowRunModel.updateOne(
      { _id: id, status: 'running', leaseOwner: this.workerId },
      { $set: { status: 'queued', runAfter: wakeAt, sleepingUntil: wakeAt, leaseOwner: null, leaseExpiresAt: null }, $inc: { attempts: -1 } },
    );
  }

  /** Ends an attempt by failing the run for good; its failure handler, if it has one, is due at once. */
  async deadLetter(id: Types.ObjectId, error: WorkflowRunError, hasFailureHandler: boolean): Promise<void> {
    await this.settle(id, deadLetterFields(error, hasFailureHandler));
  }

  /** Marks a failed run's failure handling done when its function has no handler. */
  async markFailureHandled(id: Types.ObjectId): Promise<void> {
    await WorkflowRunModel.updateOne({ _id: id }, { $set: { failureHandled: true } });
  }

  /** Ends a failure handler that ran to the end, if this worker still holds the run. */
  async finishFailureHandler(id: Types.ObjectId): Promise<void> {
    await WorkflowRunModel.updateOne(
      { _id: id, leaseOwner: this.workerId },
      { $set: { failureHandled: true, leaseOwner: null, leaseExpiresAt: null } },
    );
  }

  /** Ends a failure handler that failed, leaving it due again at `runAfter`, if this worker still holds the run. */
  async postponeFailureHandler(id: Types.ObjectId, runAfter: Date): Promise<void> {
    await WorkflowRunModel.updateOne(
      { _id: id, leaseOwner: this.workerId },
      { $set: { leaseOwner: null, leaseExpiresAt: null, runAfter } },
    );
  }

  /** Running runs whose lease ran out before `now`: their runner stopped heartbeating. */
  findExpiredLeases(now: Date): Promise<RunDoc[]> {
    return WorkflowRunModel.find({ status: 'running', leaseExpiresAt: { $lt: now } })
      .lean<RunDoc[]>()
      .exec();
  }

  /**
   * Takes back a run whose lease expired, as read by `findExpiredLeases`: queued
   * again and due now, or failed for good. Nothing happens if its lease changed
   * since (its runner came back, or another runner took it first).
   */
  async takeBackExpired(
    run: RunDoc,
    error: WorkflowRunError,
    outcome: { deadLetter: boolean; hasFailureHandler: boolean },
  ): Promise<void> {
    await this.underClaimLock(run._id, () =>
      WorkflowRunModel.updateOne(
        { _id: run._id, status: 'running', leaseOwner: run.leaseOwner, leaseExpiresAt: run.leaseExpiresAt },
        {
          $set: {
            ...(outcome.deadLetter ? deadLetterFields(error, outcome.hasFailureHandler) : { status: 'queued', lastError: error, runAfter: new Date() }),
            leaseOwner: null,
            leaseExpiresAt: null,
          },
        },
      ),
    );
  }

  /**
   * Deletes up to 1,000 runs, with their steps, that completed before
   * `completedBefore` or failed (failure handled) before `failedBefore`; returns how many.
   */
  async pruneFinished({ completedBefore, failedBefore }: { completedBefore: Date; failedBefore: Date }): Promise<number> {
    const old = await WorkflowRunModel.find({
      $or: [
        { status: 'completed', finishedAt: { $lt: completedBefore } },
        { status: 'failed', failureHandled: true, finishedAt: { $lt: failedBefore } },
      ],
    })
      .select('_id')
      .limit(1_000)
      .lean();
    if (old.length === 0) return 0;
    const ids = old.map((r) => r._id);
    await deleteStepResults(ids);
    await WorkflowRunModel.deleteMany({ _id: { $in: ids } });
    return ids.length;
  }

  /** Ends an attempt, if this runner still holds the run (a taken-over run is left to its new owner). */
  private async settle(id: Types.ObjectId, fields: Partial<RunDoc>): Promise<void> {
    await WorkflowRunModel.updateOne(
      { _id: id, status: 'running', leaseOwner: this.workerId },
      { $set: { ...fields, leaseOwner: null, leaseExpiresAt: null } },
    );
  }

  private underClaimLock<T>(id: Types.ObjectId, fn: () => Promise<T>): Promise<T> {
    return this.lock.run(`workflow-claim:${String(id)}`, fn);
  }

  private leaseEnd(): Date {
    return new Date(Date.now() + this.leaseMs);
  }
}

/** How a run that failed for good is kept: the dead letter, with its failure handler (if any) due at once. */
function deadLetterFields(error: WorkflowRunError, hasFailureHandler: boolean): Partial<RunDoc> {
  return { status: 'failed', lastError: error, finishedAt: new Date(), failureHandled: !hasFailureHandler, runAfter: new Date() };
}
