import { JOB_EVENT_SCHEMAS, describeIssues, type WorkflowEventName, type WorkflowEventPayloads } from '@relaydesk/shared';
import { NonRetriableError } from 'inngest';
import type { WorkflowDeps } from './deps.js';

/** A background event: a name from `WORKFLOW_EVENTS`, its payload and, optionally, an id that makes sending it idempotent. */
export type WorkflowEvent<N extends WorkflowEventName = WorkflowEventName> = N extends WorkflowEventName
  ? { name: N; data: WorkflowEventPayloads[N]; id?: string }
  : never;

/**
 * The step tools a handler gets, the same whether Inngest or the in-process runner
 * executes it. `run` executes a side effect once per run: a retry gets the stored
 * result back instead of running it again. Results travel as JSON, so return plain
 * data (ISO strings, not Dates).
 */
export interface WorkflowStepTools {
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  /** Sends events as a memoised step, so a retry does not send them twice. */
  sendEvent(id: string, events: WorkflowEvent | WorkflowEvent[]): Promise<void>;
  /**
   * Sleeps until `at` (an ISO string or a Date) as a durable step: the run is put
   * away and resumed then, in whichever process is running, surviving restarts.
   * Code before it is replayed from memoised steps, so keep side effects in `run`.
   */
  sleepUntil(id: string, at: string | Date): Promise<void>;
}

/** What a handler receives. */
export interface WorkflowRunContext<N extends WorkflowEventName> {
  event: WorkflowEvent<N>;
  step: WorkflowStepTools;
  runId: string;
  /** Zero for the first attempt. */
  attempt: number;
  deps: WorkflowDeps;
}

/** What a failure handler receives once a run has given up. */
export interface WorkflowFailureContext<N extends WorkflowEventName> {
  event: WorkflowEvent<N>;
  error: { name: string; message: string };
  step: WorkflowStepTools;
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
export interface WorkflowDefinition<N extends WorkflowEventName = WorkflowEventName> {
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
  handler(ctx: WorkflowRunContext<N>): Promise<unknown>;
  /** Runs once after the last attempt failed: the place to leave a visible trace. */
  onFailure?(ctx: WorkflowFailureContext<N>): Promise<void>;
}

/** Any workflow definition, as lists of them hold it. */
export type AnyWorkflowDefinition = WorkflowDefinition<WorkflowEventName>;

/** Declares a workflow function; the identity function, for inference of the trigger names. */
export function defineWorkflow<const N extends WorkflowEventName>(definition: WorkflowDefinition<N>): WorkflowDefinition<N> {
  return definition;
}

/**
 * Checks an event's payload against its shared schema. A malformed event can
 * never succeed, so it is non-retriable.
 */
export function parseWorkflowEvent<N extends WorkflowEventName>(event: { name: string; data: unknown; id?: string }, triggers: readonly N[]): WorkflowEvent<N> {
  if (!(triggers as readonly string[]).includes(event.name)) {
    throw new NonRetriableError(`unexpected event ${event.name}`);
  }
  const schema = JOB_EVENT_SCHEMAS[event.name as N];
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) {
    const details = describeIssues(parsed.error.issues).map((d) => `${d.path}: ${d.message}`).join('; ');
    throw new NonRetriableError(`invalid ${event.name} payload: ${details}`);
  }
  return { name: event.name, data: parsed.data, ...(event.id ? { id: event.id } : {}) } as WorkflowEvent<N>;
}
