import { describe, expect, it } from 'vitest';
import { seedDemoData } from '../../app/demoData.js';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../../test/harness.js';

const app = useTestApp();

interface SimilarItem {
  ticket: { id: string; number: number; title: string; status: string };
  score: number;
  coverage: number;
  resolution: string;
}

/** A ticket filed, answered by its assignee and completed, as a moderator would close it. */
async function solvedTicket(requester: TestUser, moderator: TestUser, title: string, description: string, reply: string) {
  const { id } = await createTestTicket(app.ctx, requester, { title, description, assignee: moderator });
  await app.ctx.services.comments.addComment(moderator.actor, id, reply);
  await app.ctx.services.tickets.changeStatus(moderator.actor, id, 'in_progress');
  await app.ctx.services.tickets.changeStatus(moderator.actor, id, 'completed');
  await app.ctx.services.similarIndex.settled();
  return id;
}

describe('copilot on the demo data, without a model', () => {
  it('puts the solved ticket worded like a new one first, and drafts a reply from its answer', async () => {
    await seedDemoData(app.ctx);
    await app.ctx.services.similarIndex.settled();
    const login = async (email: string, password: string) =>
      (await app.request.post('/api/auth/login').send({ email, password })).body.token as string;
    const leo = await login('leo@relaydesk.test', 'user-demo-pass');
    const filed = await app.request
      .post('/api/tickets')
      .set({ Authorization: `Bearer ${leo}` })
      .send({ title: 'Webhook signatures do not match', description: 'Our endpoint rejects every webhook event you send: the signature check fails.' });
    expect(filed.status).toBe(201);
    const ticket = filed.body.ticket as { id: string };
    const admin = await login('admin@relaydesk.test', 'admin-demo-pass');

    const similar = await app.request.get(`/api/tickets/${ticket.id}/similar`).set({ Authorization: `Bearer ${admin}` });
    expect(similar.status).toBe(200);
    const items = similar.body.items as SimilarItem[];
    expect(items[0]?.ticket).toMatchObject({ title: 'Webhook signature mismatch', status: 'completed' });
    expect(items[0]?.resolution).toBe('You were using the old secret; rotated it together.');
    expect(items.map((item) => item.ticket.id)).not.toContain(ticket.id);

    const drafted = await app.request.post(`/api/tickets/${ticket.id}/draft-reply`).set({ Authorization: `Bearer ${admin}` });
    expect(drafted.status).toBe(200);
    expect(drafted.body.draft.engine).toBe('local');
    expect(drafted.body.draft.sources).toEqual([items[0]!.ticket.id]);
    expect(drafted.body.draft.text).toMatch(/^Hi Leo,/);
    expect(drafted.body.draft.text).toContain('You were using the old secret; rotated it together.');
    expect(drafted.body.draft.text).toMatch(/ticket #\d+/);
    expect(drafted.body.draft.label).toMatch(/^Suggestion from solved ticket #\d+/);

    // The requester sees neither.
    expect((await app.request.get(`/api/tickets/${ticket.id}/similar`).set({ Authorization: `Bearer ${leo}` })).status).toBe(403);
    expect((await app.request.post(`/api/tickets/${ticket.id}/draft-reply`).set({ Authorization: `Bearer ${leo}` })).status).toBe(403);
  });
});

describe('GET /api/tickets/:id/similar', () => {
  it('indexes a ticket when it is completed and forgets it when it is reopened', async () => {
    const requester = await createTestUser(app.ctx, { name: 'Rita Requester' });
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const solved = await solvedTicket(
      requester,
      moderator,
      'Calendar sync duplicates every meeting',
      'Since Monday the calendar sync creates each meeting twice in Outlook.',
      'Hi Rita, disconnect and reconnect the calendar integration; the duplicates go away on the next sync.',
    );
    const { id: fresh } = await createTestTicket(app.ctx, requester, {
      title: 'Meetings duplicated by calendar sync',
      description: 'Every meeting shows up twice after the calendar sync runs.',
      assignee: moderator,
    });

    const first = await app.request.get(`/api/tickets/${fresh}/similar`).set(moderator.auth);
    expect(first.status).toBe(200);
    expect(first.body.items[0].ticket.id).toBe(solved);
    expect(first.body.items[0].resolution).toMatch(/^Hi Rita, disconnect and reconnect/);

    await app.ctx.services.tickets.changeStatus(moderator.actor, solved, 'in_progress');
    await app.ctx.services.similarIndex.settled();
    const after = await app.request.get(`/api/tickets/${fresh}/similar`).set(moderator.auth);
    expect(after.body.items.map((item: SimilarItem) => item.ticket.id)).not.toContain(solved);
  });

  it('answers 404 to staff who may not read the ticket, and 403 to requesters', async () => {
    const requester = await createTestUser(app.ctx);
    const owner = await createTestUser(app.ctx, { role: 'moderator' });
    const other = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, requester, { assignee: owner });
    expect((await app.request.get(`/api/tickets/${id}/similar`).set(other.auth)).status).toBe(404);
    expect((await app.request.get(`/api/tickets/${id}/similar`).set(requester.auth)).status).toBe(403);
    expect((await app.request.get(`/api/tickets/${id}/similar`).set(owner.auth)).status).toBe(200);
  });
});

describe('POST /api/tickets/:id/draft-reply', () => {
  it('says plainly that it has nothing when no solved ticket is close enough', async () => {
    const requester = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, requester, {
      title: 'Zebra stripes render sideways',
      description: 'Quaternion gizmo wobbles under fluorescent lighting.',
      assignee: moderator,
    });
    const res = await app.request.post(`/api/tickets/${id}/draft-reply`).set(moderator.auth);
    expect(res.status).toBe(200);
    expect(res.body.draft).toEqual({ text: '', engine: 'local', sources: [], label: '' });
    expect(res.body.reason).toMatch(/No solved ticket/);
  });
});

describe('POST /api/tickets/:id/ask', () => {
  it('answers 503 ai_unavailable without a model', async () => {
    const requester = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, requester, { assignee: moderator });
    const res = await app.request.post(`/api/tickets/${id}/ask`).set(moderator.auth).send({ question: 'What did they try already?' });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('ai_unavailable');
    expect((await app.request.post(`/api/tickets/${id}/ask`).set(moderator.auth).send({})).status).toBe(400);
  });
});

describe('GET /api/users/:id/context', () => {
  it('lists a requester\u2019s tickets with counts and last contact for staff who can see one of them', async () => {
    const requester = await createTestUser(app.ctx, { name: 'Nina Requester' });
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const stranger = await createTestUser(app.ctx, { role: 'moderator' });
    const solved = await solvedTicket(requester, moderator, 'Export stuck', 'The CSV export never finishes.', 'Fixed the export queue.');
    await createTestTicket(app.ctx, requester, { title: 'Second question', assignee: moderator });

    const res = await app.request.get(`/api/users/${requester.actor.id}/context`).set(moderator.auth);
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ id: requester.actor.id, name: 'Nina Requester' });
    expect(res.body.counts).toEqual({ total: 2, open: 1, completed: 1 });
    expect(res.body.tickets.map((t: { title: string }) => t.title)).toEqual(['Second question', 'Export stuck']);
    expect(res.body.tickets.find((t: { id: string }) => t.id === solved).completedAt).not.toBeNull();
    expect(res.body.sinceLastContactMs).toBeGreaterThanOrEqual(0);

    expect((await app.request.get(`/api/users/${requester.actor.id}/context`).set(stranger.auth)).status).toBe(404);
    expect((await app.request.get(`/api/users/${requester.actor.id}/context`).set(requester.auth)).status).toBe(403);
  });
});
