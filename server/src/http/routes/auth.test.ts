import jwt from 'jsonwebtoken';
import { describe, expect, it, vi } from 'vitest';
import { OutboxMessageModel } from '../../mail/outboxModel.js';
import { UserModel } from '../../users/userModel.js';
import { createTestUser, TEST_JWT_SECRET, useTestApp } from '../../test/harness.js';

const app = useTestApp();
const email = () => `person-${Math.random().toString(36).slice(2)}@example.test`;

describe('POST /api/auth/signup', () => {
  it('creates an account and returns a token and the user without secrets', async () => {
    const address = email();
    const res = await app.request.post('/api/auth/signup').send({ name: 'Pat', email: address.toUpperCase(), password: 'long-enough-pw' });
    expect(res.status).toBe(201);
    expect(res.body.token).toEqual(expect.any(String));
    expect(res.body.user).toMatchObject({ name: 'Pat', email: address, role: 'user' });
    expect(res.body.user.id).toMatch(/^[0-9a-f]{24}$/);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/passwordHash|_id|__v/);
    const stored = await UserModel.findOne({ email: address }).select('+passwordHash').lean();
    expect(stored?.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(stored?.passwordHash).not.toContain('long-enough-pw');
  });

  it('makes no second account with the same email, answers as for a new one, and tells the owner by e-mail', async () => {
    const address = email();
    const first = await app.request.post('/api/auth/signup').send({ name: 'A', email: address, password: 'long-enough-pw' }).expect(201);
    const res = await app.request.post('/api/auth/signup').send({ name: 'B', email: address, password: 'another-password' });
    // Was 409 `conflict`, which told anyone which addresses have accounts.
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(first.body).sort());
    expect(Object.keys(res.body.user).sort()).toEqual(Object.keys(first.body.user).sort());
    expect(res.body.user).toMatchObject({ name: 'B', email: address, role: 'user' });
    expect(res.body.user.id).not.toBe(first.body.user.id);

    const stored = await UserModel.find({ email: address }).lean();
    expect(stored.map((u) => u.name)).toEqual(['A']);
    // The answer's token signs in to nothing; the owner's password still works.
    expect((await app.request.get('/api/auth/me').set('Authorization', `Bearer ${res.body.token}`)).status).toBe(401);
    expect((await app.request.post('/api/auth/login').send({ email: address, password: 'long-enough-pw' })).status).toBe(200);

    const notices = () => OutboxMessageModel.find({ to: address, category: 'signup_attempt' }).lean();
    await vi.waitFor(async () => expect(await notices()).toHaveLength(1));
    const [notice] = await notices();
    expect(notice!.subject).toBe('[RelayDesk] Someone tried to sign up with your address');
    expect(notice!.text).toContain('Hi A,');
    expect(String(notice!.userId)).toBe(first.body.user.id);

    // Repeated attempts do not flood the owner's inbox.
    await app.request.post('/api/auth/signup').send({ name: 'C', email: address, password: 'another-password' }).expect(201);
    await new Promise((r) => setTimeout(r, 200));
    expect(await notices()).toHaveLength(1);
  });

  it.each([
    [{ name: 'A', email: 'not-an-email', password: 'long-enough-pw' }, 'email'],
    [{ name: 'A', email: 'a@example.test', password: 'short' }, 'password'],
    [{ name: '', email: 'a@example.test', password: 'long-enough-pw' }, 'name'],
    [{ email: 'a@example.test', password: 'long-enough-pw' }, 'name'],
    [{ name: 'A', email: 'a@example.test', password: 'long-enough-pw', role: 'admin' }, '(root)'],
  ])('rejects %j naming the field %s', async (body, field) => {
    const res = await app.request.post('/api/auth/signup').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(res.body.error.message).toContain(field === '(root)' ? 'role' : field);
  });
});

describe('POST /api/auth/login', () => {
  it('returns a token that authenticates /me', async () => {
    const pat = await createTestUser(app.ctx);
    const res = await app.request.post('/api/auth/login').send({ email: pat.user.email, password: pat.password });
    expect(res.status).toBe(200);
    const me = await app.request.get('/api/auth/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(pat.actor.id);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const pat = await createTestUser(app.ctx);
    const wrong = await app.request.post('/api/auth/login').send({ email: pat.user.email, password: 'not-the-password' });
    const unknown = await app.request.post('/api/auth/login').send({ email: email(), password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('rejects operator injection in the email field', async () => {
    const res = await app.request.post('/api/auth/login').send({ email: { $gt: '' }, password: { $gt: '' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['email', 'password']));
  });
});

describe('bad requests', () => {
  it('answers malformed JSON with 400', async () => {
    const res = await app.request.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('answers a body over 100 kB with 413', async () => {
    const res = await app.request.post('/api/auth/signup').send({ name: 'x'.repeat(110_000), email: email(), password: 'long-enough-pw' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers a missing body with 400, not 500', async () => {
    const res = await app.request.post('/api/auth/login');
    expect(res.status).toBe(400);
  });

  it('answers an unknown endpoint with a JSON 404', async () => {
    const res = await app.request.get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('tokens', () => {
  it.each([
    ['no header', undefined],
    ['not a bearer token', 'Basic abc'],
    ['garbage', 'Bearer not.a.jwt'],
    ['signed with another secret', `Bearer ${jwt.sign({ sub: '0'.repeat(24), ver: 0 }, 'another-secret-another-secret-another')}`],
    ['for a user that does not exist', `Bearer ${jwt.sign({ sub: 'a'.repeat(24), ver: 0 }, TEST_JWT_SECRET)}`],
    ['unsigned (alg none)', `Bearer ${jwt.sign({ sub: '0'.repeat(24), ver: 0 }, '', { algorithm: 'none' })}`],
  ])('refuses %s with 401', async (_label, header) => {
    const req = app.request.get('/api/auth/me');
    if (header) req.set('Authorization', header);
    const res = await req;
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('refuses an expired token with 401', async () => {
    const pat = await createTestUser(app.ctx);
    const expired = jwt.sign({ sub: pat.actor.id, ver: 0, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET);
    const res = await app.request.get('/api/auth/me').set('Authorization', `Bearer ${expired}`);
    expect(res.status).toBe(401);
  });
});

describe('PATCH /api/auth/status', () => {
  it('stores the chosen presence', async () => {
    const pat = await createTestUser(app.ctx);
    const res = await app.request.patch('/api/auth/status').set(pat.auth).send({ status: 'dnd' });
    expect(res.status).toBe(200);
    expect(res.body.user.presence).toBe('dnd');
    const me = await app.request.get('/api/auth/me').set(pat.auth);
    expect(me.body.user.presence).toBe('dnd');
  });

  it('rejects an unknown presence', async () => {
    const pat = await createTestUser(app.ctx);
    const res = await app.request.patch('/api/auth/status').set(pat.auth).send({ status: 'away' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('status');
  });
});
