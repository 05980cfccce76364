import { describe, expect, it } from 'vitest';
import { createOutboxMailer } from '../../mail/outboxMailer.js';
import { createTestUser, useTestApp } from '../../test/harness.js';

const app = useTestApp();
const mailer = createOutboxMailer({ from: 'RelayDesk <no-reply@relaydesk.local>' });

async function seed(count: number, to: string, category: 'welcome' | 'ticket_assigned') {
  for (let i = 0; i < count; i++) {
    await mailer.send({ to, subject: `${category} ${i}`, text: 'hello', html: '<p>hello</p>', category, idempotencyKey: `${to}:${category}:${i}` });
  }
}

describe('GET /api/dev/outbox', () => {
  it('is for admins only', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    expect((await app.request.get('/api/dev/outbox')).status).toBe(401);
    expect((await app.request.get('/api/dev/outbox').set(pat.auth)).status).toBe(403);
    expect((await app.request.get('/api/dev/outbox').set(mo.auth)).status).toBe(403);
  });

  it('pages through messages newest first and filters by recipient and category', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    await seed(3, 'kim@example.test', 'welcome');
    await seed(2, 'lee@example.test', 'ticket_assigned');

    const first = await app.request.get('/api/dev/outbox?limit=2').set(admin.auth);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, limit: 2, total: 5, totalPages: 3 });
    expect(first.body.items.map((m: { subject: string }) => m.subject)).toEqual(['ticket_assigned 1', 'ticket_assigned 0']);
    expect(first.body.items[0]).toEqual({
      id: expect.any(String),
      to: 'lee@example.test',
      from: 'RelayDesk <no-reply@relaydesk.local>',
      subject: 'ticket_assigned 1',
      text: 'hello',
      html: '<p>hello</p>',
      category: 'ticket_assigned',
      ticketId: null,
      userId: null,
      createdAt: expect.any(String),
    });

    const kim = await app.request.get('/api/dev/outbox?to=KIM@example.test&category=welcome').set(admin.auth);
    expect(kim.body.total).toBe(3);
    expect((await app.request.get('/api/dev/outbox?to=kim@example.test&category=ticket_assigned').set(admin.auth)).body.total).toBe(0);
  });

  it('rejects a bad query', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const res = await app.request.get('/api/dev/outbox?category=spam&limit=1000').set(admin.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['category', 'limit']);
  });
});
