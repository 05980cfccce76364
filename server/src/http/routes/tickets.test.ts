import { describe, expect, it } from 'vitest';
import { TicketEventModel } from '../../tickets/timelineModel.js';
import { UserModel } from '../../users/userModel.js';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../../test/harness.js';

const app = useTestApp();

describe('POST /api/tickets', () => {
  it('files a ticket for the caller and records it on the timeline', async () => {
    const pat = await createTestUser(app.ctx);
    const res = await app.request.post('/api/tickets').set(pat.auth).send({ title: '  Printer on fire  ', description: 'Smoke everywhere' });
    expect(res.status).toBe(201);
    expect(res.body.ticket).toMatchObject({
      title: 'Printer on fire',
      status: 'todo',
      priority: 'medium',
      createdBy: { id: pat.actor.id, name: pat.user.name, role: 'user' },
      assignedTo: null,
      completedAt: null,
    });
    const events = await TicketEventModel.find({ ticket: res.body.ticket.id }).lean();
    expect(events.map((e) => e.type)).toEqual(['created']);
  });

  it.each([
    [{ title: 'ab', description: 'x' }, 'title'],
    [{ title: 'Valid title', description: '   ' }, 'description'],
    [{ title: 'Valid title', description: 'x'.repeat(10_001) }, 'description'],
    [{ title: { $ne: null }, description: 'x' }, 'title'],
    [{ title: 'Valid title', description: 'x', status: 'completed' }, '(root)'],
  ])('rejects %j naming %s', async (body, field) => {
    const pat = await createTestUser(app.ctx);
    const res = await app.request.post('/api/tickets').set(pat.auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('requires authentication', async () => {
    const res = await app.request.post('/api/tickets').send({ title: 'Valid title', description: 'x' });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/tickets', () => {
  it('scopes the list by role: own for users, assigned and own for moderators, all for admins', async () => {
    const ann = await createTestUser(app.ctx);
    const bob = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const a1 = await createTestTicket(app.ctx, ann, { assignee: mo });
    const a2 = await createTestTicket(app.ctx, ann);
    const b1 = await createTestTicket(app.ctx, bob);
    const m1 = await createTestTicket(app.ctx, mo);

    const ids = async (who: TestUser) =>
      (await app.request.get('/api/tickets?limit=100').set(who.auth)).body.items.map((t: { id: string }) => t.id).sort();
    expect(await ids(ann)).toEqual([a1.id, a2.id].sort());
    expect(await ids(bob)).toEqual([b1.id]);
    expect(await ids(mo)).toEqual([a1.id, m1.id].sort());
    expect(await ids(admin)).toEqual(expect.arrayContaining([a1.id, a2.id, b1.id, m1.id]));
  });

  it('paginates newest first with totals', async () => {
    const pat = await createTestUser(app.ctx);
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await createTestTicket(app.ctx, pat, { title: `Page test ${i}` })).id);
    const first = await app.request.get('/api/tickets?page=1&limit=2').set(pat.auth);
    expect(first.body).toMatchObject({ page: 1, limit: 2, total: 5, totalPages: 3 });
    expect(first.body.items.map((t: { id: string }) => t.id)).toEqual([created[4], created[3]]);
    const last = await app.request.get('/api/tickets?page=3&limit=2').set(pat.auth);
    expect(last.body.items.map((t: { id: string }) => t.id)).toEqual([created[0]]);
    const beyond = await app.request.get('/api/tickets?page=9&limit=2').set(pat.auth);
    expect(beyond.body).toMatchObject({ items: [], total: 5 });
  });

  it('filters by status, priority and text, treating the text literally', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const done = await createTestTicket(app.ctx, pat, { title: 'VPN (corp) drops', assignee: mo });
    await app.ctx.services.tickets.changeStatus(mo.actor, done.id, 'completed');
    const open = await createTestTicket(app.ctx, pat, { title: 'Email bounces', description: 'All mail to .* fails' });

    const list = async (qs: string) =>
      (await app.request.get(`/api/tickets?${qs}`).set(pat.auth)).body.items.map((t: { id: string }) => t.id);
    expect(await list('status=completed')).toEqual([done.id]);
    expect(await list('status=todo')).toEqual([open.id]);
    expect(await list('priority=medium')).toHaveLength(2);
    expect(await list('priority=urgent')).toEqual([]);
    expect(await list('q=vpn%20(corp')).toEqual([done.id]);
    expect(await list('q=.*')).toEqual([open.id]);
  });

  it.each(['page=0', 'limit=101', 'limit=abc', 'status=open', 'priority=critical', 'status=todo,lost', 'sort=random', 'sla=late', `q=${'x'.repeat(101)}`])(
    'rejects the query %s with 400',
    async (qs) => {
      const pat = await createTestUser(app.ctx);
      const res = await app.request.get(`/api/tickets?${qs}`).set(pat.auth);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    },
  );
});

describe('GET /api/tickets/:id', () => {
  it('shows the ticket with its timeline to its creator, its assignee and admins only', async () => {
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const otherMo = await createTestUser(app.ctx, { role: 'moderator' });
    const stranger = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });

    for (const who of [ann, mo, admin]) {
      const res = await app.request.get(`/api/tickets/${id}`).set(who.auth);
      expect(res.status).toBe(200);
      expect(res.body.ticket.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'assigned']);
    }
    for (const who of [otherMo, stranger]) {
      const res = await app.request.get(`/api/tickets/${id}`).set(who.auth);
      expect(res.status).toBe(404);
    }
  });

  it('answers a malformed id with 400 and an unknown id with 404', async () => {
    const pat = await createTestUser(app.ctx);
    expect((await app.request.get('/api/tickets/not-an-id').set(pat.auth)).status).toBe(400);
    expect((await app.request.get(`/api/tickets/${'0'.repeat(24)}`).set(pat.auth)).status).toBe(404);
  });
});

describe('PATCH /api/tickets/:id/status', () => {
  it('lets the assignee and admins change it, forbids the creator, hides it from others', async () => {
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const otherMo = await createTestUser(app.ctx, { role: 'moderator' });
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });

    expect((await app.request.patch(`/api/tickets/${id}/status`).set(ann.auth).send({ status: 'completed' })).status).toBe(403);
    expect((await app.request.patch(`/api/tickets/${id}/status`).set(otherMo.auth).send({ status: 'completed' })).status).toBe(404);
    const byMo = await app.request.patch(`/api/tickets/${id}/status`).set(mo.auth).send({ status: 'in_progress' });
    expect(byMo.status).toBe(200);
    expect(byMo.body.ticket.status).toBe('in_progress');
    const byAdmin = await app.request.patch(`/api/tickets/${id}/status`).set(admin.auth).send({ status: 'todo' });
    expect(byAdmin.body.ticket.status).toBe('todo');

    const timeline = (await app.request.get(`/api/tickets/${id}`).set(admin.auth)).body.ticket.timeline;
    expect(timeline.filter((e: { type: string }) => e.type === 'status_changed')).toMatchObject([
      { from: 'todo', to: 'in_progress', actor: { id: mo.actor.id } },
      { from: 'in_progress', to: 'todo', actor: { id: admin.actor.id } },
    ]);
  });

  it('completing records completedAt and the assignee statistics; reopening takes them back', async () => {
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });
    expect((await UserModel.findById(mo.actor.id).lean())?.activeTickets).toBe(1);

    const done = await app.request.patch(`/api/tickets/${id}/status`).set(mo.auth).send({ status: 'completed' });
    expect(done.body.ticket.completedAt).toEqual(expect.any(String));
    const after = (await app.request.get('/api/auth/me').set(mo.auth)).body.user.stats;
    expect(after).toMatchObject({ totalResolved: 1, activeTickets: 0 });
    expect(after.avgResolutionHours).toBeGreaterThanOrEqual(0);

    const again = await app.request.patch(`/api/tickets/${id}/status`).set(mo.auth).send({ status: 'completed' });
    expect(again.status).toBe(200);
    expect((await app.request.get('/api/auth/me').set(mo.auth)).body.user.stats.totalResolved).toBe(1);

    const reopened = await app.request.patch(`/api/tickets/${id}/status`).set(mo.auth).send({ status: 'in_progress' });
    expect(reopened.body.ticket.completedAt).toBeNull();
    expect((await app.request.get('/api/auth/me').set(mo.auth)).body.user.stats).toMatchObject({ totalResolved: 0, activeTickets: 1 });
  });

  it('keeps statistics exact when many tickets of one moderator complete at once', async () => {
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const tickets = await Promise.all(Array.from({ length: 8 }, () => createTestTicket(app.ctx, ann, { assignee: mo })));
    expect((await UserModel.findById(mo.actor.id).lean())?.activeTickets).toBe(8);
    const results = await Promise.all(
      tickets.map(({ id }) => app.request.patch(`/api/tickets/${id}/status`).set(mo.auth).send({ status: 'completed' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const stored = await UserModel.findById(mo.actor.id).lean();
    expect(stored).toMatchObject({ totalResolved: 8, activeTickets: 0 });
  });

  it('rejects an unknown status naming the field', async () => {
    const ann = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, ann);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const res = await app.request.patch(`/api/tickets/${id}/status`).set(admin.auth).send({ status: 'done' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('status');
  });
});

describe('comments', () => {
  it('lets the creator, the assignee and admins talk; others get 404', async () => {
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const stranger = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });

    for (const [who, body] of [[ann, 'It broke again'], [mo, 'Looking into it'], [admin, 'Escalated']] as const) {
      const res = await app.request.post(`/api/tickets/${id}/comments`).set(who.auth).send({ body });
      expect(res.status).toBe(201);
      expect(res.body.comment).toMatchObject({ body, author: { id: who.actor.id }, ticketId: id });
    }
    expect((await app.request.post(`/api/tickets/${id}/comments`).set(stranger.auth).send({ body: 'hi' })).status).toBe(404);
    expect((await app.request.get(`/api/tickets/${id}/comments`).set(stranger.auth)).status).toBe(404);

    const list = await app.request.get(`/api/tickets/${id}/comments?limit=2`).set(ann.auth);
    expect(list.body).toMatchObject({ total: 3, totalPages: 2 });
    expect(list.body.items.map((c: { body: string }) => c.body)).toEqual(['It broke again', 'Looking into it']);
    const ticket = (await app.request.get(`/api/tickets/${id}`).set(ann.auth)).body.ticket;
    expect(ticket.commentCount).toBe(3);
    expect(ticket.timeline.filter((e: { type: string }) => e.type === 'commented')).toHaveLength(3);
  });

  it('rejects an empty or oversized comment', async () => {
    const ann = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, ann);
    expect((await app.request.post(`/api/tickets/${id}/comments`).set(ann.auth).send({ body: '  ' })).status).toBe(400);
    expect((await app.request.post(`/api/tickets/${id}/comments`).set(ann.auth).send({ body: 'x'.repeat(5001) })).status).toBe(400);
    expect((await app.request.post(`/api/tickets/${id}/comments`).set(ann.auth).send({ body: ['x'] })).status).toBe(400);
  });
});
