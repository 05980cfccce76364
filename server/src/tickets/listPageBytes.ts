/**
 * A cached list page is shared (by every admin, or by one person's requests), while
 * `unread` differs per caller. Parsing the cached JSON to set it and serialising the
 * page again was the largest cost of a cached request (JSON.parse, JSON.stringify and
 * re-encoding a 40 kB page: about a fifth of the server's busy time under list load,
 * before the garbage they leave). So each item is stored with its unread slot
 * first, `{"unread":false,"activityAt":…,"id":"…"`, and a request finds the items by
 * that prefix in the stored bytes and writes `true` into the slots of the unread ones.
 *
 * The prefix cannot occur inside a string value: a quote in a JSON string is always
 * escaped, so `{"unread"` never appears in a title or description as these bytes.
 */

/** An item with its unread slot first, then what `findUnreadSlots` reads: its activity time and id. */
export function withUnreadSlot<T extends { id: string; activityAt: string | null }>(item: T): T & { unread: false } {
  // Keys keep the position of their first assignment, so assigning the item leaves these three in front.
  return Object.assign({ unread: false as const, activityAt: item.activityAt, id: item.id }, item);
}

const ITEM_START = Buffer.from('{"unread":false,"activityAt":');
const FLAG_OFFSET = '{"unread":'.length;
const ID_KEY = Buffer.from(',"id":"');
const QUOTE = 0x22;
const FALSE = 'false'.length;
const TRUE = Buffer.from('true');

/** One item of a stored page: its id, its activity time, and where its `false` starts. */
export interface UnreadSlot {
  id: string;
  activityAt: string | null;
  at: number;
}

/** The items of a page stored with `withUnreadSlot`, in order. */
export function findUnreadSlots(page: Buffer): UnreadSlot[] {
  const slots: UnreadSlot[] = [];
  for (let start = page.indexOf(ITEM_START); start !== -1; ) {
    const value = start + ITEM_START.length;
    let activityAt: string | null = null;
    let afterValue: number;
    if (page[value] === QUOTE) {
      afterValue = page.indexOf(QUOTE, value + 1) + 1;
      activityAt = page.toString('latin1', value + 1, afterValue - 1);
    } else {
      afterValue = value + 'null'.length;
    }
    if (!page.subarray(afterValue, afterValue + ID_KEY.length).equals(ID_KEY)) throw new Error('list page not stored with its unread slots');
    const idStart = afterValue + ID_KEY.length;
    const idEnd = page.indexOf(QUOTE, idStart);
    slots.push({ id: page.toString('latin1', idStart, idEnd), activityAt, at: start + FLAG_OFFSET });
    start = page.indexOf(ITEM_START, idEnd);
  }
  return slots;
}

/** The page with `true` in the given slots (positions from `findUnreadSlots`, ascending). */
export function markUnread(page: Buffer, slots: readonly UnreadSlot[]): Buffer {
  if (slots.length === 0) return page;
  const parts: Buffer[] = [];
  let from = 0;
  for (const { at } of slots) {
    parts.push(page.subarray(from, at), TRUE);
    from = at + FALSE;
  }
  parts.push(page.subarray(from));
  return Buffer.concat(parts);
}
