import { describe, expect, it } from 'vitest';
import { ResidentPostings } from './residentPostings.js';

describe('ResidentPostings', () => {
  it('keeps postings as slots and frequencies, one slot per ticket across terms', () => {
    const store = new ResidentPostings();
    store.set('printer', [
      { t: 'a', l: 10, f: 2 },
      { t: 'b', l: 4, f: 1 },
    ]);
    store.set('toner', [{ t: 'b', l: 4, f: 3 }]);
    const printer = store.get('printer')!;
    const toner = store.get('toner')!;
    expect(store.slotCount).toBe(2);
    expect(toner.slots[0]).toBe(printer.slots[1]);
    expect([...printer.freqs]).toEqual([2, 1]);
    expect(store.idAt(printer.slots[0]!)).toBe('a');
    expect(store.lengthAt(toner.slots[0]!)).toBe(4);
  });

  it('tells an unknown term from one with no postings, until it holds everything', () => {
    const store = new ResidentPostings();
    store.set('gone', []);
    expect(store.get('gone')?.slots.length).toBe(0);
    expect(store.get('never-read')).toBeUndefined();
    store.complete = true;
    expect(store.get('never-read')?.slots.length).toBe(0);
  });

  it('does not let a read sent before a write overwrite it', () => {
    const store = new ResidentPostings();
    const before = store.epoch;
    store.set('vpn', [{ t: 'new', l: 3, f: 1 }]);
    store.setIfNotSince('vpn', [{ t: 'old', l: 3, f: 1 }], before);
    expect(store.idAt(store.get('vpn')!.slots[0]!)).toBe('new');
    store.setIfNotSince('vpn', [], store.epoch);
    expect(store.get('vpn')!.slots.length).toBe(0);
  });

  it('grows past its first thousand tickets', () => {
    const store = new ResidentPostings();
    store.set('common', Array.from({ length: 3_000 }, (_, i) => ({ t: `t${i}`, l: i + 1, f: 1 })));
    expect(store.slotCount).toBe(3_000);
    expect(store.lengthAt(2_999)).toBe(3_000);
  });
});
