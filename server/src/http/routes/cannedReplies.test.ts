import { fillPlaceholders } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { createTestUser, useTestApp } from '../../test/harness.js';

const app = useTestApp();

describe('/api/canned-replies', () => {
  it('lets admins write, change and delete canned replies, and every staff member list and search them', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const created = await app.request
      .post('/api/canned-replies')
      .set(admin.auth)
      .send({ title: 'Password reset', body: 'Hi {{requester.name}}, about ticket #{{ticket.number}}: use the reset link. {{agent.name}}' });
    expect(created.status).toBe(201);
    expect(created.body.cannedReply).toMatchObject({ title: 'Password reset', abilities: { use: true, update: true, delete: true } });
    const id = created.body.cannedReply.id as string;
    await app.request.post('/api/canned-replies').set(admin.auth).send({ title: 'Refund policy', body: 'Refunds take 5 days.' }).expect(201);

    const listed = await app.request.get('/api/canned-replies?q=reset').set(moderator.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: { title: string }) => r.title)).toEqual(['Password reset']);
    expect(listed.body.items[0].abilities).toEqual({ use: true, update: false, delete: false });

    const renamed = await app.request.patch(`/api/canned-replies/${id}`).set(admin.auth).send({ title: 'Reset your password' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.cannedReply.title).toBe('Reset your password');
    expect((await app.request.delete(`/api/canned-replies/${id}`).set(admin.auth)).status).toBe(204);
    expect((await app.request.patch(`/api/canned-replies/${id}`).set(admin.auth).send({ title: 'Gone' })).status).toBe(404);
  });

  it('keeps the library from requesters and its editing from moderators', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const requester = await createTestUser(app.ctx);
    const { body } = await app.request.post('/api/canned-replies').set(admin.auth).send({ title: 'Hello', body: 'Hello there' });
    expect((await app.request.get('/api/canned-replies').set(requester.auth)).status).toBe(403);
    expect((await app.request.post('/api/canned-replies').set(moderator.auth).send({ title: 'Mine', body: 'x' })).status).toBe(403);
    expect((await app.request.patch(`/api/canned-replies/${body.cannedReply.id}`).set(moderator.auth).send({ title: 'x' })).status).toBe(403);
    expect((await app.request.delete(`/api/canned-replies/${body.cannedReply.id}`).set(moderator.auth)).status).toBe(403);
  });

  it('names what is wrong with a bad reply: empty title, unknown placeholder, unknown field', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const empty = await app.request.post('/api/canned-replies').set(admin.auth).send({ title: '', body: 'x' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.map((d: { path: string }) => d.path)).toContain('title');
    const unknown = await app.request.post('/api/canned-replies').set(admin.auth).send({ title: 'X', body: 'Hi {{user.password}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].message).toMatch(/unknown placeholder/);
    expect((await app.request.post('/api/canned-replies').set(admin.auth).send({ title: 'X', body: 'y', shared: true })).status).toBe(400);
  });
});

describe('fillPlaceholders', () => {
  it('fills the known placeholders and leaves anything else as written', () => {
    expect(fillPlaceholders('Hi {{ requester.name }}, #{{ticket.number}} from {{agent.name}} {{other}}', { 'requester.name': 'Uma', 'ticket.number': '1042' })).toBe(
      'Hi Uma, #1042 from {{agent.name}} {{other}}',
    );
  });
});
