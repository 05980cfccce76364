import { describe, expect, it } from 'vitest';
import { createIdempotencyStore } from '../../platform/idempotency.js';
import { CommentModel } from '../../tickets/commentModel.js';
import { TicketModel } from '../../tickets/ticketModel.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';

const app = useTestApp();

describe('Idempotency-Key on POST /api/tickets', () => {
  it('answers a retry with the first response and files one ticket', async () => {
    const ann = await createTestUser(app.ctx);
    const body = { title: 'Printer on fire', description: 'Smoke from tray 2.' };
    const first = await app.request.post('/api/tickets').set(ann.auth).set('Idempotency-Key', 'create-1').send(body);
    expect(first.status).toBe(201);
    const retry = await app.request.post('/api/tickets').set(ann.auth).set('Idempotency-Key', 'create-1').send(body);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await TicketModel.countDocuments({ createdBy: ann.actor.id })).toBe(1);
  });

  it('keeps keys per user: the same key from someone else files their own ticket', async () => {
    const ann = await createTestUser(app.ctx);
    const bob = await createTestUser(app.ctx);
    const body = { title: 'Same key', description: 'Different people.' };
    await app.request.post('/api/tickets').set(ann.auth).set('Idempotency-Key', 'shared').send(body).expect(201);
    const res = await app.request.post('/api/tickets').set(bob.auth).set('Idempotency-Key', 'shared').send(body);
    expect(res.status).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(res.body.ticket.createdBy.id).toBe(bob.actor.id);
  });

  it('refuses the same key on a different body with 422', async () => {
    const ann = await createTestUser(app.ctx);
    await app.request.post('/api/tickets').set(ann.auth).set('Idempotency-Key', 'k-422').send({ title: 'First one', description: 'a' }).expect(201);
    const res = await app.request.post('/api/tickets').set(ann.auth).set('Idempotency-Key', 'k-422').send({ title: 'Second one', description: 'b' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('idempotency_key_reused');
    expect(await TicketModel.countDocuments({ createdBy: ann.actor.id })).toBe(1);
  });

  it('lets one of two concurrent requests with the same key create; the other waits its turn or replays', async () => {
    const ann = await createTestUser(app.ctx);
    const body = { title: 'Double click', description: 'Sent twice at once.' };
    const send = () => app.request.post('/api/tickets').set(ann.auth).set('Idempotency-Key', 'race').send(body).then((r) => r);
    const responses = await Promise.all([send(), send(), send()]);
    const created = responses.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined);
    expect(created).toHaveLength(1);
    for (const r of responses) {
      if (r === created[0]) continue;
      if (r.status === 409) expect(r.body.error.code).toBe('idempotency_in_progress');
      else expect(r.body).toEqual(created[0]!.body);
    }
    expect(await TicketModel.countDocuments({ createdBy: ann.actor.id })).toBe(1);
  });

  it('rejects a key that is too long or not printable', async () => {
    const ann = await createTestUser(app.ctx);
    const body = { title: 'Bad key', description: 'x' };
    const long = await app.request.post('/api/tickets').set(ann.auth).set('Idempotency-Key', 'k'.repeat(256)).send(body);
    expect(long.status).toBe(400);
    expect(long.body.error.details).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    const tab = await app.request.post('/api/tickets').set(ann.auth).set('Idempotency-Key', 'a\tb').send(body);
    expect(tab.status).toBe(400);
    expect(await TicketModel.countDocuments({ createdBy: ann.actor.id })).toBe(0);
  });
});

describe('Idempotency-Key on POST /api/tickets/:id/comments', () => {
  it('adds one comment however often the client retries', async () => {
    const ann = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, ann);
    const post = () => app.request.post(`/api/tickets/${id}/comments`).set(ann.auth).set('Idempotency-Key', 'c-1').send({ body: 'Any news?' });
    const first = await post();
    expect(first.status).toBe(201);
    const retry = await post();
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await CommentModel.countDocuments({ ticket: id })).toBe(1);
    expect((await TicketModel.findById(id).lean())!.commentCount).toBe(1);
  });

  it('treats the same key on another ticket as a different request', async () => {
    const ann = await createTestUser(app.ctx);
    const one = await createTestTicket(app.ctx, ann);
    const two = await createTestTicket(app.ctx, ann);
    await app.request.post(`/api/tickets/${one.id}/comments`).set(ann.auth).set('Idempotency-Key', 'c-2').send({ body: 'Hi' }).expect(201);
    const res = await app.request.post(`/api/tickets/${two.id}/comments`).set(ann.auth).set('Idempotency-Key', 'c-2').send({ body: 'Hi' });
    expect(res.status).toBe(422);
  });
});

describe('the idempotency store', () => {
  it('forgets an answered key after its time to live, and frees a claim whose request never answered', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const store = createIdempotencyStore({ ttlMs: 24 * 3_600_000, leaseMs: 60_000, now: () => now });
    const caller = `caller-${Math.random()}`;
    const print = store.fingerprint(['POST', '/x', '{}']);
    expect(await store.claim(caller, 'a', print)).toEqual({ kind: 'claimed' });
    expect(await store.claim(caller, 'a', print)).toEqual({ kind: 'in_progress' });
    await store.complete(caller, 'a', { status: 201, body: '{"ok":true}' });
    expect(await store.claim(caller, 'a', print)).toEqual({ kind: 'replay', status: 201, body: '{"ok":true}' });
    now = new Date(now.getTime() + 24 * 3_600_000 + 1);
    expect(await store.claim(caller, 'a', print)).toEqual({ kind: 'claimed' });
    now = new Date(now.getTime() + 60_001);
    expect(await store.claim(caller, 'a', print)).toEqual({ kind: 'claimed' });
  });
});
