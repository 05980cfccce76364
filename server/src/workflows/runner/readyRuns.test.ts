import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { RunDoc } from './queueStore.js';
import { ReadyRuns } from './readyRuns.js';

const run = (functionId: string, concurrencyKey: string | null = null) =>
  ({ _id: new Types.ObjectId(), functionId, concurrencyKey, concurrencyLimit: concurrencyKey ? 1 : 0 }) as RunDoc;

describe('ReadyRuns', () => {
  it('serves functions in turn, oldest first within each', () => {
    const ready = new ReadyRuns();
    const [a1, a2, a3, b1] = [run('assign'), run('assign'), run('assign'), run('notify')];
    for (const r of [a1, a2, a3, b1]) ready.add({ run: r, claim: 'reserved' });
    const order = [1, 2, 3, 4].map(() => ready.takeNext(() => true)!.run);
    expect(order).toEqual([a1, b1, a2, a3]);
    expect(ready.takeNext(() => true)).toBeNull();
    expect(ready.size).toBe(0);
  });

  it('skips runs that cannot start without holding back the ones behind them or other functions', () => {
    const ready = new ReadyRuns();
    const blocked = Array.from({ length: 50 }, () => run('assign', 'busy'));
    const free = run('assign', 'free');
    const notify = run('notify');
    for (const r of [...blocked, free, notify]) ready.add({ run: r, claim: 'found' });
    const canStart = (r: RunDoc) => r.concurrencyKey !== 'busy';
    const taken = [ready.takeNext(canStart)!.run, ready.takeNext(canStart)!.run];
    expect(taken).toEqual(expect.arrayContaining([free, notify]));
    expect(ready.takeNext(canStart)).toBeNull();
    expect(ready.waitingFor('assign')).toBe(50);
  });

  it('holds a run once however often it is added', () => {
    const ready = new ReadyRuns();
    const r = run('notify');
    ready.add({ run: r, claim: 'reserved' });
    ready.add({ run: r, claim: 'found' });
    expect(ready.size).toBe(1);
    expect(ready.takeNext(() => true)).toMatchObject({ claim: 'reserved' });
  });
});
