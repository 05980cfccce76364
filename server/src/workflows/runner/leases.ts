import type { Types } from 'mongoose';
import type { Logger } from '../../platform/logger.js';
import type { AnyWorkflowDefinition } from '../defineWorkflow.js';
import type { RunQueueStore } from './queueStore.js';
import { isOutOfAttempts, leaseExpiredError } from './retryPolicy.js';

/** Where leases are renewed, how long one lasts, and where renewal trouble is reported. */
export interface LeaseHeartbeatsOptions {
  queue: RunQueueStore;
  leaseMs: number;
  logger: Logger;
}

/**
 * Keeps alive the leases on the runs this process works on: while an attempt
 * runs, its lease is renewed every third of a lease, so a run is only taken
 * over once the process working on it has stopped.
 */
export class LeaseHeartbeats {
  private readonly queue: RunQueueStore;
  private readonly leaseMs: number;
  private readonly logger: Logger;
  private readonly beats = new Set<NodeJS.Timeout>();

  constructor(options: LeaseHeartbeatsOptions) {
    this.queue = options.queue;
    this.leaseMs = options.leaseMs;
    this.logger = options.logger;
  }

  /** Runs `work` while renewing this worker's lease on the run; the caller must have claimed it. */
  async hold(id: Types.ObjectId, work: () => Promise<void>): Promise<void> {
    const beat = setInterval(
      () => {
        void this.queue.renewLease(id).catch((err: unknown) => this.logger.warn({ err }, 'could not renew a workflow lease'));
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    beat.unref();
    this.beats.add(beat);
    try {
      await work();
    } finally {
      clearInterval(beat);
      this.beats.delete(beat);
    }
  }

  /** Stops renewing every lease held, leaving the attempts still running to lose their runs when the leases lapse. */
  stopAll(): void {
    for (const beat of this.beats) clearInterval(beat);
    this.beats.clear();
  }
}

/**
 * Returns runs whose runner stopped heartbeating to the queue. An attempt cut
 * off that way counts as failed; if it was the last, the run fails for good.
 */
export async function reclaimExpiredLeases(
  queue: RunQueueStore,
  definitions: ReadonlyMap<string, AnyWorkflowDefinition>,
  logger: Logger,
  now = new Date(),
): Promise<void> {
  const stale = await queue.findExpiredLeases(now);
  for (const run of stale) {
    const outOfAttempts = isOutOfAttempts(run);
    const definition = definitions.get(run.functionId);
    const hasFailureHandler = Boolean(definition?.onFailure);
    await queue.takeBackExpired(run, leaseExpiredError(run), { deadLetter: outOfAttempts, hasFailureHandler });
    logger.warn({ runId: String(run._id), functionId: run.functionId, outOfAttempts }, 'took over a workflow run whose runner stopped');
  }
}
