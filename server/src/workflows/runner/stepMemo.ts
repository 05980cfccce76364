import type { Types } from 'mongoose';
import type { WorkflowEvent, WorkflowStepTools } from '../defineWorkflow.js';
import { toWorkflowError } from '../errors.js';
import { WorkflowStepModel, isDuplicateKeyError } from './runModel.js';

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
 * Step tools bound to one run, loaded with the results of the steps it already
 * finished: a step with a stored result returns it without running again, a new
 * one runs and has its result stored. `prefix` keeps a failure handler's steps
 * apart from the run's own.
 */
export async function loadStepTools(runObjectId: Types.ObjectId, prefix: string, send: SendWorkflowEvents): Promise<WorkflowStepTools> {
  const runId = String(runObjectId);
  const stored = await WorkflowStepModel.find({ run: runObjectId }).select('stepId output').lean();
  const memo = new Map(stored.map((s) => [s.stepId, s.output]));
  const seen = new Map<string, number>();
  // A step id used twice in one run gets a counter, as Inngest does, so each use is memoised on its own.
  const nextStepId = (id: string) => {
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    return `${prefix}${count === 0 ? id : `${id}:${count}`}`;
  };

  const runStep = async <T>(stepId: string, fn: () => Promise<T>): Promise<T> => {
    const cached = memo.get(stepId);
    if (cached !== undefined) return JSON.parse(cached) as T;
    let value: T;
    try {
      value = await fn();
    } catch (err) {
      throw toWorkflowError(err);
    }
    const output = JSON.stringify(value === undefined ? null : value);
    try {
      await WorkflowStepModel.create({ run: runObjectId, stepId, output });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // Someone (a runner that took over) finished this step first; theirs stands.
      const winner = await WorkflowStepModel.findOne({ run: runObjectId, stepId }).select('output').lean();
      if (winner) return JSON.parse(winner.output) as T;
      throw err;
    }
    memo.set(stepId, output);
    return JSON.parse(output) as T;
  };

  return {
    run: (id, fn) => runStep(nextStepId(id), fn),
    sendEvent: async (id, events) => {
      const stepId = nextStepId(id);
      await runStep(stepId, async () => {
        const list = Array.isArray(events) ? events : [events];
        // Ids derived from the run and step: sending again after a crash starts no second run.
        const withIds = list.map((event, i) => ({ ...event, id: event.id ?? `${runId}:${stepId}:${i}` }) as WorkflowEvent);
        const { eventIds } = await send(withIds);
        return { ids: eventIds };
      });
    },
    sleepUntil: async (id, at) => {
      const stepId = nextStepId(id);
      if (memo.has(stepId)) return;
      const wakeAt = new Date(at);
      if (Number.isNaN(wakeAt.getTime())) throw new TypeError(`step.sleepUntil(${id}): not a date: ${String(at)}`);
      if (wakeAt.getTime() > Date.now()) throw new RunSleeping(stepId, wakeAt);
      // Awake: remember it, so a later replay passes straight through.
      await runStep(stepId, async () => ({ wokeAt: new Date().toISOString() }));
    },
  };
}

/** Deletes the stored step results of these runs; for pruning, before the runs themselves go. */
export async function deleteStepResults(runIds: readonly Types.ObjectId[]): Promise<void> {
  await WorkflowStepModel.deleteMany({ run: { $in: runIds } });
}
