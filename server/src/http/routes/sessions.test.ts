import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { RefreshTokenModel } from '../../users/refreshTokenModel.js';
import { UserModel } from '../../users/userModel.js';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../../test/harness.js';

const app = useTestApp();
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs `person` in through the API: a session of its own, with a refresh token. */
async function logIn(person: TestUser, password = person.password): Promise<{ token: string; refreshToken: string }> {
  const res = await app.request.post('/api/auth/login').send({ email: person.user.email, password });
  expect(res.status).toBe(200);
  return { token: res.body.token, refreshToken: res.body.refreshToken };
}

const me = (token: string) => app.request.get('/api/auth/me').set(bearer(token));
const refresh = (refreshToken: unknown) => app.request.post('/api/auth/refresh').send({ refreshToken });

describe('access and refresh tokens', () => {
  it('gives login and signup a refresh token beside the unchanged fields, and access tokens that last 15 minutes', async () => {
    const pat = await createTestUser(app.ctx);
    const login = await app.request.post('/api/auth/login').send({ email: pat.user.email, password: pat.password });
    expect(Object.keys(login.body).sort()).toEqual(['abilities', 'preferences', 'refreshToken', 'token', 'user']);
    expect(login.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const claims = jwt.decode(login.body.token) as { iat: number; exp: number; jti: string };
    expect(claims.exp - claims.iat).toBe(15 * 60);
    expect(claims.jti).toEqual(expect.any(String));

    const signup = await app.request
      .post('/api/auth/signup')
      .send({ name: 'Sam', email: `sam-${Date.now()}@example.test`, password: 'long-enough-pw' });
    expect(signup.status).toBe(201);
    expect(Object.keys(signup.body).sort()).toEqual(['abilities', 'preferences', 'refreshToken', 'token', 'user']);
    expect((await refresh(signup.body.refreshToken)).status).toBe(200);
  });

  it('stores refresh tokens only as hashes, with their owner and an expiry 30 days out', async () => {
    const pat = await createTestUser(app.ctx);
    const { refreshToken } = await logIn(pat);
    const stored = await RefreshTokenModel.find({ user: pat.actor.id }).lean();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(refreshToken);
    const days = (stored[0]!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('trades a refresh token for a new pair once; the old one is then refused', async () => {
    const pat = await createTestUser(app.ctx);
    const first = await logIn(pat);
    const res = await refresh(first.refreshToken);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['refreshToken', 'token']);
    expect(res.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(res.body.token)).body.user.id).toBe(pat.actor.id);
    expect((await refresh(res.body.refreshToken)).status).toBe(200);
  });

  it('ends the whole session when a spent refresh token is used again', async () => {
    const pat = await createTestUser(app.ctx);
    const first = await logIn(pat);
    const other = await logIn(pat);
    const second = (await refresh(first.refreshToken)).body;
    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.error).toMatchObject({ code: 'unauthenticated', message: 'invalid, expired or revoked refresh token' });
    // The thief's copy and the rightful successor both stop working; another session does not.
    expect((await refresh(second.refreshToken)).status).toBe(401);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('refuses unknown and expired refresh tokens with 401, and a missing one with 400 naming it', async () => {
    const pat = await createTestUser(app.ctx);
    const { refreshToken } = await logIn(pat);
    expect((await refresh('not-a-token')).status).toBe(401);
    await RefreshTokenModel.updateMany({ user: pat.actor.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await refresh(refreshToken)).status).toBe(401);

    const missing = await app.request.post('/api/auth/refresh').send({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'refreshToken' })]);
    expect((await refresh(42)).status).toBe(400);
  });
});

describe('POST /api/auth/logout', () => {
  it('ends this session only: its access token at once and its refresh token', async () => {
    const pat = await createTestUser(app.ctx);
    const here = await logIn(pat);
    const elsewhere = await logIn(pat);
    expect((await me(here.token)).status).toBe(200);

    const res = await app.request.post('/api/auth/logout').set(bearer(here.token)).send({ refreshToken: here.refreshToken });
    expect(res.status).toBe(204);
    expect((await me(here.token)).status).toBe(401);
    expect((await refresh(here.refreshToken)).status).toBe(401);
    expect((await me(elsewhere.token)).status).toBe(200);
    expect((await refresh(elsewhere.refreshToken)).status).toBe(200);
  });

  it('succeeds without a body or a valid access token, and refuses a malformed body with 400', async () => {
    expect((await app.request.post('/api/auth/logout')).status).toBe(204);
    expect((await app.request.post('/api/auth/logout').set(bearer('garbage.token.here')).send({})).status).toBe(204);
    const bad = await app.request.post('/api/auth/logout').send({ refreshToken: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'refreshToken' })]);
  });
});

describe('POST /api/auth/logout-all', () => {
  it('ends every session of the caller and no one else’s', async () => {
    const pat = await createTestUser(app.ctx);
    const sam = await createTestUser(app.ctx);
    const phone = await logIn(pat);
    const laptop = await logIn(pat);
    const res = await app.request.post('/api/auth/logout-all').set(bearer(laptop.token));
    expect(res.status).toBe(204);
    for (const token of [phone.token, laptop.token, pat.token]) expect((await me(token)).status).toBe(401);
    for (const refreshToken of [phone.refreshToken, laptop.refreshToken]) expect((await refresh(refreshToken)).status).toBe(401);
    expect((await me(sam.token)).status).toBe(200);
    // Signing in again works.
    expect((await me((await logIn(pat)).token)).status).toBe(200);
  });

  it('needs a valid token', async () => {
    expect((await app.request.post('/api/auth/logout-all')).status).toBe(401);
  });
});

describe('PATCH /api/auth/password', () => {
  it('sets the new password, ends every other session and returns a fresh pair for this one', async () => {
    const pat = await createTestUser(app.ctx);
    const here = await logIn(pat);
    const elsewhere = await logIn(pat);
    const res = await app.request
      .patch('/api/auth/password')
      .set(bearer(here.token))
      .send({ currentPassword: pat.password, newPassword: 'a-brand-new-secret' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['refreshToken', 'token']);

    for (const token of [here.token, elsewhere.token]) expect((await me(token)).status).toBe(401);
    for (const refreshToken of [here.refreshToken, elsewhere.refreshToken]) expect((await refresh(refreshToken)).status).toBe(401);
    expect((await me(res.body.token)).status).toBe(200);
    expect((await refresh(res.body.refreshToken)).status).toBe(200);

    const oldPassword = await app.request.post('/api/auth/login').send({ email: pat.user.email, password: pat.password });
    expect(oldPassword.status).toBe(401);
    await logIn(pat, 'a-brand-new-secret');
  });

  it('refuses a wrong current password with 400 naming the field, and changes nothing', async () => {
    const pat = await createTestUser(app.ctx);
    const here = await logIn(pat);
    const res = await app.request
      .patch('/api/auth/password')
      .set(bearer(here.token))
      .send({ currentPassword: 'not-my-password', newPassword: 'a-brand-new-secret' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'currentPassword', message: 'is not your current password' }] });
    expect((await me(here.token)).status).toBe(200);
    await logIn(pat);
  });

  it.each([
    [{ currentPassword: 'x', newPassword: 'short' }, 'newPassword'],
    [{ currentPassword: 'x', newPassword: 'n'.repeat(129) }, 'newPassword'],
    [{ newPassword: 'long-enough-pw' }, 'currentPassword'],
    [{ currentPassword: 'x', newPassword: 'long-enough-pw', extra: 1 }, '(root)'],
  ])('refuses %j with 400 naming %s', async (body, path) => {
    const pat = await createTestUser(app.ctx);
    const res = await app.request.patch('/api/auth/password').set(pat.auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('needs a valid token', async () => {
    const res = await app.request.patch('/api/auth/password').send({ currentPassword: 'x', newPassword: 'long-enough-pw' });
    expect(res.status).toBe(401);
  });
});

describe('role changes and deletion', () => {
  it('refuses tokens issued before an approved moderator application', async () => {
    const pat = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const session = await logIn(pat);
    const created = await app.request.post('/api/mod-requests').set(bearer(session.token)).send({ skills: ['react'], motivation: 'I know the product well and want to help.' });
    expect(created.status).toBe(201);
    await app.request.patch(`/api/mod-requests/${created.body.request.id}`).set(admin.auth).send({ status: 'approved' }).expect(200);
    expect((await me(session.token)).status).toBe(401);
    // The session goes on through its refresh token, now as a moderator.
    const renewed = await refresh(session.refreshToken);
    expect((await me(renewed.body.token)).body.user.role).toBe('moderator');
  });

  it('refuses a user deleted straight from the database within a few seconds, even with their identity cached', async () => {
    const pat = await createTestUser(app.ctx);
    expect((await me(pat.token)).status).toBe(200);
    await UserModel.deleteOne({ _id: pat.actor.id });
    const deadline = Date.now() + 6_000;
    let status = 200;
    while (Date.now() < deadline && status === 200) {
      status = (await app.request.get('/api/tickets').set(pat.auth)).status;
      if (status === 200) await sleep(250);
    }
    expect(status).toBe(401);
  }, 10_000);
});

describe('a demoted moderator', () => {
  it('loses every right on the tickets they were assigned, with their old token and after signing in again', async () => {
    const creator = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const { id: openId } = await createTestTicket(app.ctx, creator, { assignee: moderator });
    const { id: doneId } = await createTestTicket(app.ctx, creator, { assignee: moderator });
    await app.request.patch(`/api/tickets/${doneId}/status`).set(moderator.auth).send({ status: 'completed' }).expect(200);
    expect((await app.request.get(`/api/tickets/${openId}`).set(moderator.auth)).status).toBe(200);

    await app.request.patch(`/api/users/${moderator.actor.id}`).set(admin.auth).send({ role: 'user' }).expect(200);

    const fresh = await logIn(moderator);
    for (const auth of [moderator.auth, bearer(fresh.token)]) {
      for (const ticketId of [openId, doneId]) {
        expect((await app.request.get(`/api/tickets/${ticketId}`).set(auth)).status).not.toBe(200);
        const comment = await app.request.post(`/api/tickets/${ticketId}/comments`).set(auth).send({ body: 'still here' });
        expect([401, 403, 404]).toContain(comment.status);
        const status = await app.request.patch(`/api/tickets/${ticketId}/status`).set(auth).send({ status: 'in_progress' });
        expect([401, 403, 404]).toContain(status.status);
      }
    }
    expect((await app.request.get(`/api/tickets/${openId}`).set(moderator.auth)).status).toBe(401);
    expect((await app.request.get(`/api/tickets/${openId}`).set(bearer(fresh.token))).status).toBe(404);

    // The open ticket went back to the pool, as a release by the admin; the completed one keeps its history.
    const seen = await app.request.get(`/api/tickets/${openId}`).set(admin.auth);
    expect(seen.body.ticket.assignedTo).toBeNull();
    expect(seen.body.ticket.timeline).toContainEqual(expect.objectContaining({ type: 'released' }));
    const pool = await app.request.get('/api/tickets?assignee=unassigned').set(admin.auth);
    expect(pool.body.items.map((t: { id: string }) => t.id)).toContain(openId);
    const stored = await UserModel.findById(moderator.actor.id).lean();
    expect(stored?.activeTickets).toBe(0);
  });
});
