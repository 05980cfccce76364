import { ticketListQuerySchema } from '@relaydesk/shared';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { both, queueFilter, sortSegments } from './queueList.js';
import { isUnread } from './readMarkers.js';
import { turnRules } from './service.js';
import { nextSlaDueAt } from './slaDueAt.js';
import type { TicketFields } from './ticketModel.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 9, minutes));

describe('the next SLA deadline', () => {
  const clocks = { firstResponseDueAt: at(10), firstRespondedAt: null, resolutionDueAt: at(50), resolvedAt: null, pausedSince: null };
  it('is the first-response target until someone answered, then the resolution target', () => {
    expect(nextSlaDueAt(clocks)).toEqual(at(10));
    expect(nextSlaDueAt({ ...clocks, firstRespondedAt: at(5) })).toEqual(at(50));
  });
  it('is whichever running target comes first', () => {
    expect(nextSlaDueAt({ ...clocks, resolutionDueAt: at(8) })).toEqual(at(8));
  });
  it('ignores a paused resolution clock and is null when nothing runs', () => {
    expect(nextSlaDueAt({ ...clocks, pausedSince: at(1) })).toEqual(at(10));
    expect(nextSlaDueAt({ ...clocks, firstRespondedAt: at(5), pausedSince: at(6) })).toBeNull();
    expect(nextSlaDueAt({ ...clocks, resolvedAt: at(7) })).toBeNull();
    expect(nextSlaDueAt(null)).toBeNull();
  });
});

describe('whose turn it is', () => {
  const requester = new Types.ObjectId();
  const ticket = (fields: Partial<TicketFields>) =>
    ({ createdBy: requester, status: 'in_progress', waitingOn: 'staff', waitingSince: at(0), ...fields }) as TicketFields;
  it('passes to the requester on a staff reply and back on theirs, keeping the start of a wait', () => {
    expect(turnRules.turnAfterComment(ticket({}), 'a'.repeat(24), at(3))).toEqual({ waitingOn: 'requester', waitingSince: at(3) });
    expect(turnRules.turnAfterComment(ticket({ waitingOn: 'requester' }), 'a'.repeat(24), at(3))).toBeNull();
    expect(turnRules.turnAfterComment(ticket({ waitingOn: 'requester' }), String(requester), at(4))).toEqual({ waitingOn: 'staff', waitingSince: at(4) });
  });
  it('is nobody\'s on a completed ticket and ours again when it reopens', () => {
    expect(turnRules.turnAfterComment(ticket({ status: 'completed', waitingOn: null }), String(requester), at(4))).toBeNull();
    expect(turnRules.turnAfterStatus(ticket({}), 'completed', at(5))).toEqual({ waitingOn: null, waitingSince: null });
    expect(turnRules.turnAfterStatus(ticket({ status: 'completed', waitingOn: null }), 'in_progress', at(6))).toEqual({ waitingOn: 'staff', waitingSince: at(6) });
    expect(turnRules.turnAfterStatus(ticket({}), 'waiting', at(7))).toEqual({ waitingOn: 'requester', waitingSince: at(7) });
    expect(turnRules.turnAfterStatus(ticket({}), 'todo', at(7))).toBeNull();
  });
});

describe('unread', () => {
  it('is activity after the caller last saw the ticket, or any activity when they never did', () => {
    expect(isUnread(at(5), at(4))).toBe(true);
    expect(isUnread(at(5), at(5))).toBe(false);
    expect(isUnread(at(5).toISOString(), undefined)).toBe(true);
    expect(isUnread(null, undefined)).toBe(false);
  });
});

describe('queue query shapes', () => {
  const parse = (query: Record<string, unknown>) => ticketListQuerySchema.parse(query);
  it('reads one or several statuses from a comma list or repeated parameters', () => {
    expect(parse({ status: 'todo' }).status).toEqual(['todo']);
    expect(parse({ status: 'todo, waiting,todo' }).status).toEqual(['todo', 'waiting']);
    expect(parse({ status: ['todo', 'completed'] }).status).toEqual(['todo', 'completed']);
    expect(parse({ status: '' }).status).toBeUndefined();
    expect(parse({}).sort).toBe('newest');
    expect(ticketListQuerySchema.safeParse({ status: 'todo,nope' }).success).toBe(false);
  });
  it('uses equality for one value and $in for several', () => {
    expect(queueFilter(parse({ status: 'todo', priority: 'high,urgent' }), { now: at(0) })).toEqual({
      status: 'todo',
      priority: { $in: ['high', 'urgent'] },
    });
  });
  it('searches words, the number and matching requesters, and keeps the SLA view beside it', () => {
    const filter = queueFilter(parse({ q: '#42', sla: 'breached' }), { now: at(0), requesterIds: ['b'.repeat(24)] });
    expect(filter.$and).toHaveLength(2);
    const [search] = filter.$and as Array<{ $or: unknown[] }>;
    expect(search!.$or).toContainEqual({ filingNumber: 42 });
    expect(search!.$or).toContainEqual({ createdBy: 'b'.repeat(24) });
  });
  it('looks an hour ahead for the due-soon view', () => {
    expect(queueFilter(parse({ sla: 'due_soon' }), { now: at(0) })).toEqual({ slaDueAt: { $gte: at(0), $lte: at(60) } });
  });
  it('merges filters on different fields and nests them when they share one', () => {
    expect(both({ a: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 });
    expect(both({ a: 1 }, { a: 2 })).toEqual({ $and: [{ a: 1 }, { a: 2 }] });
    expect(both({}, { a: 2 })).toEqual({ a: 2 });
  });
  it('reads priority as four segments, urgent first, and due as the running clocks then the rest', () => {
    expect(sortSegments('priority', {}).map((s) => s.filter)).toEqual([
      { priority: 'urgent' },
      { priority: 'high' },
      { priority: 'medium' },
      { priority: 'low' },
    ]);
    const due = sortSegments('due', { status: 'todo' });
    expect(due.map((s) => s.filter)).toEqual([{ status: 'todo', slaDueAt: { $ne: null } }, { status: 'todo', slaDueAt: null }]);
    expect(due[0]!.sort).toEqual({ slaDueAt: 1, _id: 1 });
  });
});
