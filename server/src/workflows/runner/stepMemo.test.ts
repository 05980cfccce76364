import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/harness.js';
import type { WorkflowEvent } from '../defineWorkflow.js';
import { WorkflowStepModel } from './runModel.js';
import { FAILURE_HANDLER_STEP_PREFIX, deleteStepResults, loadStepTools, type SendWorkflowEvents } from './stepMemo.js';

useTestApp();

const sendNothing: SendWorkflowEvents = async (events) => ({ eventIds: events.map((e) => e.id ?? '') });

describe('loadStepTools', () => {
  it('runs a step once; a later attempt gets its stored result back as JSON', async () => {
    const run = new Types.ObjectId();
    let calls = 0;
    const first = await loadStepTools(run, '', sendNothing);
    const stored = await first.run('load', async () => ({ at: new Date('2024-01-02T03:04:05Z'), n: ++calls }));
    expect(stored).toEqual({ at: '2024-01-02T03:04:05.000Z', n: 1 });
    const retry = await loadStepTools(run, '', sendNothing);
    expect(await retry.run('load', async () => ({ n: ++calls }))).toEqual({ at: '2024-01-02T03:04:05.000Z', n: 1 });
    expect(calls).toBe(1);
  });

  it('keeps the result of whoever stored a step first', async () => {
    const run = new Types.ObjectId();
    const [a, b] = await Promise.all([loadStepTools(run, '', sendNothing), loadStepTools(run, '', sendNothing)]);
    expect(await a.run('pick', async () => 'a')).toBe('a');
    expect(await b.run('pick', async () => 'b')).toBe('a');
  });

  it('stores repeated step ids apart, and a failure handler’s steps under their prefix', async () => {
    const run = new Types.ObjectId();
    const tools = await loadStepTools(run, '', sendNothing);
    await tools.run('tick', async () => 1);
    await tools.run('tick', async () => 2);
    const onFailure = await loadStepTools(run, FAILURE_HANDLER_STEP_PREFIX, sendNothing);
    await onFailure.run('tick', async () => 3);
    const stored = await WorkflowStepModel.find({ run }).lean();
    expect(stored.map((s) => [s.stepId, s.output]).sort()).toEqual([
      ['on-failure/tick', '3'],
      ['tick', '1'],
      ['tick:1', '2'],
    ]);
  });

  it('sends events once, with ids derived from the run and step unless they have one', async () => {
    const run = new Types.ObjectId();
    const sent: WorkflowEvent[][] = [];
    const send: SendWorkflowEvents = async (events) => {
      sent.push([...events]);
      return { eventIds: events.map((e) => e.id!) };
    };
    const userId = new Types.ObjectId().toHexString();
    const events: WorkflowEvent[] = [
      { name: 'user/signed-up', data: { userId } },
      { name: 'user/signed-up', data: { userId }, id: 'chosen' },
    ];
    await (await loadStepTools(run, '', send)).sendEvent('fan-out', events);
    await (await loadStepTools(run, '', send)).sendEvent('fan-out', events);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((e) => e.id)).toEqual([`${String(run)}:fan-out:0`, 'chosen']);
  });
});

describe('deleteStepResults', () => {
  it('deletes the steps of the given runs only', async () => {
    const [gone, kept] = [new Types.ObjectId(), new Types.ObjectId()];
    await (await loadStepTools(gone, '', sendNothing)).run('x', async () => 1);
    await (await loadStepTools(kept, '', sendNothing)).run('x', async () => 1);
    await deleteStepResults([gone]);
    expect(await WorkflowStepModel.countDocuments({ run: gone })).toBe(0);
    expect(await WorkflowStepModel.countDocuments({ run: kept })).toBe(1);
  });
});
