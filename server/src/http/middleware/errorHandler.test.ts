import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CommentModel } from '../../tickets/commentModel.js';
import { TicketModel } from '../../tickets/ticketModel.js';
import { UserModel } from '../../users/userModel.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';

const app = useTestApp();
// superagent would turn a Buffer labelled JSON into JSON text; these tests send the bytes themselves.
const sendBytesAsIs = (bytes: Buffer) => bytes as unknown as string;
const login = JSON.stringify({ email: 'nobody@example.test', password: 'whatever-password' });

function expectClientError(res: { status: number; body: { error?: { code: string; message: string } } }, mention: RegExp) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.body.error?.code).toBe('validation_failed');
  expect(res.body.error?.message).toMatch(mention);
}

describe('request bodies the server cannot read', () => {
  it('answers a body labelled gzip that is not gzip with 400 naming the encoding', async () => {
    const res = await app.request
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(login);
    expectClientError(res, /gzip/);
    expect(res.status).toBe(400);
  });

  it('answers a truncated gzip body with 400', async () => {
    const body = gzipSync(login).subarray(0, 12);
    const res = await app.request
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(sendBytesAsIs)
      .send(body);
    expectClientError(res, /gzip/);
  });

  it('still reads a real gzip body', async () => {
    const res = await app.request
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(sendBytesAsIs)
      .send(gzipSync(login));
    expect(res.status).toBe(401);
  });

  it('answers an unknown content encoding with a 4xx naming it', async () => {
    const res = await app.request
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'x-squash')
      .send(login);
    expectClientError(res, /x-squash/);
  });
});

describe('request URLs the server cannot read', () => {
  it('answers a broken percent-encoding in a path id with 400', async () => {
    const pat = await createTestUser(app.ctx);
    const res = await app.request.get('/api/tickets/%E0%A4%A').set(pat.auth);
    expectClientError(res, /percent-encoding/);
    expect(res.status).toBe(400);
  });

  it('answers a NUL byte in the search text with 400 naming q', async () => {
    const pat = await createTestUser(app.ctx);
    const res = await app.request.get('/api/tickets?q=print%00er').set(pat.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('q');
  });

  it('answers a NUL byte in the user search with 400', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const res = await app.request.get('/api/users?q=%00').set(admin.auth);
    expect(res.status).toBe(400);
  });
});

describe('text with NUL bytes is never stored', () => {
  it('refuses a ticket title or description with a NUL byte', async () => {
    const pat = await createTestUser(app.ctx);
    for (const body of [
      { title: 'Printer\u0000 on fire', description: 'Smoke everywhere' },
      { title: 'Printer on fire', description: 'Smoke\u0000everywhere' },
    ]) {
      const res = await app.request.post('/api/tickets').set(pat.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].message).toMatch(/NUL/);
    }
    expect(await TicketModel.countDocuments({ createdBy: pat.actor.id })).toBe(0);
  });

  it('refuses a comment with a NUL byte', async () => {
    const pat = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, pat);
    const res = await app.request.post(`/api/tickets/${id}/comments`).set(pat.auth).send({ body: 'hello\u0000world' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('body');
    expect(await CommentModel.countDocuments({ ticket: id })).toBe(0);
  });

  it('refuses a name with a NUL byte at signup', async () => {
    const email = `nul-${Date.now()}@example.test`;
    const res = await app.request.post('/api/auth/signup').send({ name: 'Pat\u0000', email, password: 'long-enough-pw' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('name');
    expect(await UserModel.exists({ email })).toBeNull();
  });
});
