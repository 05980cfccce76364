import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyedLock } from '../../platform/keyedLock.js';
import { useTestApp } from '../../test/harness.js';
import { RunQueueStore, type EnqueueMode } from './queueStore.js';
import { WorkflowRunModel } from './runModel.js';

const app = useTestApp();

/** A store for one worker on the test app's Redis, as a runner process would have. */
function storeFor(workerId: string, leaseMs = 60_000) {
  return new RunQueueStore({ workerId, leaseMs, failureHandlerAttempts: 3, lock: createKeyedLock({ redis: app.redis }) });
}

/** A new run of its own function, so tests in this file never see each other's runs. */
async function enqueueRun(store: RunQueueStore, fields: { maxAttempts?: number; mode?: EnqueueMode; concurrencyKey?: string } = {}) {
  const functionId = `store-test-${randomUUID()}`;
  const created = await store.enqueue(
    {
      functionId,
      eventId: randomUUID(),
      eventName: 'user/signed-up',
      eventData: '{}',
      maxAttempts: fields.maxAttempts ?? 3,
      concurrencyKey: fields.concurrencyKey ?? null,
      concurrencyLimit: fields.concurrencyKey ? 1 : 0,
    },
    fields.mode ?? 'free',
  );
  const run = await WorkflowRunModel.findById(created!._id).lean();
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
    expect(first).toMatchObject({ status: 'queued', attempts: 0, leaseOwner: null });
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

  it('does not undo attempts that start and end while it renews its reservations', async () => {
    const a = storeFor('a');
    const runs = await Promise.all(Array.from({ length: 12 }, () => enqueueRun(a, { mode: 'reserve' })));
    const ids = runs.map((r) => r._id);
    const renewal = a.renewReservations(ids);
    await Promise.all(
      ids.map(async (id) => {
        const claimed = await a.claimReserved(id);
        expect(claimed).toMatchObject({ status: 'running', attempts: 1 });
        await a.complete(id, 'done');
      }),
    );
    await renewal;
    await a.renewReservations(ids);
    const stored = await WorkflowRunModel.find({ _id: { $in: ids } }).lean();
    expect(stored.map((r) => [r.status, r.attempts, r.leaseOwner])).toEqual(ids.map(() => ['completed', 1, null]));
  });

  it('confirms a run it wrote as started only while it still holds it after a wait', async () => {
    const a = storeFor('a', 1);
    const run = await enqueueRun(a, { mode: 'start' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Still running under a (nobody took it back): confirmed, with a new lease.
    const confirmed = await a.confirmStarted(run);
    expect(confirmed).toMatchObject({ status: 'running', leaseOwner: 'a' });
    expect(confirmed!.leaseExpiresAt!.getTime()).toBeGreaterThan(run.leaseExpiresAt!.getTime());

    const other = await enqueueRun(a, { mode: 'start' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const expired = (await a.findExpiredLeases(new Date())).find((r) => String(r._id) === String(other._id));
    await storeFor('b').takeBackExpired(expired!, boom, { deadLetter: false, hasFailureHandler: false });
    await storeFor('b').claimQueued(other._id);
    // Taken back and started by b while a waited: a must not start it too.
    expect(await a.confirmStarted(other)).toBeNull();
    expect(await WorkflowRunModel.findById(other._id).lean()).toMatchObject({ status: 'running', leaseOwner: 'b' });
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

  it('prunes finished runs (their steps are inside them), keeping failed runs for their own retention', async () => {
    const store = storeFor('a');
    const done = await enqueueRun(store);
    await store.claimQueued(done._id);
    await store.complete(done._id, { ok: true }, [{ stepId: 'only', output: '1' }]);
    expect((await WorkflowRunModel.findById(done._id).lean())!.steps).toEqual([{ stepId: 'only', output: '1' }]);
    const failed = await enqueueRun(store, { maxAttempts: 1 });
    await store.claimQueued(failed._id);
    await store.deadLetter(failed._id, boom, false);

    const later = new Date(Date.now() + 1_000);
    const pruned = await store.pruneFinished({ completedBefore: later, failedBefore: new Date(0) });
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect(await WorkflowRunModel.exists({ _id: done._id })).toBeNull();
    expect(await WorkflowRunModel.exists({ _id: failed._id })).not.toBeNull();
  });

  it('claims a run for one of two workers racing over the database, however many times each tries', async () => {
    const a = storeFor('race-a');
    const b = storeFor('race-b');
    const run = await enqueueRun(a);
    const attempts = await Promise.all([a, b, a, b].map((store) => store.claimQueued(run._id)));
    const winners = attempts.filter(Boolean);
    expect(winners).toHaveLength(1);
    const stored = await WorkflowRunModel.findById(run._id).lean();
    expect(stored).toMatchObject({ status: 'running', attempts: 1, leaseOwner: winners[0]!.leaseOwner });
  });

  it('writes a run started at queueing as claimed by its worker, and nobody else finds it', async () => {
    const a = storeFor('starter');
    const run = await enqueueRun(a, { mode: 'start' });
    expect(run).toMatchObject({ status: 'running', attempts: 1, leaseOwner: 'starter' });
    expect(await storeFor('other').claimQueued(run._id)).toBeNull();
    await a.recordSteps(run._id, [{ stepId: 'one', output: '1' }]);
    await a.complete(run._id, 'done', [{ stepId: 'two', output: '2' }]);
    expect(await WorkflowRunModel.findById(run._id).lean()).toMatchObject({
      status: 'completed',
      output: '"done"',
      leaseOwner: null,
      steps: [
        { stepId: 'one', output: '1' },
        { stepId: 'two', output: '2' },
      ],
    });
  });

  it('keeps a reserved run for the worker that queued it until the reservation lapses', async () => {
    const holder = storeFor('holder', 60_000);
    const run = await enqueueRun(holder, { mode: 'reserve' });
    const other = storeFor('other');
    expect(await other.findDue(run.functionId, 10)).toEqual([]);
    expect(await other.claimQueued(run._id)).toBeNull();
    expect(await holder.claimReserved(run._id)).toMatchObject({ status: 'running', attempts: 1, leaseOwner: 'holder' });

    const lapsing = storeFor('lapsing', 1);
    const lapsed = await enqueueRun(lapsing, { mode: 'reserve' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await other.findDue(lapsed.functionId, 10)).map((r) => String(r._id))).toEqual([String(lapsed._id)]);
    expect(await other.claimQueued(lapsed._id)).toMatchObject({ leaseOwner: 'other', attempts: 1 });
    // The first worker finds it gone when it gets round to it.
    expect(await lapsing.claimReserved(lapsed._id)).toBeNull();
  });

  it('leaves out concurrency keys it is told are busy, so they do not fill the window', async () => {
    const store = storeFor('keys');
    const functionId = `store-test-${randomUUID()}`;
    const enqueue = (key: string) =>
      store.enqueue({ functionId, eventId: randomUUID(), eventName: 'user/signed-up', eventData: '{}', maxAttempts: 1, concurrencyKey: key, concurrencyLimit: 1 });
    for (let i = 0; i < 5; i += 1) await enqueue('busy');
    const other = await enqueue('free');
    expect((await store.findDue(functionId, 3)).map((r) => r.concurrencyKey)).toEqual(['busy', 'busy', 'busy']);
    expect((await store.findDue(functionId, 3, ['busy'])).map((r) => String(r._id))).toEqual([String(other!._id)]);
  });
});
