import { JOB_EVENT_SCHEMAS, describeIssues, type JobEventName, type JobEventPayloads } from '@relaydesk/shared';
import { NonRetriableError } from 'inngest';
import type { WorkflowDeps } from './deps.js';

/** A background event: a name from `JOB_EVENTS`, its payload and, optionally, an id that makes sending it idempotent. */
export type JobEvent<N extends JobEventName = JobEventName> = N extends JobEventName
  ? { name: N; data: JobEventPayloads[N]; id?: string }
  : never;

/**
 * The step tools a handler gets, the same whether Inngest or the in-process runner
 * executes it. `run` executes a side effect once per run: a retry gets the stored
 * result back instead of running it again. Results travel as JSON, so return plain
 * data (ISO strings, not Dates).
 */
export interface JobStepTools {
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  /** Sends events as a memoised step, so a retry does not send them twice. */
  sendEvent(id: string, events: JobEvent | JobEvent[]): Promise<void>;
}

/** What a handler receives. */
export interface JobRunContext<N extends JobEventName> {
  event: JobEvent<N>;
  step: JobStepTools;
  runId: string;
  /** Zero for the first attempt. */
  attempt: number;
  deps: WorkflowDeps;
}

/** What a failure handler receives once a run has given up. */
export interface JobFailureContext<N extends JobEventName> {
  event: JobEvent<N>;
  error: { name: string; message: string };
  step: JobStepTools;
  runId: string;
  deps: WorkflowDeps;
}

/** Retries after the first attempt; Inngest takes up to 20, ten is plenty here. */
export type RetryCount = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/**
 * One workflow function, independent of where it runs: `client.ts` turns it into
 * an Inngest function, `runner.ts` runs it in-process. Keep handlers thin: each
 * side effect is a named step calling a service.
 */
export interface JobDefinition<N extends JobEventName = JobEventName> {
  /** Kebab-case and stable: Inngest and the run history know the function by it. */
  id: string;
  name: string;
  triggers: readonly N[];
  /** Retries after the first attempt. */
  retries: RetryCount;
  /**
   * Runs sharing a key run `limit` at a time. The key is an expression over the
   * event, as Inngest takes it: a quoted constant (`'"assignment"'`), a path such
   * as `event.data.ticketId`, or several joined with `+`.
   */
  concurrency?: { key: string; limit: number };
  handler(ctx: JobRunContext<N>): Promise<unknown>;
  /** Runs once after the last attempt failed: the place to leave a visible trace. */
  onFailure?(ctx: JobFailureContext<N>): Promise<void>;
}

/** Any job definition, as lists of them hold it. */
export type AnyJobDefinition = JobDefinition<JobEventName>;

/** Declares a workflow function; the identity function, for inference of the trigger names. */
export function defineJob<const N extends JobEventName>(definition: JobDefinition<N>): JobDefinition<N> {
  return definition;
}

/**
 * Checks an event's payload against its shared schema. A malformed event can
 * never succeed, so it is non-retriable.
 */
export function parseJobEvent<N extends JobEventName>(event: { name: string; data: unknown; id?: string }, triggers: readonly N[]): JobEvent<N> {
  if (!(triggers as readonly string[]).includes(event.name)) {
    throw new NonRetriableError(`unexpected event ${event.name}`);
  }
  const schema = JOB_EVENT_SCHEMAS[event.name as N];
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) {
    const details = describeIssues(parsed.error.issues).map((d) => `${d.path}: ${d.message}`).join('; ');
    throw new NonRetriableError(`invalid ${event.name} payload: ${details}`);
  }
  return { name: event.name, data: parsed.data, ...(event.id ? { id: event.id } : {}) } as JobEvent<N>;
}
