import { describe, expect, it } from 'vitest';
import { createTestUser, useTestApp } from '../../test/harness.js';

const app = useTestApp();
const application = { skills: ['React', 'billing'], motivation: 'I answer these questions all day anyway.' };

describe('moderator applications', () => {
  it('runs from application to approval, making the applicant a moderator with those skills', async () => {
    const pat = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const created = await app.request.post('/api/mod-requests').set(pat.auth).send(application);
    expect(created.status).toBe(201);
    expect(created.body.request).toMatchObject({ status: 'pending', skills: ['react', 'billing'], user: { id: pat.actor.id } });
    expect(created.body.request).not.toHaveProperty('openSlot');

    const pending = await app.request.get('/api/mod-requests?status=pending').set(admin.auth);
    expect(pending.body.items.map((r: { id: string }) => r.id)).toContain(created.body.request.id);

    const decided = await app.request.patch(`/api/mod-requests/${created.body.request.id}`).set(admin.auth).send({ status: 'approved' });
    expect(decided.status).toBe(200);
    expect(decided.body.request).toMatchObject({ status: 'approved', reviewedBy: { id: admin.actor.id } });
    expect(decided.body.request.reviewedAt).toEqual(expect.any(String));

    // A new role ends the sessions opened under the old one; a new session sees it.
    expect((await app.request.get('/api/auth/me').set(pat.auth)).status).toBe(401);
    const login = await app.request.post('/api/auth/login').send({ email: pat.user.email, password: pat.password });
    const me = await app.request.get('/api/auth/me').set('Authorization', `Bearer ${login.body.token}`);
    expect(me.body.user).toMatchObject({ role: 'moderator', skills: ['react', 'billing'] });
  });

  it('rejection leaves the role alone and allows a new application', async () => {
    const pat = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const first = await app.request.post('/api/mod-requests').set(pat.auth).send(application);
    await app.request.patch(`/api/mod-requests/${first.body.request.id}`).set(admin.auth).send({ status: 'rejected' }).expect(200);
    expect((await app.request.get('/api/auth/me').set(pat.auth)).body.user.role).toBe('user');
    expect((await app.request.post('/api/mod-requests').set(pat.auth).send(application)).status).toBe(201);
  });

  it('allows one pending application at a time, even under concurrent requests', async () => {
    const pat = await createTestUser(app.ctx);
    const results = await Promise.all(Array.from({ length: 5 }, () => app.request.post('/api/mod-requests').set(pat.auth).send(application)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const mine = await app.request.get('/api/mod-requests').set(pat.auth);
    expect(mine.body.total).toBe(1);
  });

  it('a decision is final: deciding twice is a conflict', async () => {
    const pat = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const { body } = await app.request.post('/api/mod-requests').set(pat.auth).send(application);
    const url = `/api/mod-requests/${body.request.id}`;
    const both = await Promise.all([
      app.request.patch(url).set(admin.auth).send({ status: 'approved' }),
      app.request.patch(url).set(admin.auth).send({ status: 'rejected' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('users see only their own applications and cannot decide', async () => {
    const pat = await createTestUser(app.ctx);
    const sam = await createTestUser(app.ctx);
    const { body } = await app.request.post('/api/mod-requests').set(pat.auth).send(application);
    const samList = await app.request.get('/api/mod-requests').set(sam.auth);
    expect(samList.body.items).toEqual([]);
    expect((await app.request.patch(`/api/mod-requests/${body.request.id}`).set(pat.auth).send({ status: 'approved' })).status).toBe(403);
  });

  it('moderators and admins cannot apply', async () => {
    for (const role of ['moderator', 'admin'] as const) {
      const who = await createTestUser(app.ctx, { role });
      expect((await app.request.post('/api/mod-requests').set(who.auth).send(application)).status).toBe(403);
    }
  });

  it.each([
    [{ skills: [], motivation: 'Long enough motivation' }, 'skills'],
    [{ skills: ['react'], motivation: 'short' }, 'motivation'],
    [{ skills: 'react', motivation: 'Long enough motivation' }, 'skills'],
  ])('rejects %j naming %s', async (body, field) => {
    const pat = await createTestUser(app.ctx);
    const res = await app.request.post('/api/mod-requests').set(pat.auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('rejects a decision other than approved or rejected, and unknown ids', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const pat = await createTestUser(app.ctx);
    const { body } = await app.request.post('/api/mod-requests').set(pat.auth).send(application);
    expect((await app.request.patch(`/api/mod-requests/${body.request.id}`).set(admin.auth).send({ status: 'pending' })).status).toBe(400);
    expect((await app.request.patch(`/api/mod-requests/${'0'.repeat(24)}`).set(admin.auth).send({ status: 'approved' })).status).toBe(404);
  });
});
