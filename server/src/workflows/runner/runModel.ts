import mongoose, { Schema, type Types } from 'mongoose';
import { toJsonPlugin } from '../../platform/toJsonPlugin.js';

/** Where a run of an in-process workflow stands. */
export const JOB_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type WorkflowRunStatus = (typeof JOB_RUN_STATUSES)[number];

/** The error a run (or its failure handler) last ended with. */
export interface WorkflowRunError {
  name: string;
  message: string;
  /** The domain error code, when there was one. */
  code: string | null;
}

/** The memoised result of one completed step, kept inside its run. */
export interface StepRecord {
  stepId: string;
  /** The step's return value as JSON text. */
  output: string;
}

/**
 * One run of one workflow function for one event, as the in-process runner keeps it.
 * The event travels inside the run, so a queued run is the queue: nothing is lost
 * when the process stops, and a restart picks up where it left off.
 */
export interface WorkflowRunFields {
  _id: Types.ObjectId;
  functionId: string;
  /** The triggering event's id; with `functionId` unique, so sending an event twice starts one run. */
  eventId: string;
  eventName: string;
  /** The event payload as JSON text: stored verbatim, whatever its field names. */
  eventData: string;
  /** The HTTP request whose domain event queued the run, so the run's log lines can be traced back to it. */
  requestId: string | null;
  status: WorkflowRunStatus;
  /** Attempts started so far. */
  attempts: number;
  maxAttempts: number;
  /** Runs sharing a key (within a function) are limited to `concurrencyLimit` at a time. */
  concurrencyKey: string | null;
  concurrencyLimit: number;
  /** Not to be started before this time (backoff between attempts). */
  runAfter: Date;
  /** Set while the run sleeps in `step.sleepUntil`: when it wakes (then equal to `runAfter`). */
  sleepingUntil?: Date | null;
  /** The runner process working on it, and until when its claim holds without a heartbeat. */
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** The function's return value as JSON text. */
  output: string | null;
  lastError: WorkflowRunError | null;
  /** For a failed run: whether its failure handler has run to the end. */
  failureHandled: boolean;
  failureAttempts: number;
  finishedAt: Date | null;
  /**
   * Completed steps, in the order they finished. Kept in the run itself so that
   * loading them comes with the claim and storing one is an update by `_id`
   * (the only filter FerretDB on SQLite hands to its storage). A step id that
   * appears twice keeps its first result.
   */
  steps: StepRecord[];
  createdAt: Date;
  updatedAt: Date;
}

const errorSchema = new Schema<WorkflowRunError>({ name: String, message: String, code: { type: String, default: null } }, { _id: false });

const stepRecordSchema = new Schema<StepRecord>({ stepId: { type: String, required: true }, output: { type: String, required: true } }, { _id: false });

const workflowRunSchema = new Schema<WorkflowRunFields>(
  {
    functionId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventName: { type: String, required: true },
    eventData: { type: String, required: true },
    requestId: { type: String, default: null },
    status: { type: String, enum: JOB_RUN_STATUSES, default: 'queued', required: true },
    attempts: { type: Number, default: 0 },
    maxAttempts: { type: Number, required: true },
    concurrencyKey: { type: String, default: null },
    concurrencyLimit: { type: Number, default: 0 },
    runAfter: { type: Date, required: true },
    sleepingUntil: { type: Date, default: null },
    leaseOwner: { type: String, default: null },
    leaseExpiresAt: { type: Date, default: null },
    output: { type: String, default: null },
    lastError: { type: errorSchema, default: null },
    failureHandled: { type: Boolean, default: false },
    failureAttempts: { type: Number, default: 0 },
    finishedAt: { type: Date, default: null },
    steps: { type: [stepRecordSchema], default: [] },
  },
  { timestamps: true, collection: 'workflow_runs' },
);
workflowRunSchema.index({ eventId: 1, functionId: 1 }, { unique: true });
workflowRunSchema.index({ status: 1, runAfter: 1 });
workflowRunSchema.plugin(toJsonPlugin);

/** Collection `workflow_runs`: the in-process runner's queue, run history and dead letters. */
export const WorkflowRunModel = mongoose.model<WorkflowRunFields>('WorkflowRun', workflowRunSchema);

const DUPLICATE_KEY = 11000;

/** Whether a write was refused by the unique index above: an event sent again (its run exists). */
export function isDuplicateKeyError(err: unknown): boolean {
  return (err as { code?: number }).code === DUPLICATE_KEY;
}
