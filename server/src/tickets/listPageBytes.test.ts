import { describe, expect, it } from 'vitest';
import { findUnreadSlots, markUnread, withUnreadSlot } from './listPageBytes.js';

const item = (id: string, activityAt: string | null, title: string) => ({ id, number: 7, title, activityAt, createdBy: { id: 'u1', name: 'Zoë' }, assignment: { candidates: [{ id: 'm1' }] } });

function stored(items: ReturnType<typeof item>[]) {
  return Buffer.from(JSON.stringify({ items: items.map(withUnreadSlot), total: items.length, page: 1 }), 'utf8');
}

describe('list page bytes', () => {
  const items = [
    item('6b0d7e8b388470d619956917', '2026-11-30T12:00:00.000Z', 'Plain'),
    // Text that imitates the slot, multi-byte characters before later slots, and no activity at all.
    item('6b0d7e8b388470d619956918', null, '{"unread":false,"activityAt":"2026-01-01T00:00:00.000Z","id":"x"} — ünïcödé 🎫'),
    item('6b0d7e8b388470d619956919', '2026-11-30T13:00:00.000Z', 'Última'),
  ];

  it('puts the unread slot, the activity time and the id first, and keeps every field', () => {
    const first = withUnreadSlot(items[0]!);
    expect(Object.keys(first).slice(0, 3)).toEqual(['unread', 'activityAt', 'id']);
    expect(first).toEqual({ ...items[0], unread: false });
  });

  it('finds each item once, in order, with its activity time, whatever the text contains', () => {
    const slots = findUnreadSlots(stored(items));
    expect(slots.map((s) => [s.id, s.activityAt])).toEqual(items.map((i) => [i.id, i.activityAt]));
  });

  it('marks exactly the chosen items unread and leaves valid JSON', () => {
    const page = stored(items);
    const slots = findUnreadSlots(page);
    const marked = JSON.parse(markUnread(page, [slots[0]!, slots[2]!]).toString('utf8')) as { items: Array<{ unread: boolean; title: string }>; total: number };
    expect(marked.items.map((i) => i.unread)).toEqual([true, false, true]);
    expect(marked.items.map((i) => i.title)).toEqual(items.map((i) => i.title));
    expect(marked.total).toBe(3);
    expect(markUnread(page, [])).toBe(page);
  });

  it('finds nothing on an empty page', () => {
    expect(findUnreadSlots(stored([]))).toEqual([]);
  });
});
