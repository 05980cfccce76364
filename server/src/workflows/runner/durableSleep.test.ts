import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkflowRunModel } from './runModel.js';
import { useTestApp } from '../../test/harness.js';
import { waitUntil } from '../../test/workflowHarness.js';
import { defineWorkflow, type AnyWorkflowDefinition } from '../defineWorkflow.js';
import type { WorkflowDeps } from '../deps.js';
import { LocalWorkflowRunner } from './runner.js';

const app = useTestApp();
const runners: LocalWorkflowRunner[] = [];

function startRunner(definitions: AnyWorkflowDefinition[]) {
  const runner = new LocalWorkflowRunner({
    deps: { app: app.ctx } as WorkflowDeps,
    definitions,
    logger: app.ctx.logger,
    pollIntervalMs: 30,
    retryBaseMs: 10,
    retryMaxMs: 50,
    leaseMs: 2_000,
  });
  runners.push(runner);
  return runner;
}

beforeEach(async () => {
  await WorkflowRunModel.deleteMany({ functionId: /^sleepy-/ });
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 100 })));
});

/** A workflow that does a step, sleeps until the time in its event id's wake map, then does another. */
function sleepyWorkflow(id: string, wakeAt: () => Date, calls: { before: number; after: number; wokeAt: number[] }) {
  return defineWorkflow({
    id,
    name: id,
    triggers: ['user/signed-up'],
    retries: 2,
    async handler({ step }) {
      const at = await step.run('plan', async () => {
        calls.before += 1;
        return wakeAt().toISOString();
      });
      await step.sleepUntil('wait', at);
      await step.run('after', async () => {
        calls.after += 1;
        calls.wokeAt.push(Date.now());
      });
      return { at };
    },
  });
}

const event = () => ({ name: 'user/signed-up' as const, id: randomUUID(), data: { userId: new Types.ObjectId().toHexString() } });

describe('LocalWorkflowRunner: step.sleepUntil', () => {
  it('puts the run away until the wake-up time, not counting an attempt, then resumes after the memoised steps', async () => {
    const calls = { before: 0, after: 0, wokeAt: [] as number[] };
    const wake = new Date(Date.now() + 700);
    const runner = startRunner([sleepyWorkflow('sleepy-one', () => wake, calls)]);
    await runner.start();
    await runner.send(event());

    const sleeping = await waitUntil(() => WorkflowRunModel.findOne({ functionId: 'sleepy-one', status: 'queued', sleepingUntil: { $ne: null } }).lean(), {
      what: 'the run to go to sleep',
    });
    expect(sleeping.sleepingUntil?.getTime()).toBe(wake.getTime());
    expect(sleeping.runAfter.getTime()).toBe(wake.getTime());
    // Sleeping is not unfinished work: waiting for idle does not wait out the timer.
    await runner.waitForIdle({ timeoutMs: 500 });

    const done = await waitUntil(() => WorkflowRunModel.findOne({ functionId: 'sleepy-one', status: 'completed' }).lean(), { what: 'the run to finish' });
    expect(done.attempts).toBe(1);
    expect(calls).toMatchObject({ before: 1, after: 1 });
    expect(calls.wokeAt[0]).toBeGreaterThanOrEqual(wake.getTime());
  });

  it('survives a restart: a run asleep when its runner stops is woken by another runner', async () => {
    const calls = { before: 0, after: 0, wokeAt: [] as number[] };
    const wake = new Date(Date.now() + 1_000);
    const definition = sleepyWorkflow('sleepy-restart', () => wake, calls);
    const first = startRunner([definition]);
    await first.start();
    await first.send(event());
    await waitUntil(() => WorkflowRunModel.findOne({ functionId: 'sleepy-restart', sleepingUntil: { $ne: null } }).lean(), { what: 'sleep' });
    await first.stop({ timeoutMs: 100 });

    const second = startRunner([definition]);
    await second.start();
    const done = await waitUntil(() => WorkflowRunModel.findOne({ functionId: 'sleepy-restart', status: 'completed' }).lean(), { what: 'the run to finish' });
    expect(JSON.parse(done.output!)).toEqual({ at: wake.toISOString() });
    expect(calls).toMatchObject({ before: 1, after: 1 });
    expect(calls.wokeAt[0]).toBeGreaterThanOrEqual(wake.getTime());
  });

  it('passes straight through a wake-up time already past', async () => {
    const calls = { before: 0, after: 0, wokeAt: [] as number[] };
    const runner = startRunner([sleepyWorkflow('sleepy-past', () => new Date(Date.now() - 1_000), calls)]);
    await runner.start();
    await runner.send(event());
    await runner.waitForIdle();
    const run = await WorkflowRunModel.findOne({ functionId: 'sleepy-past' }).lean();
    expect(run).toMatchObject({ status: 'completed', attempts: 1 });
    expect(run!.steps.map((s) => s.stepId).sort()).toEqual(['after', 'plan', 'wait']);
  });
});
