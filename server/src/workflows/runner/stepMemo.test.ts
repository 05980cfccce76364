import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { WorkflowEvent } from '../defineWorkflow.js';
import type { StepRecord } from './runModel.js';
import { FAILURE_HANDLER_STEP_PREFIX, StepJournal, createStepTools, type SendWorkflowEvents } from './stepMemo.js';

const sendNothing: SendWorkflowEvents = async (events) => ({ eventIds: events.map((e) => e.id ?? '') });

/** A run's stored steps and every write made to them, as the queue would keep them. */
function storedRun(initial: StepRecord[] = []) {
  const stored = [...initial];
  const writes: StepRecord[][] = [];
  const journal = () =>
    new StepJournal(stored, async (steps) => {
      writes.push([...steps]);
      stored.push(...steps);
    });
  return { stored, writes, journal };
}

describe('step tools over a journal', () => {
  it('runs a step once; a later attempt gets its stored result back as JSON', async () => {
    const run = storedRun();
    let calls = 0;
    const first = run.journal();
    const tools = createStepTools('r1', first, '', sendNothing);
    expect(await tools.run('load', async () => ({ at: new Date('2024-01-02T03:04:05Z'), n: ++calls }))).toEqual({ at: '2024-01-02T03:04:05.000Z', n: 1 });
    // The attempt ends: the last result travels with that write.
    run.stored.push(...first.takePending());
    const retry = createStepTools('r1', run.journal(), '', sendNothing);
    expect(await retry.run('load', async () => ({ n: ++calls }))).toEqual({ at: '2024-01-02T03:04:05.000Z', n: 1 });
    expect(calls).toBe(1);
  });

  it('stores a step before the next one starts, and leaves the last for the end of the attempt', async () => {
    const run = storedRun();
    const journal = run.journal();
    const tools = createStepTools('r1', journal, '', sendNothing);
    await tools.run('a', async () => 1);
    expect(run.writes).toEqual([]);
    await tools.run('b', async () => {
      expect(run.stored.map((s) => s.stepId)).toEqual(['a']);
      return 2;
    });
    expect(journal.takePending()).toEqual([{ stepId: 'b', output: '2' }]);
    expect(run.writes).toEqual([[{ stepId: 'a', output: '1' }]]);
  });

  it('keeps the first stored result of a step id (a runner that took over and finished it first)', async () => {
    const run = storedRun([
      { stepId: 'pick', output: '"a"' },
      { stepId: 'pick', output: '"b"' },
    ]);
    const tools = createStepTools('r1', run.journal(), '', sendNothing);
    expect(await tools.run('pick', async () => 'c')).toBe('a');
  });

  it('memoises repeated step ids apart, and a failure handler’s steps under their prefix', async () => {
    const run = storedRun();
    const journal = run.journal();
    const tools = createStepTools('r1', journal, '', sendNothing);
    await tools.run('tick', async () => 1);
    await tools.run('tick', async () => 2);
    run.stored.push(...journal.takePending());
    const handlerJournal = run.journal();
    await createStepTools('r1', handlerJournal, FAILURE_HANDLER_STEP_PREFIX, sendNothing).run('tick', async () => 3);
    run.stored.push(...handlerJournal.takePending());
    expect(run.stored.map((s) => [s.stepId, s.output]).sort()).toEqual([
      ['on-failure/tick', '3'],
      ['tick', '1'],
      ['tick:1', '2'],
    ]);
  });

  it('sends events with ids derived from the run and step unless they have one, after storing earlier steps', async () => {
    const run = storedRun();
    const sent: WorkflowEvent[][] = [];
    const send: SendWorkflowEvents = async (events) => {
      // Whatever the events depend on is stored before they leave.
      expect(run.stored.map((s) => s.stepId)).toEqual(['before']);
      sent.push([...events]);
      return { eventIds: events.map((e) => e.id!) };
    };
    const userId = new Types.ObjectId().toHexString();
    const events: WorkflowEvent[] = [
      { name: 'user/signed-up', data: { userId } },
      { name: 'user/signed-up', data: { userId }, id: 'chosen' },
    ];
    const tools = createStepTools('r1', run.journal(), '', send);
    await tools.run('before', async () => 0);
    await tools.sendEvent('fan-out', events);
    expect(sent[0]!.map((e) => e.id)).toEqual(['r1:fan-out:0', 'chosen']);
    // A replay sends the same ids again; the queue's unique index makes that a no-op.
    await createStepTools('r1', run.journal(), '', send).sendEvent('fan-out', events);
    expect(sent[1]!.map((e) => e.id)).toEqual(['r1:fan-out:0', 'chosen']);
  });

  it('keeps results pending when their write fails, for the write that ends the attempt', async () => {
    const journal = new StepJournal([], async () => {
      throw new Error('database away');
    });
    const tools = createStepTools('r1', journal, '', sendNothing);
    await tools.run('a', async () => 1);
    await expect(tools.run('b', async () => 2)).rejects.toThrow('database away');
    expect(journal.takePending()).toEqual([{ stepId: 'a', output: '1' }]);
  });
});
