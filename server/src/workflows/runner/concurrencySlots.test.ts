import { describe, expect, it } from 'vitest';
import { ConcurrencySlots, concurrencySlotOf } from './concurrencySlots.js';

describe('concurrencySlotOf', () => {
  it('has no slot for a run without a concurrency key', () => {
    expect(concurrencySlotOf({ functionId: 'assign-ticket', concurrencyKey: null })).toBeNull();
  });

  it('keeps the same key of two functions in separate slots', () => {
    const a = concurrencySlotOf({ functionId: 'assign-ticket', concurrencyKey: 'team-1' });
    const b = concurrencySlotOf({ functionId: 'triage-ticket', concurrencyKey: 'team-1' });
    expect(a).not.toBeNull();
    expect(a).not.toBe(b);
    expect(concurrencySlotOf({ functionId: 'assign-ticket', concurrencyKey: 'team-1' })).toBe(a);
  });

  it('treats an empty key (a missing event field) as a key of its own', () => {
    expect(concurrencySlotOf({ functionId: 'assign-ticket', concurrencyKey: '' })).not.toBeNull();
  });
});

describe('ConcurrencySlots', () => {
  it('is full once `limit` runs of a slot are executing, and frees up as they finish', () => {
    const slots = new ConcurrencySlots();
    expect(slots.isFull('a', 2)).toBe(false);
    slots.take('a');
    slots.take('a');
    expect(slots.isFull('a', 2)).toBe(true);
    expect(slots.isFull('b', 1)).toBe(false);
    slots.release('a');
    expect(slots.isFull('a', 2)).toBe(false);
    expect(slots.activeIn('a')).toBe(1);
  });

  it('forgets a slot once nothing in it executes', () => {
    const slots = new ConcurrencySlots();
    slots.take('a');
    slots.release('a');
    slots.release('a');
    expect(slots.activeIn('a')).toBe(0);
    expect(slots.isFull('a', 1)).toBe(false);
  });
});
