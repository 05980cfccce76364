import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/harness.js';
import { waitUntil } from '../../test/workflowHarness.js';
import { defineWorkflow, type AnyWorkflowDefinition } from '../defineWorkflow.js';
import type { WorkflowDeps } from '../deps.js';
import { WorkflowRunModel } from './runModel.js';
import { LocalWorkflowRunner, type LocalWorkflowRunnerOptions } from './runner.js';

const app = useTestApp();
const runners: LocalWorkflowRunner[] = [];
const gates: Array<() => void> = [];

/** A runner that reads the queue only when told to (an hour between polls), unless `pollIntervalMs` says otherwise. */
function runnerFor(definitions: AnyWorkflowDefinition[], options: Partial<LocalWorkflowRunnerOptions> = {}) {
  const runner = new LocalWorkflowRunner({
    deps: { app: app.ctx } as WorkflowDeps,
    definitions,
    logger: app.ctx.logger,
    pollIntervalMs: 3_600_000,
    retryBaseMs: 10,
    retryMaxMs: 50,
    leaseMs: 10_000,
    ...options,
  });
  runners.push(runner);
  return runner;
}

/** A promise that stays pending until the test opens it (or the test ends). */
function gate() {
  let open: () => void = () => {};
  const closed = new Promise<void>((resolve) => (open = resolve));
  gates.push(open);
  return { closed, open };
}

beforeEach(async () => {
  await WorkflowRunModel.deleteMany({});
});
afterEach(async () => {
  for (const open of gates.splice(0)) open();
  await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 1_000 })));
});

const decided = () => ({
  name: 'mod-request/decided' as const,
  id: randomUUID(),
  data: { applicationId: new Types.ObjectId().toHexString(), userId: new Types.ObjectId().toHexString(), status: 'approved' as const },
});
const signedUp = () => ({ name: 'user/signed-up' as const, id: randomUUID(), data: { userId: new Types.ObjectId().toHexString() } });

/** Runs sharing one key that cannot finish until `blocker` opens: a backlog stuck behind its first run. */
function blockedAssignments(blocker: Promise<void>) {
  const stats = { started: 0 };
  const workflow = defineWorkflow({
    id: 'blocked-assignment',
    name: 'blocked',
    triggers: ['mod-request/decided'],
    retries: 0,
    concurrency: { key: '"one-key"', limit: 1 },
    async handler({ step }) {
      await step.run('wait', async () => {
        stats.started += 1;
        await blocker;
        return null;
      });
    },
  });
  return { workflow, stats };
}

/** A workflow that reports each run it finishes. */
function notifier() {
  const done: string[] = [];
  const workflow = defineWorkflow({
    id: 'quick-notify',
    name: 'notify',
    triggers: ['user/signed-up'],
    retries: 0,
    async handler({ event, step }) {
      await step.run('send', async () => {
        done.push(event.data.userId);
        return null;
      });
    },
  });
  return { workflow, done };
}

describe('dispatch on the write that queues a run', () => {
  it('starts a run sent to a started runner, and the run it sends, without reading the queue', async () => {
    const seen: string[] = [];
    const first = defineWorkflow({
      id: 'wake-first',
      name: 'first',
      triggers: ['user/signed-up'],
      retries: 0,
      async handler({ event, step }) {
        await step.sendEvent('next', { name: 'mod-request/decided', data: { applicationId: new Types.ObjectId().toHexString(), userId: event.data.userId, status: 'approved' } });
      },
    });
    const second = defineWorkflow({
      id: 'wake-second',
      name: 'second',
      triggers: ['mod-request/decided'],
      retries: 0,
      async handler({ event }) {
        seen.push(event.data.userId);
      },
    });
    // An hour between polls, and the first poll is done by the time start resolves: only the writes can start these runs.
    const runner = runnerFor([first, second]);
    await runner.start();
    const event = signedUp();
    await runner.send(event);
    await waitUntil(() => seen.includes(event.data.userId), { what: 'the chained run' });
    await waitUntil(async () => (await WorkflowRunModel.countDocuments({ status: 'completed' })) === 2, { what: 'both runs settled' });
    const runs = await WorkflowRunModel.find({}).lean();
    expect(runs.map((r) => [r.functionId, r.status, r.attempts]).sort()).toEqual([
      ['wake-first', 'completed', 1],
      ['wake-second', 'completed', 1],
    ]);
  });

  it('keeps runs queued beyond its parallel limit for itself and starts them as attempts finish', async () => {
    const { closed, open } = gate();
    const { workflow, done } = notifier();
    const slow = defineWorkflow({
      id: 'slow-first',
      name: 'slow',
      triggers: ['mod-request/decided'],
      retries: 0,
      async handler() {
        await closed;
      },
    });
    const runner = runnerFor([slow, workflow], { maxParallel: 1 });
    await runner.start();
    await runner.send(decided());
    const waiting = signedUp();
    await runner.send(waiting);
    const reserved = await WorkflowRunModel.findOne({ functionId: 'quick-notify' }).lean();
    // Held for this runner (another process would leave it alone), not yet started.
    expect(reserved).toMatchObject({ status: 'queued', attempts: 0, leaseOwner: runner.workerId });
    open();
    await waitUntil(() => done.includes(waiting.data.userId), { what: 'the waiting run' });
  });
});

describe('no kind of run starves another', () => {
  it('starts a notification while a backlog of assignments waits on a busy key, in this process', async () => {
    const { closed, open } = gate();
    const assign = blockedAssignments(closed);
    const notify = notifier();
    const runner = runnerFor([assign.workflow, notify.workflow], { maxParallel: 4 });
    await runner.start();
    await runner.send(Array.from({ length: 40 }, decided));
    const event = signedUp();
    await runner.send(event);
    await waitUntil(() => notify.done.includes(event.data.userId), { what: 'the notification' });
    expect(assign.stats.started).toBe(1);
    open();
    await runner.waitForIdle();
  });

  it('finds a notification queued behind a longer backlog of blocked assignments when reading the queue', async () => {
    const { closed, open } = gate();
    const assign = blockedAssignments(closed);
    const notify = notifier();
    // Queued by a runner that never starts (a process that died after queueing), oldest first.
    const queuer = runnerFor([assign.workflow, notify.workflow]);
    await queuer.send(Array.from({ length: 60 }, decided));
    const event = signedUp();
    await queuer.send(event);

    const runner = runnerFor([assign.workflow, notify.workflow], { maxParallel: 2 });
    await runner.start();
    await waitUntil(() => notify.done.includes(event.data.userId), { what: 'the notification' });
    expect(assign.stats.started).toBeLessThanOrEqual(1);
    open();
    await runner.waitForIdle();
  });
});

describe('two runners over one database', () => {
  it('runs each queued run once when both read the queue and race to claim', async () => {
    const calls = new Map<string, number>();
    const workflow = defineWorkflow({
      id: 'contended',
      name: 'contended',
      triggers: ['user/signed-up'],
      retries: 0,
      async handler({ event, step }) {
        await step.run('count', async () => {
          calls.set(event.data.userId, (calls.get(event.data.userId) ?? 0) + 1);
          return null;
        });
      },
    });
    const queuer = runnerFor([workflow]);
    const events = Array.from({ length: 30 }, signedUp);
    await queuer.send(events);
    const [a, b] = [runnerFor([workflow], { workerId: 'a', pollIntervalMs: 20 }), runnerFor([workflow], { workerId: 'b', pollIntervalMs: 20 })];
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.waitForIdle(), b.waitForIdle()]);
    expect(calls.size).toBe(30);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    const runs = await WorkflowRunModel.find({ functionId: 'contended' }).lean();
    expect(runs.every((r) => r.status === 'completed' && r.attempts === 1)).toBe(true);
  });
});
