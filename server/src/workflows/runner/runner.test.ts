import type { KeyedLock } from '../../platform/keyedLock.js';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errors } from '../../platform/errors.js';
import { WorkflowRunModel } from './runModel.js';
import { useTestApp } from '../../test/harness.js';
import { waitUntil } from '../../test/workflowHarness.js';
import { defineWorkflow, type AnyWorkflowDefinition } from '../defineWorkflow.js';
import type { WorkflowDeps } from '../deps.js';
import { LocalWorkflowRunner, type LocalWorkflowRunnerOptions } from './runner.js';

const app = useTestApp();
const runners: LocalWorkflowRunner[] = [];

/** A runner over the given definitions with test timings; stopped after each test. */
function startRunner(definitions: AnyWorkflowDefinition[], options: Partial<LocalWorkflowRunnerOptions> = {}) {
  const runner = new LocalWorkflowRunner({
    deps: { app: app.ctx } as WorkflowDeps,
    definitions,
    logger: app.ctx.logger,
    pollIntervalMs: 30,
    retryBaseMs: 10,
    retryMaxMs: 50,
    leaseMs: 2_000,
    ...options,
  });
  runners.push(runner);
  return runner;
}

const userEvent = (id: string = randomUUID()) => ({
  name: 'user/signed-up' as const,
  id,
  data: { userId: new Types.ObjectId().toHexString() },
});

beforeEach(async () => {
  await WorkflowRunModel.deleteMany({});
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 100 })));
});

describe('LocalWorkflowRunner: memoised steps and retries', () => {
  it('retries a failing step and replays completed steps from their stored results', async () => {
    const calls = { first: 0, second: 0 };
    const workflow = defineWorkflow({
      id: 'memo-workflow',
      name: 'memo',
      triggers: ['user/signed-up'],
      retries: 3,
      async handler({ step, attempt }) {
        const first = await step.run('first', async () => {
          calls.first += 1;
          return { at: new Date('2024-01-02T03:04:05Z'), n: 41 };
        });
        const second = await step.run('second', async () => {
          calls.second += 1;
          if (calls.second < 3) throw new Error(`flaky ${calls.second}`);
          return first.n + 1;
        });
        return { first, second, attempt };
      },
    });
    const runner = startRunner([workflow]);
    await runner.start();
    await runner.send(userEvent());
    await runner.waitForIdle();

    const [run] = await WorkflowRunModel.find({ functionId: 'memo-workflow' }).lean();
    expect(run).toMatchObject({ status: 'completed', attempts: 3, lastError: { message: 'flaky 2' } });
    // Step results travel as JSON, as they do through Inngest: the Date comes back as a string.
    expect(JSON.parse(run!.output!)).toEqual({ first: { at: '2024-01-02T03:04:05.000Z', n: 41 }, second: 42, attempt: 2 });
    expect(calls).toEqual({ first: 1, second: 3 });
    expect(run!.steps.map((s) => s.stepId).sort()).toEqual(['first', 'second']);
  });

  it('gives repeated step ids their own memo slot', async () => {
    let counter = 0;
    const workflow = defineWorkflow({
      id: 'repeat-workflow',
      name: 'repeat',
      triggers: ['user/signed-up'],
      retries: 1,
      async handler({ step, attempt }) {
        const a = await step.run('tick', async () => ++counter);
        const b = await step.run('tick', async () => ++counter);
        if (attempt === 0) throw new Error('once');
        return [a, b];
      },
    });
    const runner = startRunner([workflow]);
    await runner.start();
    await runner.send(userEvent());
    await runner.waitForIdle();
    const run = await WorkflowRunModel.findOne({ functionId: 'repeat-workflow' }).lean();
    expect(JSON.parse(run!.output!)).toEqual([1, 2]);
    expect(counter).toBe(2);
  });
});

describe('LocalWorkflowRunner: dead letter', () => {
  it('keeps a run that exhausted its retries as failed, with its error, and runs the failure handler once', async () => {
    const failures: { message: string; userId: string }[] = [];
    let attempts = 0;
    const workflow = defineWorkflow({
      id: 'doomed-workflow',
      name: 'doomed',
      triggers: ['user/signed-up'],
      retries: 2,
      async handler() {
        attempts += 1;
        throw new Error(`still broken (${attempts})`);
      },
      async onFailure({ event, error, step }) {
        await step.run('leave-trace', async () => {
          failures.push({ message: error.message, userId: event.data.userId });
          return null;
        });
      },
    });
    const runner = startRunner([workflow]);
    await runner.start();
    const event = userEvent();
    await runner.send(event);
    await runner.waitForIdle();

    const run = await WorkflowRunModel.findOne({ functionId: 'doomed-workflow' }).lean();
    expect(run).toMatchObject({
      status: 'failed',
      attempts: 3,
      maxAttempts: 3,
      failureHandled: true,
      lastError: { name: 'Error', message: 'still broken (3)', code: null },
    });
    expect(run!.finishedAt).toBeInstanceOf(Date);
    expect(attempts).toBe(3);
    expect(failures).toEqual([{ message: 'still broken (3)', userId: event.data.userId }]);
    // The failure handler's steps are memoised apart from the run's own.
    expect(run!.steps.map((s) => s.stepId)).toEqual(['on-failure/leave-trace']);
  });

  it('stops at once on a not-found or validation error', async () => {
    let attempts = 0;
    const workflow = defineWorkflow({
      id: 'missing-workflow',
      name: 'missing',
      triggers: ['user/signed-up'],
      retries: 5,
      async handler({ step }) {
        attempts += 1;
        await step.run('load', async () => {
          throw errors.notFound('user');
        });
      },
    });
    const runner = startRunner([workflow]);
    await runner.start();
    await runner.send(userEvent());
    await runner.waitForIdle();
    const run = await WorkflowRunModel.findOne({ functionId: 'missing-workflow' }).lean();
    expect(run).toMatchObject({ status: 'failed', attempts: 1, lastError: { name: 'NonRetriableError', code: 'not_found' } });
    expect(attempts).toBe(1);
  });

  it('retries the failure handler itself until it succeeds', async () => {
    let handlerCalls = 0;
    const workflow = defineWorkflow({
      id: 'stubborn-failure-workflow',
      name: 'stubborn',
      triggers: ['user/signed-up'],
      retries: 0,
      async handler() {
        throw new Error('nope');
      },
      async onFailure() {
        handlerCalls += 1;
        if (handlerCalls < 2) throw new Error('timeline unavailable');
      },
    });
    const runner = startRunner([workflow]);
    await runner.start();
    await runner.send(userEvent());
    await runner.waitForIdle();
    const run = await WorkflowRunModel.findOne({ functionId: 'stubborn-failure-workflow' }).lean();
    expect(run).toMatchObject({ status: 'failed', failureHandled: true, failureAttempts: 2 });
    expect(handlerCalls).toBe(2);
  });
});

describe('LocalWorkflowRunner: events', () => {
  it('starts one run per function for an event id, however often the event is sent', async () => {
    let runs = 0;
    const workflow = defineWorkflow({
      id: 'once-workflow',
      name: 'once',
      triggers: ['user/signed-up'],
      retries: 0,
      async handler() {
        runs += 1;
      },
    });
    const runner = startRunner([workflow]);
    await runner.start();
    const event = userEvent('same-id');
    await Promise.all([runner.send(event), runner.send(event), runner.send(event)]);
    await runner.waitForIdle();
    expect(runs).toBe(1);
    expect(await WorkflowRunModel.countDocuments({ eventId: 'same-id' })).toBe(1);
  });

  it('rejects a malformed payload when it is sent', async () => {
    const runner = startRunner([]);
    await expect(runner.send({ name: 'user/signed-up', data: { userId: 'not-an-id' } })).rejects.toThrow();
  });

  it('sends events from a step once, even when the run is retried after sending', async () => {
    const received: string[] = [];
    let upstreamAttempts = 0;
    const upstream = defineWorkflow({
      id: 'upstream-workflow',
      name: 'upstream',
      triggers: ['user/signed-up'],
      retries: 2,
      async handler({ event, step }) {
        upstreamAttempts += 1;
        await step.sendEvent('fan-out', {
          name: 'mod-request/decided',
          data: { applicationId: event.data.userId, userId: event.data.userId, status: 'approved' },
        });
        if (upstreamAttempts === 1) throw new Error('crashed after sending');
      },
    });
    const downstream = defineWorkflow({
      id: 'downstream-workflow',
      name: 'downstream',
      triggers: ['mod-request/decided'],
      retries: 0,
      async handler({ event }) {
        received.push(event.data.applicationId);
      },
    });
    const runner = startRunner([upstream, downstream]);
    await runner.start();
    const event = userEvent();
    await runner.send(event);
    await runner.waitForIdle();
    expect(upstreamAttempts).toBe(2);
    expect(received).toEqual([event.data.userId]);
  });
});

describe('LocalWorkflowRunner: concurrency keys', () => {
  function trackingWorkflow(id: string, key: string, workMs = 25) {
    const stats = { active: 0, max: 0, done: 0 };
    const workflow = defineWorkflow({
      id,
      name: id,
      triggers: ['mod-request/decided'],
      retries: 0,
      concurrency: { key, limit: 1 },
      async handler({ step }) {
        await step.run('work', async () => {
          stats.active += 1;
          stats.max = Math.max(stats.max, stats.active);
          await new Promise((resolve) => setTimeout(resolve, workMs));
          stats.active -= 1;
          stats.done += 1;
          return null;
        });
      },
    });
    return { workflow, stats };
  }

  const decided = (userId: string) => ({
    name: 'mod-request/decided' as const,
    data: { applicationId: new Types.ObjectId().toHexString(), userId, status: 'approved' as const },
  });

  it('runs runs sharing a key one at a time, and runs with different keys side by side', async () => {
    const shared = trackingWorkflow('shared-key-workflow', '"everyone"');
    // Runs start as each is written, so their work must outlast a write for them to overlap.
    const perUser = trackingWorkflow('per-user-workflow', 'event.data.userId', 400);
    const runner = startRunner([shared.workflow, perUser.workflow], { maxParallel: 8 });
    await runner.start();
    const users = Array.from({ length: 6 }, () => new Types.ObjectId().toHexString());
    await runner.send(users.map(decided));
    await runner.waitForIdle();
    expect(shared.stats).toMatchObject({ max: 1, done: 6 });
    expect(perUser.stats.done).toBe(6);
    expect(perUser.stats.max).toBeGreaterThan(1);
  });

  it('serialises a key across two runners (processes) through the Redis lock', async () => {
    const shared = trackingWorkflow('cross-process-workflow', '"one-at-a-time"');
    // Leases long enough that a stalled event loop on a busy machine cannot lapse one mid-step: this is about the key, not about takeover.
    const a = startRunner([shared.workflow], { workerId: 'a', leaseMs: 15_000 });
    const b = startRunner([shared.workflow], { workerId: 'b', leaseMs: 15_000 });
    await Promise.all([a.start(), b.start()]);
    const users = Array.from({ length: 8 }, () => new Types.ObjectId().toHexString());
    await a.send(users.slice(0, 4).map(decided));
    await b.send(users.slice(4).map(decided));
    await Promise.all([a.waitForIdle(), b.waitForIdle()]);
    expect(shared.stats).toMatchObject({ max: 1, done: 8 });
    const owners = await WorkflowRunModel.find({ functionId: 'cross-process-workflow' }).lean();
    expect(owners.every((r) => r.status === 'completed')).toBe(true);
  });

  it('never hands back an attempt that began, even when the key cannot be let go cleanly', async () => {
    const shared = trackingWorkflow('lock-lost-workflow', '"one-at-a-time"', 1);
    // The section ran (the attempt began and ended); only what follows it fails.
    const failingAfter: KeyedLock = {
      async run(_key, fn) {
        await fn();
        throw new Error('lost the connection letting the key go');
      },
    };
    const runner = startRunner([shared.workflow], { lock: failingAfter });
    await runner.start();
    await runner.send(decided(new Types.ObjectId().toHexString()));
    await runner.waitForIdle();
    expect(shared.stats.done).toBe(1);
    const [stored] = await WorkflowRunModel.find({ functionId: 'lock-lost-workflow' }).lean();
    expect(stored).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('refuses a key expression it cannot evaluate', () => {
    const workflow = defineWorkflow({
      id: 'bad-key-workflow',
      name: 'bad',
      triggers: ['user/signed-up'],
      retries: 0,
      concurrency: { key: 'event.data.userId == "x"', limit: 1 },
      async handler() {},
    });
    expect(() => startRunner([workflow])).toThrow(/unsupported concurrency key/);
  });
});

describe('LocalWorkflowRunner: restart', () => {
  it('resumes queued runs and takes over a run whose process stopped, without repeating finished steps', async () => {
    const calls = { first: 0, second: 0 };
    let blockSecond = true;
    let releaseStuck: () => void = () => {};
    const stuck = new Promise<void>((resolve) => (releaseStuck = resolve));
    const workflow = defineWorkflow({
      id: 'restart-workflow',
      name: 'restart',
      triggers: ['user/signed-up'],
      retries: 2,
      async handler({ step }) {
        await step.run('first', async () => ++calls.first);
        return step.run('second', async () => {
          calls.second += 1;
          // The first process hangs here, as if it died mid-step.
          if (blockSecond) await stuck;
          return 'finished';
        });
      },
    });

    const first = startRunner([workflow], { workerId: 'crashed', maxParallel: 1, leaseMs: 300 });
    await first.start();
    const [hung, waiting] = [userEvent(), userEvent()];
    await first.send(hung);
    // The first step's result is written as the second step starts.
    await waitUntil(() => WorkflowRunModel.exists({ 'steps.stepId': 'first' }), { what: 'the first step' });
    await first.send(waiting);
    // Gives up waiting for the hung attempt and stops renewing its lease, like a dead process.
    await first.stop({ timeoutMs: 0 });
    expect(await WorkflowRunModel.countDocuments({ status: 'queued' })).toBe(1);

    blockSecond = false;
    const second = startRunner([workflow], { workerId: 'restarted', leaseMs: 300 });
    await second.start();
    await second.waitForIdle();

    const runs = await WorkflowRunModel.find({ functionId: 'restart-workflow' }).sort({ _id: 1 }).lean();
    expect(runs.map((r) => [r.eventId, r.status, r.output])).toEqual([
      [hung.id, 'completed', '"finished"'],
      [waiting.id, 'completed', '"finished"'],
    ]);
    expect(runs[0]).toMatchObject({ attempts: 2, lastError: { name: 'LeaseExpired' } });
    // Step one ran once per run; the taken-over run replayed it from storage.
    expect(calls.first).toBe(2);

    // The hung attempt wakes up late: its writes no longer count.
    releaseStuck();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await WorkflowRunModel.findById(runs[0]!._id).lean()).toMatchObject({ status: 'completed', leaseOwner: null });
  });
});

describe('LocalWorkflowRunner: retention', () => {
  it('prunes finished runs (steps and all) after the retention, keeping the dead letter longer', async () => {
    const ok = defineWorkflow({
      id: 'short-lived-workflow',
      name: 'ok',
      triggers: ['user/signed-up'],
      retries: 0,
      async handler({ step }) {
        await step.run('only', async () => 1);
      },
    });
    const bad = defineWorkflow({
      id: 'kept-failure-workflow',
      name: 'bad',
      triggers: ['user/signed-up'],
      retries: 0,
      async handler() {
        throw new Error('kept');
      },
    });
    const runner = startRunner([ok, bad], { retentionMs: 0 });
    await runner.start();
    await runner.send(userEvent());
    await runner.waitForIdle();
    expect(await runner.prune(Date.now() + 1)).toBe(1);
    expect((await WorkflowRunModel.find({}).lean()).map((r) => [r.functionId, r.status])).toEqual([['kept-failure-workflow', 'failed']]);
  });
});
