import { paginatedSchema, ticketBulkResponseSchema, ticketListItemSchema, type TicketListItem } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { TicketModel } from '../../tickets/ticketModel.js';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../../test/harness.js';

/**
 * The work queue on `GET /api/tickets` against the real database and Redis:
 * filters, sorts, search, whose turn it is, unread marks per caller, the SLA
 * views, and admins' bulk actions. Each test files tickets for a requester of its
 * own and narrows the list to them, so tests sharing the database do not meet.
 */
const app = useTestApp();

const pageSchema = paginatedSchema(ticketListItemSchema);

async function list(who: TestUser, query: Record<string, string | number>): Promise<TicketListItem[]> {
  const res = await app.request.get('/api/tickets').query({ limit: 100, ...query }).set(who.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return pageSchema.parse(res.body).items;
}

const ids = (items: TicketListItem[]) => items.map((t) => t.id);

async function staff() {
  const admin = await createTestUser(app.ctx, { role: 'admin' });
  const moderator = await createTestUser(app.ctx, { role: 'moderator' });
  return { admin, moderator };
}

const comment = (who: TestUser, id: string, body: string, internal = false) =>
  app.request.post(`/api/tickets/${id}/comments`).set(who.auth).send({ body, internal }).expect(201);

const setStatus = (who: TestUser, id: string, status: string) =>
  app.request.patch(`/api/tickets/${id}/status`).set(who.auth).send({ status }).expect(200);

describe('queue filters', () => {
  it('filters by one status or several, by priority, by assignee and by requester', async () => {
    const { admin, moderator } = await staff();
    const requester = await createTestUser(app.ctx);
    const a = await createTestTicket(app.ctx, requester, { assignee: moderator });
    const b = await createTestTicket(app.ctx, requester);
    const c = await createTestTicket(app.ctx, requester, { assignee: moderator });
    await setStatus(admin, b.id, 'waiting');
    await setStatus(admin, c.id, 'completed');
    await app.ctx.services.triageCorrections.correctTriage(admin.actor, a.id, { priority: 'urgent' });
    const r = requester.actor.id;

    expect(ids(await list(admin, { requester: r })).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(ids(await list(admin, { requester: r, status: 'waiting' }))).toEqual([b.id]);
    expect(ids(await list(admin, { requester: r, status: 'todo,completed' })).sort()).toEqual([a.id, c.id].sort());
    // Repeated parameters say the same as a comma list.
    const repeated = await app.request.get(`/api/tickets?requester=${r}&status=todo&status=waiting`).set(admin.auth).expect(200);
    expect(ids(repeated.body.items).sort()).toEqual([a.id, b.id].sort());
    expect(ids(await list(admin, { requester: r, priority: 'urgent' }))).toEqual([a.id]);
    expect(ids(await list(admin, { requester: r, assignee: 'unassigned' }))).toEqual([b.id]);
    expect(ids(await list(admin, { requester: r, assignee: moderator.actor.id })).sort()).toEqual([a.id, c.id].sort());
    expect(ids(await list(moderator, { assignee: 'me', status: 'todo' }))).toEqual([a.id]);
    // The pool never holds a completed ticket, whatever the status filter says.
    expect(await list(admin, { requester: r, assignee: 'unassigned', status: 'completed' })).toEqual([]);
  });

  it('keeps requesters to their own tickets and the staff-only filters to staff', async () => {
    const requester = await createTestUser(app.ctx);
    const other = await createTestUser(app.ctx);
    const mine = await createTestTicket(app.ctx, requester);
    await createTestTicket(app.ctx, other);
    expect(ids(await list(requester, { status: 'todo' }))).toEqual([mine.id]);
    for (const query of [{ requester: other.actor.id }, { sla: 'breached' }, { assignee: 'unassigned' }]) {
      const res = await app.request.get('/api/tickets').query(query).set(requester.auth);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('answers a bad parameter with 400 naming it', async () => {
    const { admin } = await staff();
    const cases: Array<[Record<string, string>, string]> = [
      [{ status: 'todo,lost' }, 'status'],
      [{ priority: 'critical' }, 'priority'],
      [{ sort: 'random' }, 'sort'],
      [{ sla: 'late' }, 'sla'],
      [{ requester: 'nobody' }, 'requester'],
      [{ assignee: 'everyone' }, 'assignee'],
    ];
    for (const [query, param] of cases) {
      const res = await app.request.get('/api/tickets').query(query).set(admin.auth);
      expect(res.status, param).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(JSON.stringify(res.body.error.details)).toContain(param);
    }
  });
});

describe('queue search', () => {
  it('finds a ticket by its number, with or without #, and by words of its description', async () => {
    const { admin } = await staff();
    const requester = await createTestUser(app.ctx);
    const target = await createTestTicket(app.ctx, requester, { description: 'The flux capacitor hums loudly' });
    const number = target.ticket.filingNumber;
    expect(ids(await list(admin, { q: `#${number}` }))).toContain(target.id);
    expect(ids(await list(admin, { q: String(number), requester: requester.actor.id }))).toEqual([target.id]);
    expect(ids(await list(admin, { q: 'capacitor hums' }))).toEqual([target.id]);
    expect(ids(await list(requester, { q: `#${number}` }))).toEqual([target.id]);
  });

  it('finds tickets by the requester\'s name for staff', async () => {
    const { admin, moderator } = await staff();
    const zelda = await createTestUser(app.ctx, { name: 'Zelda Quintrell' });
    const other = await createTestUser(app.ctx, { name: 'Someone Else' });
    const hers = await createTestTicket(app.ctx, zelda, { assignee: moderator });
    await createTestTicket(app.ctx, other, { assignee: moderator });
    expect(ids(await list(admin, { q: 'quintrell' }))).toEqual([hers.id]);
    // Also through a moderator's own list and their assignee view.
    expect(ids(await list(moderator, { q: 'Quintrell' }))).toEqual([hers.id]);
    expect(ids(await list(moderator, { q: 'Quintrell', assignee: 'me', sort: 'oldest' }))).toEqual([hers.id]);
  });
});

describe('queue sorts', () => {
  it('sorts newest, oldest and by priority (urgent first, newest first within one)', async () => {
    const { admin } = await staff();
    const requester = await createTestUser(app.ctx);
    const first = await createTestTicket(app.ctx, requester);
    const second = await createTestTicket(app.ctx, requester);
    const third = await createTestTicket(app.ctx, requester);
    const fourth = await createTestTicket(app.ctx, requester);
    const set = (id: string, priority: 'low' | 'high' | 'urgent') =>
      app.ctx.services.triageCorrections.correctTriage(admin.actor, id, { priority });
    await set(first.id, 'urgent');
    await set(second.id, 'low');
    await set(third.id, 'urgent');
    const r = requester.actor.id;
    expect(ids(await list(admin, { requester: r }))).toEqual([fourth.id, third.id, second.id, first.id]);
    expect(ids(await list(admin, { requester: r, sort: 'oldest' }))).toEqual([first.id, second.id, third.id, fourth.id]);
    // fourth keeps the default priority, medium.
    expect(ids(await list(admin, { requester: r, sort: 'priority' }))).toEqual([third.id, first.id, fourth.id, second.id]);
    // Pages across the segments: two per page.
    const page2 = await app.request.get('/api/tickets').query({ requester: r, sort: 'priority', limit: 2, page: 2 }).set(admin.auth).expect(200);
    expect(ids(page2.body.items)).toEqual([fourth.id, second.id]);
    expect(page2.body.total).toBe(4);
  });

  it('sorts by waiting: longest waiting for our answer first, then those waiting on the requester', async () => {
    const { admin } = await staff();
    const requester = await createTestUser(app.ctx);
    const answered = await createTestTicket(app.ctx, requester);
    const older = await createTestTicket(app.ctx, requester);
    const newer = await createTestTicket(app.ctx, requester);
    await comment(admin, answered.id, 'We are on it');
    // The requester answers the older one: it waits on us again, since now.
    await comment(admin, older.id, 'Which version?');
    await comment(requester, older.id, 'Version 3');
    expect(ids(await list(admin, { requester: requester.actor.id, sort: 'waiting' }))).toEqual([newer.id, older.id, answered.id]);
  });

  it('sorts by the soonest SLA deadline and offers the breached and due-within-the-hour views', async () => {
    const { admin, moderator } = await staff();
    const requester = await createTestUser(app.ctx);
    const now = Date.now();
    const at = (minutes: number) => new Date(now + minutes * 60_000);
    const [late, soon, later, paused] = await Promise.all([0, 1, 2, 3].map(() => createTestTicket(app.ctx, requester, { assignee: moderator })));
    const clocks = (firstResponseDueAt: Date, breached = false, pausedSince: Date | null = null) => ({
      firstResponseDueAt,
      firstResponseWarnAt: null,
      firstRespondedAt: null,
      resolutionDueAt: at(600),
      resolutionWarnAt: null,
      resolvedAt: null,
      pausedSince,
      resolutionStartedAt: at(-1),
      pausedMinutes: 0,
      cycle: 0,
      planVersion: 99,
      warned: { firstResponse: breached, resolution: false },
      breached: { firstResponse: breached, resolution: false },
    });
    // Written as the clock services write them: `sla` replaced whole, `slaDueAt` derived by the model.
    await TicketModel.updateOne({ _id: late!.id }, { $set: { sla: clocks(at(-5), true) } });
    await TicketModel.updateOne({ _id: soon!.id }, { $set: { sla: clocks(at(30)) } });
    await TicketModel.updateOne({ _id: later!.id }, { $set: { sla: clocks(at(120)) } });
    await TicketModel.updateOne({ _id: paused!.id }, { $set: { sla: { ...clocks(at(-1)), firstRespondedAt: at(-2), pausedSince: at(-1) } } });
    await app.ctx.cache.invalidateAll();
    const r = requester.actor.id;

    expect(ids(await list(admin, { requester: r, sort: 'due' }))).toEqual([late!.id, soon!.id, later!.id, paused!.id]);
    expect(ids(await list(admin, { requester: r, sla: 'breached' }))).toEqual([late!.id]);
    expect(ids(await list(admin, { requester: r, sla: 'due_soon' }))).toEqual([soon!.id]);
    expect(ids(await list(moderator, { sla: 'due_soon', assignee: 'me' }))).toEqual([soon!.id]);
    const listed = (await list(admin, { requester: r, sla: 'breached' }))[0]!;
    expect(listed.sla?.breached.firstResponse).toBe(true);

    // A breached ticket that gets completed leaves the breached view.
    await setStatus(admin, late!.id, 'completed');
    expect(await list(admin, { requester: r, sla: 'breached' })).toEqual([]);
  });
});

describe('whose turn it is', () => {
  it('moves with public replies, ignores internal notes, and ends when completed', async () => {
    const { admin, moderator } = await staff();
    const requester = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, requester, { assignee: moderator });
    const turn = async () => {
      const [item] = await list(admin, { requester: requester.actor.id });
      return { waitingOn: item!.waitingOn, waitingSince: item!.waitingSince };
    };
    const filed = await turn();
    expect(filed.waitingOn).toBe('staff');

    await comment(moderator, id, 'Checking internally', true);
    expect(await turn()).toEqual(filed);

    await comment(moderator, id, 'Could you send a screenshot?');
    const askedRequester = await turn();
    expect(askedRequester.waitingOn).toBe('requester');
    expect(new Date(askedRequester.waitingSince!).getTime()).toBeGreaterThan(new Date(filed.waitingSince!).getTime());

    // A second staff reply does not restart the requester's wait.
    await comment(admin, id, 'Any screenshot will do');
    expect(await turn()).toEqual(askedRequester);

    await comment(requester, id, 'Here it is');
    expect((await turn()).waitingOn).toBe('staff');

    await setStatus(moderator, id, 'completed');
    expect(await turn()).toEqual({ waitingOn: null, waitingSince: null });
    await setStatus(moderator, id, 'in_progress');
    expect((await turn()).waitingOn).toBe('staff');
  });
});

describe('unread marks', () => {
  it('marks activity by others unread per caller and clears it when that caller opens the ticket', async () => {
    const { admin, moderator } = await staff();
    const otherAdmin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, requester, { assignee: moderator });
    const unread = async (who: TestUser, query: Record<string, string> = { requester: requester.actor.id }) =>
      (await list(who, query)).find((t) => t.id === id)!.unread;

    // New to staff, not to the person who filed it.
    expect(await unread(admin)).toBe(true);
    expect(await unread(otherAdmin)).toBe(true);
    expect(await unread(requester, {})).toBe(false);

    // Opening it clears it for that admin alone, though admins share one cached list.
    await app.request.get(`/api/tickets/${id}`).set(admin.auth).expect(200);
    expect(await unread(admin)).toBe(false);
    expect(await unread(otherAdmin)).toBe(true);

    // The explicit read mark does the same.
    await app.request.post(`/api/tickets/${id}/read`).set(otherAdmin.auth).expect(204);
    expect(await unread(otherAdmin)).toBe(false);

    // The requester's reply is news to staff; their own words are not news to them.
    await comment(requester, id, 'Still broken');
    expect(await unread(admin)).toBe(true);
    expect(await unread(moderator, { assignee: 'me' })).toBe(true);
    expect(await unread(requester, {})).toBe(false);

    // An internal note is news to other staff, never to the requester.
    await app.request.get(`/api/tickets/${id}`).set(admin.auth).expect(200);
    await comment(moderator, id, 'Looks like the cache', true);
    expect(await unread(admin)).toBe(true);
    expect(await unread(moderator, { assignee: 'me' })).toBe(false);
    expect(await unread(requester, {})).toBe(false);

    // A status change by staff is news to the requester, until they open it.
    await setStatus(moderator, id, 'in_progress');
    expect(await unread(requester, {})).toBe(true);
    await app.request.get(`/api/tickets/${id}`).set(requester.auth).expect(200);
    expect(await unread(requester, {})).toBe(false);
  });

  it('does not let a caller mark a ticket they may not read', async () => {
    const requester = await createTestUser(app.ctx);
    const stranger = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, requester);
    await app.request.post(`/api/tickets/${id}/read`).set(stranger.auth).expect(404);
  });
});

describe('cached lists', () => {
  it('keeps each caller\'s and each query\'s page apart in the cache', async () => {
    const { admin } = await staff();
    const one = await createTestUser(app.ctx, { role: 'moderator' });
    const two = await createTestUser(app.ctx, { role: 'moderator' });
    const requester = await createTestUser(app.ctx);
    const hisTicket = await createTestTicket(app.ctx, requester, { assignee: one });
    const herTicket = await createTestTicket(app.ctx, requester, { assignee: two });
    const query = { assignee: 'me', sort: 'waiting' };
    expect(ids(await list(one, query))).toEqual([hisTicket.id]);
    expect(ids(await list(two, query))).toEqual([herTicket.id]);
    // Warm the admin's entries for two different filters; neither answers for the other.
    expect(ids(await list(admin, { requester: requester.actor.id, status: 'todo' })).sort()).toEqual([hisTicket.id, herTicket.id].sort());
    expect(await list(admin, { requester: requester.actor.id, status: 'completed' })).toEqual([]);
    await setStatus(admin, hisTicket.id, 'completed');
    expect(ids(await list(admin, { requester: requester.actor.id, status: 'completed' }))).toEqual([hisTicket.id]);
    expect(ids(await list(one, { ...query, status: 'completed' }))).toEqual([hisTicket.id]);
  });
});

describe('bulk actions', () => {
  const bulk = (who: TestUser, body: object) => app.request.post('/api/tickets/bulk').set(who.auth).send(body);

  it('changes the priority and status of each selected ticket through the single-ticket rules', async () => {
    const { admin } = await staff();
    const requester = await createTestUser(app.ctx);
    const a = await createTestTicket(app.ctx, requester);
    const b = await createTestTicket(app.ctx, requester);
    const res = await bulk(admin, { ids: [a.id, b.id], action: 'priority', priority: 'high' }).expect(200);
    expect(ticketBulkResponseSchema.parse(res.body)).toEqual({
      results: [
        { id: a.id, ok: true },
        { id: b.id, ok: true },
      ],
      succeeded: 2,
      failed: 0,
    });
    expect((await list(admin, { requester: requester.actor.id, priority: 'high' })).length).toBe(2);

    await bulk(admin, { ids: [a.id, b.id], action: 'status', status: 'in_progress' }).expect(200);
    const timeline = (await app.request.get(`/api/tickets/${a.id}`).set(admin.auth).expect(200)).body.ticket.timeline;
    expect(timeline.map((e: { type: string }) => e.type)).toContain('status_changed');
    // Sending the same request again changes nothing twice.
    const again = await bulk(admin, { ids: [a.id, b.id], action: 'status', status: 'in_progress' }).expect(200);
    expect(again.body.succeeded).toBe(2);
    const timelineAgain = (await app.request.get(`/api/tickets/${a.id}`).set(admin.auth).expect(200)).body.ticket.timeline;
    expect(timelineAgain.length).toBe(timeline.length);
  });

  it('assigns each ticket and reports, per ticket, the ones that could not be', async () => {
    const { admin, moderator } = await staff();
    const requester = await createTestUser(app.ctx);
    const open = await createTestTicket(app.ctx, requester);
    const done = await createTestTicket(app.ctx, requester);
    await setStatus(admin, done.id, 'completed');
    const missing = '0123456789abcdef01234567';
    const res = await bulk(admin, { ids: [open.id, done.id, missing], action: 'assign', moderatorId: moderator.actor.id }).expect(200);
    expect(res.body.succeeded).toBe(1);
    expect(res.body.failed).toBe(2);
    expect(res.body.results[0]).toEqual({ id: open.id, ok: true });
    // A completed ticket may not be assigned, by hand or in bulk.
    expect(res.body.results[1]).toMatchObject({ id: done.id, ok: false, error: { code: 'forbidden' } });
    expect(res.body.results[2]).toMatchObject({ id: missing, ok: false, error: { code: 'not_found' } });
    expect(ids(await list(moderator, { assignee: 'me' }))).toEqual([open.id]);
  });

  it('is for admins only, and refuses malformed selections naming the problem', async () => {
    const { admin, moderator } = await staff();
    const requester = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, requester, { assignee: moderator });
    const forbidden = await bulk(moderator, { ids: [id], action: 'status', status: 'completed' });
    expect(forbidden.status).toBe(403);
    expect((await app.request.get(`/api/tickets/${id}`).set(admin.auth)).body.ticket.status).toBe('todo');

    const tooMany = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(24, '0'));
    const cases: Array<[object, string]> = [
      [{ ids: tooMany, action: 'status', status: 'todo' }, 'ids'],
      [{ ids: [id, id], action: 'status', status: 'todo' }, 'ids'],
      [{ ids: [], action: 'status', status: 'todo' }, 'ids'],
      [{ ids: [id], action: 'delete' }, 'action'],
      [{ ids: [id], action: 'priority', priority: 'asap' }, 'priority'],
      [{ ids: [id], action: 'assign' }, 'moderatorId'],
    ];
    for (const [body, field] of cases) {
      const res = await bulk(admin, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.stringify(res.body.error)).toContain(field);
    }
  });
});
