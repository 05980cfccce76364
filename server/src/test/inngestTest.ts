import { InngestTestEngine } from '@inngest/test';
import { Inngest } from 'inngest';
import { toInngestFunction } from '../workflows/inngestClient.js';
import type { AnyWorkflowDefinition } from '../workflows/defineWorkflow.js';
import type { WorkflowDeps } from '../workflows/deps.js';
import { createLogger } from '../platform/logger.js';

/** A dev-mode client: nothing is sent anywhere, no keys needed; its expected-error noise stays out of the test output. */
const client = new Inngest({ id: 'relaydesk-test', isDev: true, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });

/**
 * The definition as the Inngest function production serves, in Inngest's own test
 * engine. Steps that send events should be mocked by id (`steps: [{ id, handler }]`):
 * there is no Inngest server to send them to.
 */
export function inngestTestEngine(definition: AnyWorkflowDefinition, deps: WorkflowDeps): InngestTestEngine {
  return new InngestTestEngine({ function: toInngestFunction(client, definition, deps) });
}

/** A mocked `step.sendEvent` result. */
export const SENT = () => ({ ids: ['mocked'] });
