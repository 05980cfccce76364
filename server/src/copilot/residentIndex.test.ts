import { describe, expect, it } from 'vitest';
import type { IndexedTicketFields } from './indexModels.js';
import { ResidentIndex } from './residentIndex.js';

const entry = (id: string, vector: Array<[string, number]>): IndexedTicketFields => ({
  _id: id,
  number: 1,
  title: id,
  resolution: '',
  terms: vector.map(([term]) => term),
  freqs: vector.map(([, f]) => f),
  length: vector.reduce((sum, [, f]) => sum + f, 0),
  requester: 'r',
  completedAt: null,
});

const idsOf = (index: ResidentIndex, term: string) => index.postingsOf(term).slots.map((slot) => index.idAt(slot)).sort();

describe('ResidentIndex', () => {
  it('inverts term vectors into postings and keeps the counters BM25 needs', () => {
    const index = new ResidentIndex();
    index.put(entry('a', [['printer', 2], ['queue', 1]]));
    index.put(entry('b', [['printer', 1], ['toner', 3]]));
    expect(idsOf(index, 'printer')).toEqual(['a', 'b']);
    expect(index.postingsOf('toner').freqs).toEqual([3]);
    expect(index.postingsOf('nothing').slots).toEqual([]);
    expect([index.docCount, index.totalLength]).toEqual([2, 7]);
    expect(index.lengthAt(index.postingsOf('toner').slots[0]!)).toBe(4);
  });

  it('replaces a ticket put again and forgets a removed one, everywhere it appeared', () => {
    const index = new ResidentIndex();
    index.put(entry('a', [['vpn', 1], ['drops', 1]]));
    index.put(entry('b', [['vpn', 2]]));
    index.put(entry('a', [['vpn', 1], ['certificate', 1]]));
    expect(idsOf(index, 'drops')).toEqual([]);
    expect(idsOf(index, 'certificate')).toEqual(['a']);
    expect([index.docCount, index.totalLength]).toEqual([2, 4]);
    index.remove('b');
    index.remove('never-held');
    expect(idsOf(index, 'vpn')).toEqual(['a']);
    expect(index.has('b')).toBe(false);
    expect([index.docCount, index.totalLength]).toEqual([1, 2]);
  });

  it('does not let an entry read before a write overwrite it', () => {
    const index = new ResidentIndex();
    const before = index.epoch;
    index.put(entry('a', [['new', 1]]));
    index.putIfNotSince('a', entry('a', [['old', 1]]), before);
    index.putIfNotSince('a', null, before);
    expect(idsOf(index, 'new')).toEqual(['a']);
    index.putIfNotSince('a', null, index.epoch);
    expect(index.has('a')).toBe(false);
  });

  it('clears everything while keeping its slots', () => {
    const index = new ResidentIndex();
    index.put(entry('a', [['x', 1]]));
    index.clear();
    expect([index.docCount, index.postingsOf('x').slots.length, index.has('a')]).toEqual([0, 0, false]);
    index.put(entry('a', [['x', 1]]));
    expect(index.slotCount).toBe(1);
  });
});
