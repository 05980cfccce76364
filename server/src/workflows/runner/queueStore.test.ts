import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyedLock } from '../../platform/keyedLock.js';
import { useTestApp } from '../../test/harness.js';
import { RunQueueStore } from './queueStore.js';
import { WorkflowRunModel, WorkflowStepModel } from './runModel.js';

const app = useTestApp();

/** A store for one worker on the test app's Redis, as a runner process would have. */
function storeFor(workerId: string, leaseMs = 60_000) {
  return new RunQueueStore({ workerId, leaseMs, failureHandlerAttempts: 3, lock: createKeyedLock({ redis: app.redis }) });
}

/** A new run of its own function, so tests in this file never see each other's runs. */
async function enqueueRun(store: RunQueueStore, fields: { maxAttempts?: number } = {}) {
  const functionId = `store-test-${randomUUID()}`;
  const id = await store.enqueue({
    functionId,
    eventId: randomUUID(),
    eventName: 'user/signed-up',
    eventData: '{}',
    maxAttempts: fields.maxAttempts ?? 3,
    concurrencyKey: null,
    concurrencyLimit: 0,
  });
  const run = await WorkflowRunModel.findById(id).lean();
  return run!;
}

const boom = { name: 'Error', message: 'boom', code: null };

describe('RunQueueStore', () => {
  it('queues one run per event and function, however often it is enqueued', async () => {
    const store = storeFor('w1');
    const run = {
      functionId: 'dedupe-fn',
      eventId: randomUUID(),
      eventName: 'user/signed-up',
      eventData: '{}',
      maxAttempts: 1,
      concurrencyKey: null,
      concurrencyLimit: 0,
    };
    const first = await store.enqueue(run);
    expect(first).toEqual(expect.any(String));
    expect(await store.enqueue(run)).toBeNull();
    expect(await WorkflowRunModel.countDocuments({ eventId: run.eventId })).toBe(1);
  });

  it('lets one worker claim a queued run, counting the attempt, and no one else', async () => {
    const a = storeFor('a');
    const b = storeFor('b');
    const run = await enqueueRun(a);
    const [claimedByA, claimedByB] = await Promise.all([a.claimQueued(run._id), b.claimQueued(run._id)]);
    const winners = [claimedByA, claimedByB].filter(Boolean);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ status: 'running', attempts: 1 });
    expect(winners[0]!.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('ignores the end of an attempt once the run was taken over by another worker', async () => {
    const a = storeFor('a', 1);
    const run = await enqueueRun(a);
    const claimed = await a.claimQueued(run._id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const expired = (await a.findExpiredLeases(new Date())).find((r) => String(r._id) === String(run._id));
    expect(expired).toBeDefined();
    await storeFor('b').takeBackExpired(expired!, boom, { deadLetter: false, hasFailureHandler: false });

    await a.complete(claimed!._id, 'late');
    const stored = await WorkflowRunModel.findById(run._id).lean();
    expect(stored).toMatchObject({ status: 'queued', output: null, leaseOwner: null, lastError: boom });
  });

  it('leaves a run alone when its lease changed after it was found expired', async () => {
    const a = storeFor('a', 1);
    const run = await enqueueRun(a);
    await a.claimQueued(run._id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [expired] = (await a.findExpiredLeases(new Date())).filter((r) => String(r._id) === String(run._id));
    await a.renewLease(run._id);
    await storeFor('b').takeBackExpired(expired!, boom, { deadLetter: true, hasFailureHandler: false });
    expect(await WorkflowRunModel.findById(run._id).lean()).toMatchObject({ status: 'running', leaseOwner: 'a' });
  });

  it('keeps a dead-lettered run pending until its failure handler has run', async () => {
    const store = storeFor('a');
    const run = await enqueueRun(store, { maxAttempts: 1 });
    await store.claimQueued(run._id);
    await store.deadLetter(run._id, boom, true);
    const isPending = async () => (await store.findAwaitingFailureHandler(1_000)).some((r) => String(r._id) === String(run._id));
    expect(await isPending()).toBe(true);

    const handler = await store.claimFailureHandler(run._id);
    expect(handler).toMatchObject({ failureAttempts: 1, leaseOwner: 'a' });
    expect(await storeFor('b').claimFailureHandler(run._id)).toBeNull();
    await store.finishFailureHandler(run._id);
    expect(await isPending()).toBe(false);
    expect(await WorkflowRunModel.findById(run._id).lean()).toMatchObject({ status: 'failed', failureHandled: true, leaseOwner: null });
  });

  it('prunes finished runs with their steps, keeping failed runs for their own retention', async () => {
    const store = storeFor('a');
    const done = await enqueueRun(store);
    await store.claimQueued(done._id);
    await store.complete(done._id, { ok: true });
    await WorkflowStepModel.create({ run: done._id, stepId: 'only', output: '1' });
    const failed = await enqueueRun(store, { maxAttempts: 1 });
    await store.claimQueued(failed._id);
    await store.deadLetter(failed._id, boom, false);

    const later = new Date(Date.now() + 1_000);
    const pruned = await store.pruneFinished({ completedBefore: later, failedBefore: new Date(0) });
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect(await WorkflowRunModel.exists({ _id: done._id })).toBeNull();
    expect(await WorkflowStepModel.countDocuments({ run: done._id })).toBe(0);
    expect(await WorkflowRunModel.exists({ _id: failed._id })).not.toBeNull();
  });
});
