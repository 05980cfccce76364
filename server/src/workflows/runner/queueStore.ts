import type { Types } from 'mongoose';
import type { KeyedLock } from '../../platform/keyedLock.js';
import { WorkflowRunModel, isDuplicateKeyError, type StepRecord, type WorkflowRunError, type WorkflowRunFields } from './runModel.js';

/** A run document as the runner reads it from `workflow_runs` (plain object, no mongoose document). */
export type RunDoc = WorkflowRunFields;

/** Counts of runs by status, for health and tests. */
export type RunCounts = Record<WorkflowRunFields['status'], number>;

/** What a new run is made of: the event it is for, serialised, and its function's limits. */
export type NewRun = Pick<
  RunDoc,
  'functionId' | 'eventId' | 'eventName' | 'eventData' | 'maxAttempts' | 'concurrencyKey' | 'concurrencyLimit'
> & { requestId?: string | null };

/**
 * How a new run is written: `start` claimed by this worker at once (it has room to
 * run it now), `reserve` queued but held by this worker for a lease (it will start
 * it as soon as it has room; other processes take it only if that lease lapses),
 * `free` queued for whichever runner looks first.
 */
export type EnqueueMode = 'start' | 'reserve' | 'free';

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
 * claims and leases on its runs, their step results, how an attempt ends, and pruning.
 *
 * On FerretDB with SQLite only a filter on `_id` alone reaches the storage; any
 * other filter reads and decodes the whole collection. So the writes of a run this
 * worker holds name the run by `_id` alone, which is safe while its lease is
 * certainly ours: nobody takes a run over before its lease has expired, and the
 * store remembers until when the lease it last wrote holds (`heldUntil`, taken
 * before the write was sent). With less than a third of a lease left, the writes
 * fall back to the conditional form (`leaseOwner` is this worker), so an attempt
 * that was taken over cannot overwrite its new owner's work.
 */
export class RunQueueStore {
  private readonly workerId: string;
  private readonly leaseMs: number;
  private readonly failureHandlerAttempts: number;
  private readonly lock: KeyedLock;
  /** Runs whose lease this worker wrote, and when that lease runs out (local clock, before the write). */
  private readonly heldUntil = new Map<string, number>();
  /** The last write this worker sent for each run, so its next one waits for it (see `serially`). */
  private readonly lastWrite = new Map<string, Promise<unknown>>();
  /** The reservation renewal under way, which attempts starting a reserved run wait for. */
  private renewing: Promise<unknown> | null = null;
  /** Attempt starts under way, which a reservation renewal waits for. */
  private readonly starts = new Set<Promise<unknown>>();

  constructor(options: RunQueueStoreOptions) {
    this.workerId = options.workerId;
    this.leaseMs = options.leaseMs;
    this.failureHandlerAttempts = options.failureHandlerAttempts;
    this.lock = options.lock;
  }

  /** The worker this store claims for. */
  get owner(): string {
    return this.workerId;
  }

  /**
   * Queues a run, due now (one insert); null when the event already has a run of
   * this function. See `EnqueueMode` for who may take it.
   */
  async enqueue(run: NewRun, mode: EnqueueMode = 'free'): Promise<RunDoc | null> {
    const now = Date.now();
    const held = mode === 'free' ? { leaseOwner: null, leaseExpiresAt: null } : { leaseOwner: this.workerId, leaseExpiresAt: new Date(now + this.leaseMs) };
    try {
      const created = await WorkflowRunModel.create({
        ...run,
        status: mode === 'start' ? 'running' : 'queued',
        attempts: mode === 'start' ? 1 : 0,
        runAfter: new Date(now),
        ...held,
      });
      const doc = created.toObject() as RunDoc;
      if (mode !== 'free') this.heldUntil.set(String(doc._id), now + this.leaseMs);
      return doc;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return null;
    }
  }

  /**
   * Up to `limit` queued runs of one function whose time has come, oldest first,
   * that nobody holds (or whose holder's lease lapsed), leaving out the concurrency
   * keys in `skipKeys` (those that could not start anyway), so a backlog on one key
   * cannot fill the window.
   */
  findDue(functionId: string, limit: number, skipKeys: readonly string[] = []): Promise<RunDoc[]> {
    const now = new Date();
    return WorkflowRunModel.find({
      status: 'queued',
      functionId,
      runAfter: { $lte: now },
      ...(skipKeys.length > 0 ? { concurrencyKey: { $nin: [...skipKeys] } } : {}),
      $or: [{ leaseOwner: null }, { leaseExpiresAt: { $lt: now } }],
    })
      .select('-steps -output')
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
      .select('-steps -output')
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

  /**
   * Starts an attempt of a run this worker reserved when it queued it: one update
   * by `_id`, returning the run with its steps. If the reservation may have lapsed,
   * falls back to `claimQueued`, which checks. Null if another runner got it.
   */
  async claimReserved(id: Types.ObjectId): Promise<RunDoc | null> {
    if (!this.isSafelyHeld(id)) return this.claimQueued(id);
    return this.startAttempt(id);
  }

  /**
   * The run this worker wrote as already started, once its attempt may begin (after
   * waiting for its concurrency key): as written while the lease written with it
   * certainly holds; otherwise re-read under the claim lock and kept only if it is
   * still running under this worker (its lease renewed), since a lapsed lease may
   * have been taken back, and the run started elsewhere, during the wait.
   */
  async confirmStarted(run: RunDoc): Promise<RunDoc | null> {
    if (this.isSafelyHeld(run._id)) return run;
    return this.underClaimLock(run._id, async () => {
      const now = Date.now();
      const renewed = await this.serially(run._id, () => WorkflowRunModel.findOneAndUpdate(
        { _id: run._id, status: 'running', leaseOwner: this.workerId },
        { $set: { leaseExpiresAt: new Date(now + this.leaseMs) } },
        { returnDocument: 'after' },
      )
        .lean<RunDoc>()
        .exec());
      if (renewed) this.heldUntil.set(String(run._id), now + this.leaseMs);
      return renewed;
    });
  }

  /**
   * Takes a queued run for this worker and counts an attempt; null if another
   * runner got it first (or holds a live reservation on it). A read and a write,
   * both by `_id`, under a lock per run (FerretDB's conditional updates are not
   * atomic, and a conditional filter would scan the collection on SQLite).
   */
  async claimQueued(id: Types.ObjectId): Promise<RunDoc | null> {
    return this.underClaimLock(id, async () => {
      const current = await WorkflowRunModel.findById(id).select('status runAfter leaseOwner leaseExpiresAt').lean();
      if (!current || current.status !== 'queued' || current.runAfter.getTime() > Date.now()) return null;
      const heldByOther =
        current.leaseOwner !== null && current.leaseOwner !== this.workerId && (current.leaseExpiresAt?.getTime() ?? 0) >= Date.now();
      if (heldByOther) return null;
      return this.startAttempt(id);
    });
  }

  /** Takes a failed run's failure handler for this worker, unless another runner holds a live lease on it. */
  async claimFailureHandler(id: Types.ObjectId): Promise<RunDoc | null> {
    return this.underClaimLock(id, async () => {
      const current = await WorkflowRunModel.findById(id).select('status failureHandled leaseOwner leaseExpiresAt').lean();
      if (!current || current.status !== 'failed' || current.failureHandled) return null;
      if (current.leaseOwner !== null && (current.leaseExpiresAt?.getTime() ?? 0) >= Date.now()) return null;
      const now = Date.now();
      const claimed = await WorkflowRunModel.findOneAndUpdate(
        { _id: id },
        { $set: { leaseOwner: this.workerId, leaseExpiresAt: new Date(now + this.leaseMs) }, $inc: { failureAttempts: 1 } },
        { returnDocument: 'after' },
      )
        .lean<RunDoc>()
        .exec();
      if (claimed) this.heldUntil.set(String(id), now + this.leaseMs);
      return claimed;
    });
  }

  /** Extends this worker's lease on a run by another `leaseMs`. */
  async renewLease(id: Types.ObjectId): Promise<void> {
    await this.serially(id, async () => {
      const now = Date.now();
      const result = await WorkflowRunModel.updateOne(this.heldFilter(id), { $set: { leaseExpiresAt: new Date(now + this.leaseMs) } });
      if (result.matchedCount > 0 && this.heldUntil.has(String(id))) this.heldUntil.set(String(id), now + this.leaseMs);
    });
  }

  /** Stores finished steps of a run this worker holds (one update by `_id`). */
  async recordSteps(id: Types.ObjectId, steps: readonly StepRecord[]): Promise<void> {
    if (steps.length === 0) return;
    await this.serially(id, () => WorkflowRunModel.updateOne(this.heldFilter(id), { $push: { steps: { $each: [...steps] } } }));
  }

  /** Ends an attempt that succeeded, keeping the handler's return value and the last steps' results. */
  async complete(id: Types.ObjectId, output: unknown, steps: readonly StepRecord[] = []): Promise<void> {
    await this.settle(id, { status: 'completed', output: JSON.stringify(output === undefined ? null : output), finishedAt: new Date() }, steps);
  }

  /** Ends an attempt by queueing the run again, not before `runAfter`. */
  async requeue(id: Types.ObjectId, error: WorkflowRunError, runAfter: Date, steps: readonly StepRecord[] = []): Promise<void> {
    await this.settle(id, { status: 'queued', lastError: error, runAfter }, steps);
  }

  /** Hands back a run this worker claimed but could not start (its concurrency key stayed taken); the attempt is not counted. */
  async release(id: Types.ObjectId): Promise<void> {
    await this.settle(id, { status: 'queued', runAfter: new Date() }, [], { attempts: -1 });
  }

  /**
   * Ends an attempt that reached a `step.sleepUntil`: queued again for `wakeAt`,
   * recorded as `sleepingUntil`, and the attempt not counted (sleeping is not failing).
   */
  async sleep(id: Types.ObjectId, wakeAt: Date, steps: readonly StepRecord[] = []): Promise<void> {
    await this.settle(id, { status: 'queued', runAfter: wakeAt, sleepingUntil: wakeAt }, steps, { attempts: -1 });
  }

  /** Ends an attempt by failing the run for good; its failure handler, if it has one, is due at once. */
  async deadLetter(id: Types.ObjectId, error: WorkflowRunError, hasFailureHandler: boolean, steps: readonly StepRecord[] = []): Promise<void> {
    await this.settle(id, deadLetterFields(error, hasFailureHandler), steps);
  }

  /** Marks a failed run's failure handling done when its function has no handler. */
  async markFailureHandled(id: Types.ObjectId): Promise<void> {
    await WorkflowRunModel.updateOne({ _id: id }, { $set: { failureHandled: true } });
  }

  /** Ends a failure handler that ran to the end, if this worker still holds the run. */
  async finishFailureHandler(id: Types.ObjectId, steps: readonly StepRecord[] = []): Promise<void> {
    await this.settle(id, { failureHandled: true }, steps);
  }

  /** Ends a failure handler that failed, leaving it due again at `runAfter`, if this worker still holds the run. */
  async postponeFailureHandler(id: Types.ObjectId, runAfter: Date, steps: readonly StepRecord[] = []): Promise<void> {
    await this.settle(id, { runAfter }, steps);
  }

  /**
   * Extends this worker's reservations on runs it queued and has not started yet
   * (one write for all of them), so a backlog that takes longer than a lease to
   * work through stays this worker's and each start stays one update by `_id`.
   * Only runs still certainly held are counted as held again: one whose
   * reservation may have lapsed is claimed with a check when its turn comes.
   */
  async renewReservations(ids: readonly Types.ObjectId[]): Promise<void> {
    const safe = ids.filter((id) => this.isSafelyHeld(id));
    if (safe.length === 0 || this.renewing) return;
    // FerretDB answers an update by reading the documents, changing them in its proxy and writing
    // them back whole: an attempt started (and even finished) on one of these runs between that
    // read and that write would be undone, and the run executed again once the renewed lease
    // lapsed. So no run is started here while the renewal is under way, and it waits for starts
    // already sent. Only runs still certainly ours are named: a lapsed one may be another's now.
    const renewal = (async () => {
      await Promise.allSettled([...this.starts]);
      const now = Date.now();
      await WorkflowRunModel.updateMany(
        { _id: { $in: safe }, status: 'queued', leaseOwner: this.workerId },
        { $set: { leaseExpiresAt: new Date(now + this.leaseMs) } },
      );
      for (const id of safe) this.heldUntil.set(String(id), now + this.leaseMs);
    })();
    this.renewing = renewal;
    try {
      await renewal;
    } finally {
      this.renewing = null;
    }
  }

  /**
   * Gives up this worker's reservations on runs it queued but has not started
   * (when stopping), so another runner can take them at once rather than after a lease.
   */
  async releaseReservations(): Promise<void> {
    await WorkflowRunModel.updateMany({ status: 'queued', leaseOwner: this.workerId }, { $set: { leaseOwner: null, leaseExpiresAt: null } });
    for (const [id] of this.heldUntil) this.heldUntil.delete(id);
  }

  /** Running runs whose lease ran out before `now`: their runner stopped heartbeating. */
  findExpiredLeases(now: Date): Promise<RunDoc[]> {
    return WorkflowRunModel.find({ status: 'running', leaseExpiresAt: { $lt: now } })
      .select('-steps -output')
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
   * Deletes up to 1,000 runs (their steps are inside them) that completed before
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
    await WorkflowRunModel.deleteMany({ _id: { $in: ids } });
    return ids.length;
  }

  /** Whether this worker's lease on the run certainly still holds, with a third of a lease to spare. */
  private isSafelyHeld(id: Types.ObjectId): boolean {
    const until = this.heldUntil.get(String(id));
    return until !== undefined && until - Date.now() > this.leaseMs / 3;
  }

  /** The filter for a write to a run this worker holds: `_id` alone while the lease is certainly ours. */
  private heldFilter(id: Types.ObjectId): Record<string, unknown> {
    return this.isSafelyHeld(id) ? { _id: id } : { _id: id, leaseOwner: this.workerId };
  }

  private async startAttempt(id: Types.ObjectId): Promise<RunDoc | null> {
    while (this.renewing) await this.renewing.catch(() => {});
    const start = this.serially(id, async () => {
      const now = Date.now();
      const claimed = await WorkflowRunModel.findOneAndUpdate(
        { _id: id },
        { $set: { status: 'running', sleepingUntil: null, leaseOwner: this.workerId, leaseExpiresAt: new Date(now + this.leaseMs) }, $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      )
        .lean<RunDoc>()
        .exec();
      if (claimed) this.heldUntil.set(String(id), now + this.leaseMs);
      return claimed;
    });
    this.starts.add(start);
    try {
      return await start;
    } finally {
      this.starts.delete(start);
    }
  }

  /** Ends an attempt (with the steps it finished), if this runner still holds the run (a taken-over run is left to its new owner). */
  private async settle(id: Types.ObjectId, fields: Partial<RunDoc>, steps: readonly StepRecord[], inc?: Record<string, number>): Promise<void> {
    await this.serially(id, async () => {
      const filter = this.heldFilter(id);
      this.heldUntil.delete(String(id));
      await WorkflowRunModel.updateOne(filter, {
        $set: { ...fields, leaseOwner: null, leaseExpiresAt: null },
        ...(steps.length > 0 ? { $push: { steps: { $each: [...steps] } } } : {}),
        ...(inc ? { $inc: inc } : {}),
      });
    });
  }

  /**
   * Sends this worker's writes to one run one after another. FerretDB updates a
   * document by read-modify-write in its proxy, so a heartbeat's lease renewal in
   * flight beside the write that ends the attempt could write the run back as it
   * was before that write: still running, without its last steps.
   */
  private serially<T>(id: Types.ObjectId, write: () => Promise<T>): Promise<T> {
    const key = String(id);
    const previous = this.lastWrite.get(key) ?? Promise.resolve();
    const result = previous.then(write, write);
    const tail = result.catch(() => {});
    this.lastWrite.set(key, tail);
    void tail.then(() => {
      if (this.lastWrite.get(key) === tail) this.lastWrite.delete(key);
    });
    return result;
  }

  private underClaimLock<T>(id: Types.ObjectId, fn: () => Promise<T>): Promise<T> {
    return this.lock.run(`workflow-claim:${String(id)}`, fn);
  }
}

/** How a run that failed for good is kept: the dead letter, with its failure handler (if any) due at once. */
function deadLetterFields(error: WorkflowRunError, hasFailureHandler: boolean): Partial<RunDoc> {
  return { status: 'failed', lastError: error, finishedAt: new Date(), failureHandled: !hasFailureHandler, runAfter: new Date() };
}
