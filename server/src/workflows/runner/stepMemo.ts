import type { WorkflowEvent, WorkflowStepTools } from '../defineWorkflow.js';
import { toWorkflowError } from '../errors.js';
import type { StepRecord } from './runModel.js';

/** Prefixed to a failure handler's step ids, so they are memoised apart from the run's own steps. */
export const FAILURE_HANDLER_STEP_PREFIX = 'on-failure/';

/**
 * Thrown by `step.sleepUntil` when the wake-up time is still ahead: the attempt
 * ends there and the run is queued again for `wakeAt` (not a failure). The step is
 * memoised when the run wakes and replays past it.
 */
export class RunSleeping extends Error {
  readonly wakeAt: Date;
  readonly stepId: string;

  constructor(stepId: string, wakeAt: Date) {
    super(`sleeping until ${wakeAt.toISOString()} at step ${stepId}`);
    this.name = 'RunSleeping';
    this.stepId = stepId;
    this.wakeAt = wakeAt;
  }
}

/** Queues events as the runner does (`LocalWorkflowRunner.send`); what `step.sendEvent` sends through. */
export type SendWorkflowEvents = (events: readonly WorkflowEvent[]) => Promise<{ eventIds: string[] }>;

/**
 * The step results of one attempt: those stored by earlier attempts, and those
 * finished in this one but not yet written.
 *
 * A finished step's result is written before the next step starts, so nothing a
 * later step does can rest on a result that a crash would lose; the results of the
 * last steps travel with the write that ends the attempt (`takePending`). A crash
 * between a step's side effect and that write repeats the step, exactly as a
 * crash between the side effect and an immediate write would: steps are
 * at-least-once either way, and this saves one write per run.
 */
export class StepJournal {
  private readonly memo = new Map<string, string>();
  private pending: StepRecord[] = [];
  private readonly write: (steps: StepRecord[]) => Promise<void>;

  /** `stored` are the run's steps as read with its claim; `write` appends records to the run. */
  constructor(stored: readonly StepRecord[], write: (steps: StepRecord[]) => Promise<void>) {
    // The first record of a step id stands: a runner that took over and finished it first wins.
    for (const record of stored) if (!this.memo.has(record.stepId)) this.memo.set(record.stepId, record.output);
    this.write = write;
  }

  /** The stored (or just finished) result of a step, as JSON text. */
  lookup(stepId: string): string | undefined {
    return this.memo.get(stepId);
  }

  /** Remembers a finished step; written by the next `flush` or with the end of the attempt. */
  remember(stepId: string, output: string): void {
    this.memo.set(stepId, output);
    this.pending.push({ stepId, output });
  }

  /** Writes the results not yet stored, in one update of the run. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const steps = this.pending;
    await this.write(steps);
    // Only once written: a failed write leaves them pending for the write that ends the attempt.
    this.pending = this.pending.slice(steps.length);
  }

  /** Hands over the results not yet stored, for the write that ends the attempt. */
  takePending(): StepRecord[] {
    const steps = this.pending;
    this.pending = [];
    return steps;
  }
}

/**
 * Step tools for one run over its journal: a step with a stored result returns it
 * without running again, a new one runs and has its result journalled. `prefix`
 * keeps a failure handler's steps apart from the run's own.
 */
export function createStepTools(runId: string, journal: StepJournal, prefix: string, send: SendWorkflowEvents): WorkflowStepTools {
  const seen = new Map<string, number>();
  // A step id used twice in one run gets a counter, as Inngest does, so each use is memoised on its own.
  const nextStepId = (id: string) => {
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    return `${prefix}${count === 0 ? id : `${id}:${count}`}`;
  };

  const runStep = async <T>(stepId: string, fn: () => Promise<T>): Promise<T> => {
    const cached = journal.lookup(stepId);
    if (cached !== undefined) return JSON.parse(cached) as T;
    await journal.flush();
    let value: T;
    try {
      value = await fn();
    } catch (err) {
      throw toWorkflowError(err);
    }
    const output = JSON.stringify(value === undefined ? null : value);
    journal.remember(stepId, output);
    return JSON.parse(output) as T;
  };

  return {
    run: (id, fn) => runStep(nextStepId(id), fn),
    sendEvent: async (id, events) => {
      const stepId = nextStepId(id);
      if (journal.lookup(stepId) !== undefined) return;
      // Earlier results must be stored before anything leaves the run.
      await journal.flush();
      const list = Array.isArray(events) ? events : [events];
      // Ids derived from the run and step make sending again a no-op (the queue is unique per
      // event id), so the send itself is the record: no separate write for this step.
      const withIds = list.map((event, i) => ({ ...event, id: event.id ?? `${runId}:${stepId}:${i}` }) as WorkflowEvent);
      await send(withIds);
    },
    sleepUntil: async (id, at) => {
      const stepId = nextStepId(id);
      if (journal.lookup(stepId) !== undefined) return;
      const wakeAt = new Date(at);
      if (Number.isNaN(wakeAt.getTime())) throw new TypeError(`step.sleepUntil(${id}): not a date: ${String(at)}`);
      if (wakeAt.getTime() > Date.now()) throw new RunSleeping(stepId, wakeAt);
      // Awake: remember it, so a later replay passes straight through.
      await runStep(stepId, async () => ({ wokeAt: new Date().toISOString() }));
    },
  };
}
