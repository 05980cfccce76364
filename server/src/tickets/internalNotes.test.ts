import { WORKFLOW_EVENTS, type Comment } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { OutboxMessageModel } from '../mail/outboxModel.js';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../test/harness.js';
import { inngestTestEngine } from '../test/inngestTest.js';
import { collect, request, useSocketServer, type TestClient } from '../test/socketHarness.js';
import { workflowDepsOf } from '../workflows/deps.js';
import { notifyAssignee } from '../workflows/functions/notify-assignee.js';

const app = useTestApp({ APP_URL: 'https://desk.example.test' });
const server = useSocketServer(app);

/** A user's ticket assigned to a moderator, an admin, and a moderator with no part in it. */
async function cast() {
  const requester = await createTestUser(app.ctx);
  const assignee = await createTestUser(app.ctx, { role: 'moderator' });
  const admin = await createTestUser(app.ctx, { role: 'admin' });
  const otherModerator = await createTestUser(app.ctx, { role: 'moderator' });
  const { id } = await createTestTicket(app.ctx, requester, { title: 'Printer jams on every page', assignee });
  return { requester, assignee, admin, otherModerator, id };
}

const postComment = (who: TestUser, id: string, body: Record<string, unknown>) =>
  app.request.post(`/api/tickets/${id}/comments`).set(who.auth).send(body);

const commentBodies = async (who: TestUser, id: string) =>
  (await app.request.get(`/api/tickets/${id}/comments`).set(who.auth).expect(200)).body.items.map((c: Comment) => c.body);

async function joinTicket(client: TestClient, ticketId: string) {
  expect(await request(client, 'join_ticket', { ticketId })).toEqual({ ok: true });
}

describe('adding internal notes', () => {
  it('lets the assignee and admins leave a note, marked internal, while public comments say internal: false', async () => {
    const { requester, assignee, admin, id } = await cast();
    const byAssignee = await postComment(assignee, id, { body: 'Customer is on the old driver', internal: true });
    expect(byAssignee.status).toBe(201);
    expect(byAssignee.body.comment).toMatchObject({ body: 'Customer is on the old driver', internal: true, author: { id: assignee.actor.id } });
    expect((await postComment(admin, id, { body: 'Escalate if it recurs', internal: true })).body.comment.internal).toBe(true);
    expect((await postComment(requester, id, { body: 'Still jamming' })).body.comment.internal).toBe(false);
    expect((await postComment(assignee, id, { body: 'Try the new driver', internal: false })).body.comment.internal).toBe(false);
  });

  it('forbids a requester from writing a note (403) and stores nothing', async () => {
    const { requester, admin, id } = await cast();
    const res = await postComment(requester, id, { body: 'Let me in on it', internal: true });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(await commentBodies(admin, id)).toEqual([]);
  });

  it('hides the ticket from a moderator with no part in it (404), note or not', async () => {
    const { otherModerator, id } = await cast();
    expect((await postComment(otherModerator, id, { body: 'psst', internal: true })).status).toBe(404);
  });

  it('a moderator who filed the ticket is its requester: no note, and none shown', async () => {
    const filer = await createTestUser(app.ctx, { role: 'moderator' });
    const assignee = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, filer, { assignee });
    expect((await postComment(filer, id, { body: 'me too', internal: true })).status).toBe(403);
    await postComment(assignee, id, { body: 'Filed by a colleague, be kind', internal: true }).expect(201);
    expect(await commentBodies(filer, id)).toEqual([]);
  });

  it('offers the note ability to the assignee and admins only', async () => {
    const { requester, assignee, admin, id } = await cast();
    const abilities = async (who: TestUser) => (await app.request.get(`/api/tickets/${id}`).set(who.auth)).body.ticket.abilities;
    expect(await abilities(requester)).toMatchObject({ comment: true, addInternalNote: false, readInternalNotes: false });
    expect(await abilities(assignee)).toMatchObject({ addInternalNote: true, readInternalNotes: true });
    expect(await abilities(admin)).toMatchObject({ addInternalNote: true, readInternalNotes: true });
  });
});

describe('internal notes never reach the requester', () => {
  it('leaves notes out of the requester’s comment list and its totals, and shows them to staff', async () => {
    const { requester, assignee, admin, id } = await cast();
    await postComment(requester, id, { body: 'It jams' }).expect(201);
    await postComment(assignee, id, { body: 'SECRET: known firmware bug', internal: true }).expect(201);
    await postComment(assignee, id, { body: 'We are on it' }).expect(201);

    const asRequester = await app.request.get(`/api/tickets/${id}/comments`).set(requester.auth).expect(200);
    expect(asRequester.body.items.map((c: Comment) => c.body)).toEqual(['It jams', 'We are on it']);
    expect(asRequester.body.total).toBe(2);
    expect(JSON.stringify(asRequester.body)).not.toContain('SECRET');

    for (const staff of [assignee, admin]) {
      expect(await commentBodies(staff, id)).toEqual(['It jams', 'SECRET: known firmware bug', 'We are on it']);
    }
  });

  it('keeps the note’s timeline entry from the requester and counts public comments only', async () => {
    const { requester, assignee, admin, id } = await cast();
    await postComment(assignee, id, { body: 'SECRET timeline note', internal: true }).expect(201);
    await postComment(assignee, id, { body: 'Public reply' }).expect(201);

    const seen = (await app.request.get(`/api/tickets/${id}`).set(requester.auth).expect(200)).body.ticket;
    expect(seen.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'assigned', 'commented']);
    expect(seen.commentCount).toBe(1);
    expect(JSON.stringify(seen)).not.toContain('SECRET');

    const staffView = (await app.request.get(`/api/tickets/${id}`).set(admin.auth).expect(200)).body.ticket;
    expect(staffView.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'assigned', 'noted', 'commented']);
    expect(staffView.commentCount).toBe(1);

    const listed = (await app.request.get('/api/tickets').set(requester.auth).expect(200)).body.items;
    expect(listed.find((t: { id: string }) => t.id === id).commentCount).toBe(1);
  });

  it('is not found by the requester’s list search, and the list carries no trace of it', async () => {
    const { requester, assignee, id } = await cast();
    await postComment(assignee, id, { body: 'Zanzibarcode refund approved', internal: true }).expect(201);
    const search = await app.request.get('/api/tickets?q=Zanzibarcode').set(requester.auth).expect(200);
    expect(search.body.items).toEqual([]);
    const list = await app.request.get('/api/tickets').set(requester.auth).expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain('Zanzibarcode');
  });

  it('puts nothing of a note in any e-mail', async () => {
    const { requester, assignee, id } = await cast();
    await postComment(assignee, id, { body: 'SECRET mail note', internal: true }).expect(201);
    await postComment(requester, id, { body: 'Any news?' }).expect(201);
    // The one ticket e-mail there is, sent after the note was written.
    await inngestTestEngine(notifyAssignee, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.ticketAssigned, data: { ticketId: id, moderatorId: assignee.actor.id } }],
    });
    const mails = await OutboxMessageModel.find({}).lean();
    expect(mails.filter((m) => String(m.ticketId) === id)).toHaveLength(1);
    for (const mail of mails) {
      expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain('SECRET mail note');
    }
  });

  it('is never sent over the socket to the requester, even with the ticket open, while staff receive it', async () => {
    const { requester, assignee, admin, otherModerator, id } = await cast();
    const requesterTabs = [await server.connect(requester.token), await server.connect(requester.token)];
    await joinTicket(requesterTabs[0]!, id);
    const assigneeClient = await server.connect(assignee.token);
    await joinTicket(assigneeClient, id);
    const adminClient = await server.connect(admin.token);
    await joinTicket(adminClient, id);
    const bystander = await server.connect(otherModerator.token);

    const requesterHeard = requesterTabs.map((tab) => collect(tab, 'comment_added'));
    const assigneeHeard = collect(assigneeClient, 'comment_added');
    const adminHeard = collect(adminClient, 'comment_added');
    const bystanderHeard = collect(bystander, 'comment_added');

    await postComment(assignee, id, { body: 'SECRET socket note', internal: true }).expect(201);
    await postComment(assignee, id, { body: 'Public socket reply' }).expect(201);

    for (const client of [...requesterTabs, assigneeClient, adminClient, bystander]) await server.barrier(client);
    for (const heard of requesterHeard) {
      expect(heard.map((p) => p.comment.body)).toEqual(['Public socket reply']);
    }
    expect(assigneeHeard.map((p) => [p.comment.body, p.comment.internal])).toEqual([
      ['SECRET socket note', true],
      ['Public socket reply', false],
    ]);
    expect(adminHeard.map((p) => p.comment.body)).toEqual(['SECRET socket note', 'Public socket reply']);
    expect(bystanderHeard).toEqual([]);
  });
});
