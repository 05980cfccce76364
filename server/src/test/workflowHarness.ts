import { beforeAll } from 'vitest';
import type { ServiceOverrides } from '../app/context.js';
import type { StartWorkflowsOptions, WorkflowSystem } from '../workflows/index.js';
import type { LocalWorkflowRunner } from '../workflows/runner/runner.js';
import { useTestApp, type TestApp } from './harness.js';

/** A test app whose workflows run in-process, fast: short polls and backoffs. */
export interface WorkflowTestApp extends TestApp {
  workflows: WorkflowSystem;
  runner: LocalWorkflowRunner;
}

export interface WorkflowTestOptions {
  /** Environment overrides, computed when the file's hooks run (e.g. a stub server's URL). */
  env?: () => Record<string, string>;
  /** Workflow options, computed when the file's hooks run. */
  workflows?: () => StartWorkflowsOptions;
  /** Replaced services, computed when the file's hooks run. */
  services?: () => ServiceOverrides;
}

/** Runner timings that keep retries and polling in the tens of milliseconds. */
export const FAST_RUNNER = { pollIntervalMs: 50, retryBaseMs: 20, retryMaxMs: 200, leaseMs: 2_000 } as const;

/**
 * `useTestApp` with the workflow layer, in-process by default: domain events start workflows,
 * which run in this process against the file's own database. Stopped before the
 * database is dropped. Register stubs that `env`, `services` or `workflows` read before calling this.
 */
export function useWorkflowTestApp(options: WorkflowTestOptions = {}): WorkflowTestApp {
  const env: Record<string, string> = {};
  // Filled before useTestApp's own beforeAll reads it (hooks run in registration order).
  beforeAll(() => {
    Object.assign(env, options.env?.() ?? {});
  });
  const app = useTestApp(env, {
    // The configuration picks the mode: in-process unless a test sets Inngest variables.
    workflows: () => {
      const extra = options.workflows?.() ?? {};
      return { ...extra, runner: { ...FAST_RUNNER, ...extra.runner } };
    },
    services: () => options.services?.() ?? {},
  });
  return {
    get ctx() {
      return app.ctx;
    },
    get request() {
      return app.request;
    },
    get redis() {
      return app.redis;
    },
    get assembly() {
      return app.assembly;
    },
    get workflows() {
      const workflows = app.assembly.workflows;
      if (!workflows) throw new Error('workflows not started yet');
      return workflows;
    },
    get runner() {
      const runner = app.assembly.workflows?.runner;
      if (!runner) throw new Error('no in-process runner');
      return runner;
    },
  };
}

/**
 * Polls until `probe` returns something truthy, then returns it; fails after
 * `timeoutMs` with the last value seen. For waiting on background work without
 * asserting on timing.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  { timeoutMs = 20_000, intervalMs = 40, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await probe();
    if (last) return last as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
