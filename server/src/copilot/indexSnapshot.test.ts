import { describe, expect, it } from 'vitest';
import { chunkEntries } from './indexSnapshot.js';

const entry = (n: number, text = 'x') => ({
  _id: `t${n}`,
  number: n,
  title: `Ticket ${n}`,
  resolution: text,
  vector: JSON.stringify([['printer'], [1]]),
  length: 1,
  requester: 'u1',
  completedAt: null,
});

describe('chunkEntries', () => {
  it('keeps every entry, in order, and each chunk under the limit', () => {
    const entries = Array.from({ length: 50 }, (_, n) => entry(n, 'y'.repeat(n * 10)));
    const chunks = chunkEntries(entries, 2_000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(2_000);
    expect(chunks.flatMap((c) => JSON.parse(c) as unknown[])).toEqual(entries);
  });

  it('gives an entry larger than the limit a chunk of its own, and nothing for no entries', () => {
    const chunks = chunkEntries([entry(1), entry(2, 'z'.repeat(5_000)), entry(3)], 2_000);
    expect(chunks.map((c) => (JSON.parse(c) as Array<{ _id: string }>).map((e) => e._id))).toEqual([['t1'], ['t2'], ['t3']]);
    expect(chunkEntries([])).toEqual([]);
  });
});
