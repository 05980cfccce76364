import { Inngest, NonRetriableError, type InngestFunction } from 'inngest';
import type { AppConfig } from '../config/env.js';
import type { Logger } from '../platform/logger.js';
import { parseWorkflowEvent, type AnyWorkflowDefinition, type WorkflowEvent, type WorkflowStepTools } from './defineWorkflow.js';
import type { WorkflowDeps } from './deps.js';
import { toWorkflowError } from './errors.js';

/** The Inngest app id; functions appear in Inngest as `relaydesk-<function id>`. */
export const INNGEST_APP_ID = 'relaydesk';

/**
 * The one Inngest client of the process, configured from `config.inngest` (never
 * from the environment directly). In dev mode it talks to the dev server and skips
 * signature checks; otherwise it needs the event and signing keys.
 */
export function createInngestClient(config: AppConfig['inngest'], logger: Logger): Inngest {
  return new Inngest({
    id: INNGEST_APP_ID,
    isDev: config.isDev,
    ...(config.eventKey ? { eventKey: config.eventKey } : {}),
    ...(config.signingKey ? { signingKey: config.signingKey } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    logger: logger.child({ component: 'inngest' }),
  });
}

/** The shape of Inngest's step tools this adapter uses. */
interface InngestStepLike {
  run(id: string, fn: () => Promise<unknown>): Promise<unknown>;
  sendEvent(id: string, payload: WorkflowEvent | WorkflowEvent[]): Promise<unknown>;
  sleepUntil(id: string, time: string | Date): Promise<unknown>;
}

/** Inngest's step tools behind the runner-neutral interface, with domain errors mapped. */
function wrapStep(step: InngestStepLike): WorkflowStepTools {
  return {
    run: async <T>(id: string, fn: () => Promise<T>) =>
      (await step.run(id, async () => {
        try {
          return await fn();
        } catch (err) {
          throw toWorkflowError(err);
        }
      })) as T,
    sendEvent: async (id, events) => {
      await step.sendEvent(id, events);
    },
    sleepUntil: async (id, at) => {
      await step.sleepUntil(id, at);
    },
  };
}

/**
 * Turns a workflow definition into an Inngest function: the same id, triggers, retries,
 * concurrency and failure handler, with the handler given the same context the
 * in-process runner gives it.
 */
export function toInngestFunction(client: Inngest, definition: AnyWorkflowDefinition, deps: WorkflowDeps): InngestFunction.Any {
  const triggers = definition.triggers.map((event) => ({ event }));
  const onFailure = definition.onFailure;
  return client.createFunction(
    {
      id: definition.id,
      name: definition.name,
      triggers,
      retries: definition.retries,
      ...(definition.concurrency ? { concurrency: { key: definition.concurrency.key, limit: definition.concurrency.limit } } : {}),
      ...(onFailure
        ? {
            onFailure: async ({ event, error, step, runId }: { event: { data: { event: unknown } }; error: Error; step: unknown; runId: string }) => {
              const original = event.data.event as { name: string; data: unknown; id?: string };
              await onFailure({
                event: parseWorkflowEvent(original, definition.triggers),
                error: { name: error.name, message: error.message },
                step: wrapStep(step as InngestStepLike),
                runId,
                deps,
              });
            },
          }
        : {}),
    },
    async ({ event, step, runId, attempt }) => {
      let parsed;
      try {
        parsed = parseWorkflowEvent(event as { name: string; data: unknown; id?: string }, definition.triggers);
      } catch (err) {
        throw err instanceof NonRetriableError ? err : toWorkflowError(err);
      }
      return definition.handler({ event: parsed, step: wrapStep(step as unknown as InngestStepLike), runId, attempt, deps });
    },
  ) as unknown as InngestFunction.Any;
}

/** Every definition as an Inngest function, for `serve()`. */
export function createInngestFunctions(client: Inngest, definitions: readonly AnyWorkflowDefinition[], deps: WorkflowDeps): InngestFunction.Any[] {
  return definitions.map((definition) => toInngestFunction(client, definition, deps));
}
