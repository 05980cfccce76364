import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';

const app = useTestApp();

const listIds = async (auth: Record<string, string>, qs = '') =>
  (await app.request.get(`/api/tickets?limit=100${qs}`).set(auth)).body.items.map((t: { id: string }) => t.id);

describe('cached reads are never stale after a write', () => {
  it('serves repeated list reads from the cache', async () => {
    const pat = await createTestUser(app.ctx);
    await createTestTicket(app.ctx, pat);
    await listIds(pat.auth);
    const before = app.ctx.cache.stats().hits;
    await listIds(pat.auth);
    expect(app.ctx.cache.stats().hits).toBeGreaterThan(before);
  });

  it('a new ticket appears at once in the admin view and the creator view', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const pat = await createTestUser(app.ctx);
    await listIds(admin.auth);
    await listIds(pat.auth);
    const created = await app.request.post('/api/tickets').set(pat.auth).send({ title: 'Fresh ticket', description: 'x' });
    expect(await listIds(admin.auth)).toContain(created.body.ticket.id);
    expect(await listIds(pat.auth)).toContain(created.body.ticket.id);
  });

  it('an assignment appears at once in the moderator queue, and leaves the previous one', async () => {
    const pat = await createTestUser(app.ctx);
    const first = await createTestUser(app.ctx, { role: 'moderator' });
    const second = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, pat, { assignee: first });
    expect(await listIds(first.auth)).toEqual([id]);
    expect(await listIds(second.auth)).toEqual([]);
    await app.ctx.services.tickets.assignTicket({ ticketId: id, moderatorId: second.actor.id, actorId: null });
    expect(await listIds(first.auth)).toEqual([]);
    expect(await listIds(second.auth)).toEqual([id]);
  });

  it('a status change by the moderator shows in the user view and the admin filters at once', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const { id } = await createTestTicket(app.ctx, pat, { assignee: mo });
    const statusOf = async () => (await app.request.get('/api/tickets').set(pat.auth)).body.items[0].status;
    expect(await statusOf()).toBe('todo');
    expect(await listIds(admin.auth, '&status=completed')).not.toContain(id);
    await app.request.patch(`/api/tickets/${id}/status`).set(mo.auth).send({ status: 'completed' }).expect(200);
    expect(await statusOf()).toBe('completed');
    expect(await listIds(admin.auth, '&status=completed')).toContain(id);
  });

  it('a comment updates the comment count in the other party view at once', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, pat, { assignee: mo });
    const countIn = async (auth: Record<string, string>) => (await app.request.get('/api/tickets').set(auth)).body.items[0].commentCount;
    expect(await countIn(pat.auth)).toBe(0);
    await app.request.post(`/api/tickets/${id}/comments`).set(mo.auth).send({ body: 'On it' }).expect(201);
    expect(await countIn(pat.auth)).toBe(1);
  });

  it('a role change takes effect on the very next request, through the cached identity', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const pat = await createTestUser(app.ctx);
    // A role change refuses the tokens issued before it, so each step signs in again.
    const signIn = async () => {
      const res = await app.request.post('/api/auth/login').send({ email: pat.user.email, password: pat.password });
      return { Authorization: `Bearer ${res.body.token}` };
    };
    expect((await app.request.get('/api/users').set(await signIn())).status).toBe(403);
    await app.request.patch(`/api/users/${pat.actor.id}`).set(admin.auth).send({ role: 'admin' }).expect(200);
    expect((await app.request.get('/api/users').set(pat.auth)).status).toBe(401);
    expect((await app.request.get('/api/users').set(await signIn())).status).toBe(200);
    await app.request.patch(`/api/users/${pat.actor.id}`).set(admin.auth).send({ role: 'user' }).expect(200);
    expect((await app.request.get('/api/users').set(await signIn())).status).toBe(403);
  });

  it('a renamed role shows in ticket lists that embed the person', async () => {
    const pat = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    await createTestTicket(app.ctx, pat);
    expect((await app.request.get('/api/tickets').set(pat.auth)).body.items[0].createdBy.role).toBe('user');
    await app.request.patch(`/api/users/${pat.actor.id}`).set(admin.auth).send({ role: 'moderator' }).expect(200);
    const login = await app.request.post('/api/auth/login').send({ email: pat.user.email, password: pat.password });
    const renewed = { Authorization: `Bearer ${login.body.token}` };
    expect((await app.request.get('/api/tickets').set(renewed)).body.items[0].createdBy.role).toBe('moderator');
  });
});
