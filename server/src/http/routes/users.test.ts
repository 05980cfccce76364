import { describe, expect, it } from 'vitest';
import { createTestUser, useTestApp } from '../../test/harness.js';

const app = useTestApp();

describe('GET /api/users', () => {
  it('lists users for admins, filtered by role and text, without secrets', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const mo = await createTestUser(app.ctx, { role: 'moderator', name: 'Zed Unique-Moderator' });
    const res = await app.request.get('/api/users?role=moderator&q=unique-moderator').set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.items.map((u: { id: string }) => u.id)).toEqual([mo.actor.id]);
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|"_id"/);
  });

  it('is forbidden to users and moderators', async () => {
    for (const role of ['user', 'moderator'] as const) {
      const who = await createTestUser(app.ctx, { role });
      const res = await app.request.get('/api/users').set(who.auth);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });
});

describe('PATCH /api/users/:id', () => {
  it('changes role and skills, normalising skills', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const pat = await createTestUser(app.ctx);
    const res = await app.request
      .patch(`/api/users/${pat.actor.id}`)
      .set(admin.auth)
      .send({ role: 'moderator', skills: [' React ', 'react', 'Node'] });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'moderator', skills: ['react', 'node'] });
    // The change is effective at once: tokens issued before it are refused, and a new session sees the new role.
    expect((await app.request.get('/api/auth/me').set(pat.auth)).status).toBe(401);
    const login = await app.request.post('/api/auth/login').send({ email: pat.user.email, password: pat.password });
    expect(login.body.user.role).toBe('moderator');
  });

  it('refuses an admin changing their own role', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const res = await app.request.patch(`/api/users/${admin.actor.id}`).set(admin.auth).send({ role: 'user' });
    expect(res.status).toBe(409);
  });

  it.each([
    [{}, '(root)'],
    [{ role: 'superuser' }, 'role'],
    [{ skills: 'react' }, 'skills'],
    [{ skills: [''] }, 'skills.0'],
    [{ email: 'x@example.test' }, '(root)'],
  ])('rejects %j naming %s', async (body, field) => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const pat = await createTestUser(app.ctx);
    const res = await app.request.patch(`/api/users/${pat.actor.id}`).set(admin.auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('answers an unknown user with 404 and non-admins with 403', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    expect((await app.request.patch(`/api/users/${'0'.repeat(24)}`).set(admin.auth).send({ role: 'user' })).status).toBe(404);
    expect((await app.request.patch(`/api/users/${mo.actor.id}`).set(mo.auth).send({ role: 'admin' })).status).toBe(403);
  });
});
