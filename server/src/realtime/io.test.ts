import { SOCKET_MAX_PAYLOAD_BYTES } from '@relaydesk/shared';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, TEST_JWT_SECRET, useTestApp } from '../test/harness.js';
import { collect, nextEvent, request, sessionOf, useSocketServer, type TestClient } from '../test/socketHarness.js';

const app = useTestApp({ TYPING_THROTTLE_MS: '60000' });
const server = useSocketServer(app, { viewersDebounceMs: 10 });

/** A ticket filed by a user and assigned to a moderator, plus an admin and an unrelated user. */
async function cast() {
  const creator = await createTestUser(app.ctx);
  const moderator = await createTestUser(app.ctx, { role: 'moderator' });
  const admin = await createTestUser(app.ctx, { role: 'admin' });
  const stranger = await createTestUser(app.ctx);
  const { id: ticketId } = await createTestTicket(app.ctx, creator, { assignee: moderator });
  return { creator, moderator, admin, stranger, ticketId };
}

async function join(client: TestClient, ticketId: string) {
  expect(await request(client, 'join_ticket', { ticketId })).toEqual({ ok: true });
}

describe('handshake', () => {
  it('refuses a connection without a token, saying how to send one', async () => {
    const err = await server.connect(null, { reconnection: false }).catch((e: Error & { data?: { code: string } }) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/token is required/);
    expect((err as { data?: { code: string } }).data?.code).toBe('unauthenticated');
  });

  it.each([
    ['garbage', () => 'not.a.jwt'],
    ['signed with another secret', () => jwt.sign({ sub: 'a'.repeat(24), ver: 0 }, 'another-secret-another-secret-another')],
    ['for a user that does not exist', () => jwt.sign({ sub: 'a'.repeat(24), ver: 0 }, TEST_JWT_SECRET)],
  ])('refuses a token that is %s', async (_label, token) => {
    const err = (await server.connect(token(), { reconnection: false }).catch((e: unknown) => e)) as Error & { data?: { code: string } };
    expect(err.message).toBe('invalid or expired token');
    expect(err.data?.code).toBe('unauthenticated');
  });

  it('refuses an expired token', async () => {
    const pat = await createTestUser(app.ctx);
    const expired = jwt.sign({ sub: pat.actor.id, ver: 0, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET);
    const err = (await server.connect(expired, { reconnection: false }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('invalid or expired token');
  });

  it('accepts a valid token and says which user the session is for', async () => {
    const pat = await createTestUser(app.ctx);
    const client = await server.connect(pat.token, { reconnection: false });
    expect(client.connected).toBe(true);
    expect(sessionOf(client)).toEqual({ userId: pat.actor.id, recovered: false });
  });

  it('ends a connection when its token expires, telling the client why', async () => {
    const pat = await createTestUser(app.ctx);
    const shortLived = jwt.sign({ sub: pat.actor.id, ver: 0, exp: Math.floor(Date.now() / 1000) + 2 }, TEST_JWT_SECRET);
    const client = await server.connect(shortLived, { reconnection: false });
    const ended = nextEvent(client, 'session_ended');
    const reason = await new Promise<string>((resolve) => client.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
    expect(await ended).toEqual({ reason: 'token_expired' });
  });
});

describe('ticket rooms', () => {
  it('lets the creator, the assignee and an admin open a ticket', async () => {
    const { creator, moderator, admin, ticketId } = await cast();
    for (const person of [creator, moderator, admin]) {
      const client = await server.connect(person.token);
      await join(client, ticketId);
    }
  });

  it("refuses another user's ticket as not found, and the stranger hears nothing from it", async () => {
    const { creator, stranger, ticketId } = await cast();
    const intruder = await server.connect(stranger.token);
    const comments = collect(intruder, 'comment_added');
    expect(await request(intruder, 'join_ticket', { ticketId })).toEqual({
      error: { code: 'not_found', message: 'ticket not found' },
    });
    await app.request.post(`/api/tickets/${ticketId}/comments`).set(creator.auth).send({ body: 'hello' }).expect(201);
    await server.barrier(intruder);
    expect(comments).toEqual([]);
  });

  it('answers a ticket that does not exist as not found', async () => {
    const pat = await createTestUser(app.ctx);
    const client = await server.connect(pat.token);
    const ack = await request(client, 'join_ticket', { ticketId: 'f'.repeat(24) });
    expect(ack).toMatchObject({ error: { code: 'not_found' } });
  });

  it('stops delivering a ticket after leave_ticket', async () => {
    const { creator, admin, ticketId } = await cast();
    const watcher = await server.connect(admin.token);
    await join(watcher, ticketId);
    const comments = collect(watcher, 'comment_added');
    expect(await request(watcher, 'leave_ticket', { ticketId })).toEqual({ ok: true });
    await app.request.post(`/api/tickets/${ticketId}/comments`).set(creator.auth).send({ body: 'after leaving' }).expect(201);
    await server.barrier(watcher);
    expect(comments).toEqual([]);
  });

  it('closes the ticket for a moderator it is taken away from', async () => {
    const { creator, moderator, ticketId } = await cast();
    const other = await createTestUser(app.ctx, { role: 'moderator' });
    const previous = await server.connect(moderator.token);
    await join(previous, ticketId);
    const comments = collect(previous, 'comment_added');
    await app.ctx.services.tickets.assignTicket({ ticketId, moderatorId: other.actor.id, actorId: null });
    // The room change is applied before the comment's broadcast is sent.
    await server.barrier(previous);
    await app.request.post(`/api/tickets/${ticketId}/comments`).set(creator.auth).send({ body: 'for the new moderator' }).expect(201);
    await server.barrier(previous);
    expect(comments).toEqual([]);
  });
});

describe('events from the domain', () => {
  it('delivers a comment posted over HTTP to the creator and assignee, once per socket, and not to a stranger', async () => {
    const { creator, moderator, stranger, ticketId } = await cast();
    const creatorTab = await server.connect(creator.token);
    const moderatorTab = await server.connect(moderator.token);
    const strangerTab = await server.connect(stranger.token);
    await join(creatorTab, ticketId);
    await join(moderatorTab, ticketId);
    const got = [creatorTab, moderatorTab, strangerTab].map((c) => collect(c, 'comment_added'));

    const res = await app.request.post(`/api/tickets/${ticketId}/comments`).set(moderator.auth).send({ body: 'On it.' });
    expect(res.status).toBe(201);
    await Promise.all([creatorTab, moderatorTab, strangerTab].map((c) => server.barrier(c)));

    for (const received of got.slice(0, 2)) {
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ ticketId, comment: { id: res.body.comment.id, body: 'On it.', author: { id: moderator.actor.id } } });
      expect(received[0]!.updatedAt).toEqual(expect.any(String));
    }
    expect(got[2]).toEqual([]);
  });

  it('tells the creator about a comment even when the ticket is not open', async () => {
    const { creator, moderator, ticketId } = await cast();
    const creatorTab = await server.connect(creator.token);
    const comment = nextEvent(creatorTab, 'comment_added', (p) => p.ticketId === ticketId);
    await app.request.post(`/api/tickets/${ticketId}/comments`).set(moderator.auth).send({ body: 'Update' }).expect(201);
    expect((await comment).comment.body).toBe('Update');
  });

  it('sends status changes with the actor, to the room and the participants only', async () => {
    const { creator, moderator, admin, stranger, ticketId } = await cast();
    const creatorTab = await server.connect(creator.token);
    const adminTab = await server.connect(admin.token);
    const strangerTab = await server.connect(stranger.token);
    await join(adminTab, ticketId);
    const adminOther = await server.connect(admin.token); // an admin tab without the ticket open
    const heard = [strangerTab, adminOther].map((c) => collect(c, 'status_updated'));
    const forCreator = nextEvent(creatorTab, 'status_updated');
    const forAdmin = nextEvent(adminTab, 'status_updated');

    await app.request.patch(`/api/tickets/${ticketId}/status`).set(moderator.auth).send({ status: 'in_progress' }).expect(200);
    const payload = await forCreator;
    expect(payload).toMatchObject({
      ticketId,
      from: 'todo',
      to: 'in_progress',
      actor: { id: moderator.actor.id, name: moderator.user.name, role: 'moderator' },
    });
    expect(await forAdmin).toEqual(payload);
    await Promise.all([strangerTab, adminOther].map((c) => server.barrier(c)));
    expect(heard).toEqual([[], []]);
  });

  it("sends an assignment to the moderator's own sockets and the ticket room", async () => {
    const creator = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const otherModerator = await createTestUser(app.ctx, { role: 'moderator' });
    const { id: ticketId } = await createTestTicket(app.ctx, creator, { title: 'Printer on fire' });
    const modTab = await server.connect(moderator.token);
    const otherTab = await server.connect(otherModerator.token);
    const creatorTab = await server.connect(creator.token);
    await join(creatorTab, ticketId);
    const otherHeard = collect(otherTab, 'ticket_assigned');
    const forCreator = nextEvent(creatorTab, 'ticket_assigned');
    const forModerator = nextEvent(modTab, 'ticket_assigned');

    await app.ctx.services.tickets.assignTicket({ ticketId, moderatorId: moderator.actor.id, actorId: null });
    const payload = await forModerator;
    expect(payload).toMatchObject({ ticketId, title: 'Printer on fire', assignee: { id: moderator.actor.id, role: 'moderator' } });
    expect(await forCreator).toEqual(payload);
    await server.barrier(otherTab);
    expect(otherHeard).toEqual([]);
  });

  it('sends field changes as ticket_updated with the fields and updatedAt', async () => {
    const { creator, ticketId } = await cast();
    const creatorTab = await server.connect(creator.token);
    const updated = nextEvent(creatorTab, 'ticket_updated');
    const ticket = (await app.ctx.services.tickets.loadPopulated(ticketId))!;
    app.ctx.events.publish('ticket.updated', { ticket, fields: ['summary', 'priority'] });
    expect(await updated).toEqual({ ticketId, fields: ['summary', 'priority'], updatedAt: ticket.updatedAt.toISOString() });
  });

  it('tells admins about a new ticket, and not other users', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const creator = await createTestUser(app.ctx);
    const bystander = await createTestUser(app.ctx);
    const adminTab = await server.connect(admin.token);
    const bystanderTab = await server.connect(bystander.token);
    const heard = collect(bystanderTab, 'ticket_created');
    const created = nextEvent(adminTab, 'ticket_created', (p) => p.ticket.createdBy.id === creator.actor.id);
    const res = await app.request.post('/api/tickets').set(creator.auth).send({ title: 'VPN down', description: 'Cannot connect since this morning.' });
    expect(res.status).toBe(201);
    expect((await created).ticket.id).toBe(res.body.ticket.id);
    await server.barrier(bystanderTab);
    expect(heard).toEqual([]);
  });
});

describe('ticket_viewers', () => {
  it('lists who has the ticket open, once per person, and updates as people leave', async () => {
    const { creator, moderator, ticketId } = await cast();
    const creatorTab1 = await server.connect(creator.token);
    const creatorTab2 = await server.connect(creator.token);
    const moderatorTab = await server.connect(moderator.token);
    await join(creatorTab1, ticketId);
    await join(creatorTab2, ticketId);
    const both = nextEvent(creatorTab1, 'ticket_viewers', (p) => p.viewers.length === 2);
    await join(moderatorTab, ticketId);
    const { viewers } = await both;
    expect(viewers.map((v) => v.id).sort()).toEqual([creator.actor.id, moderator.actor.id].sort());
    expect(viewers.find((v) => v.id === moderator.actor.id)).toEqual({ id: moderator.actor.id, name: moderator.user.name, role: 'moderator' });

    const onlyCreator = nextEvent(creatorTab1, 'ticket_viewers', (p) => p.viewers.length === 1);
    moderatorTab.disconnect();
    expect((await onlyCreator).viewers).toEqual([{ id: creator.actor.id, name: creator.user.name, role: 'user' }]);

    // One of the creator's two tabs leaving does not take the creator off the list.
    const afterTab = nextEvent(creatorTab1, 'ticket_viewers');
    await request(creatorTab2, 'leave_ticket', { ticketId });
    expect((await afterTab).viewers.map((v) => v.id)).toEqual([creator.actor.id]);
  });
});

describe('typing', () => {
  it('relays typing to the others in the room, not to any of the writer\'s tabs, once per window', async () => {
    const { creator, moderator, ticketId } = await cast();
    const writer = await server.connect(creator.token);
    const writerOtherTab = await server.connect(creator.token);
    const reader = await server.connect(moderator.token);
    for (const c of [writer, writerOtherTab, reader]) await join(c, ticketId);
    const readerHeard = collect(reader, 'typing');
    const writerHeard = [writer, writerOtherTab].map((c) => collect(c, 'typing'));

    expect(await request(writer, 'typing', { ticketId })).toEqual({ ok: true });
    expect(await request(writer, 'typing', { ticketId })).toEqual({ ok: true });
    expect(await request(writerOtherTab, 'typing', { ticketId })).toEqual({ ok: true });
    // The other person typing is a different throttle key: relayed.
    expect(await request(reader, 'typing', { ticketId })).toEqual({ ok: true });
    await Promise.all([writer, writerOtherTab, reader].map((c) => server.barrier(c)));

    expect(readerHeard).toEqual([{ ticketId, user: { id: creator.actor.id, name: creator.user.name, role: 'user' } }]);
    for (const heard of writerHeard) expect(heard).toEqual([{ ticketId, user: { id: moderator.actor.id, name: moderator.user.name, role: 'moderator' } }]);
  });

  it('refuses typing on a ticket the socket has not joined', async () => {
    const { creator, ticketId } = await cast();
    const client = await server.connect(creator.token);
    expect(await request(client, 'typing', { ticketId })).toMatchObject({ error: { code: 'forbidden' } });
  });
});

describe('bad payloads', () => {
  const events = ['join_ticket', 'leave_ticket', 'typing'] as const;

  it.each(events)('%s refuses wrong shapes with validation_failed', async (event) => {
    const pat = await createTestUser(app.ctx);
    const client = await server.connect(pat.token);
    for (const body of [null, 'ticket', 42, [], {}, { ticketId: 'nope' }, { ticketId: 42 }, { ticketId: 'a'.repeat(24), extra: 1 }, { ticketId: { $gt: '' } }]) {
      const ack = await request(client, event, body);
      expect(ack, JSON.stringify(body)).toMatchObject({ error: { code: 'validation_failed', message: expect.stringContaining(event) } });
    }
  });

  it.each(events)('%s without an acknowledgement is ignored and the connection lives on', async (event) => {
    const pat = await createTestUser(app.ctx);
    const client = await server.connect(pat.token);
    client.emit(event, { ticketId: 'a'.repeat(24) });
    (client as unknown as { emit(e: string): void }).emit(event);
    expect(await request(client, 'leave_ticket', { ticketId: 'a'.repeat(24) })).toEqual({ ok: true });
  });

  it.each(events)('%s with extra arguments is refused', async (event) => {
    const pat = await createTestUser(app.ctx);
    const client = await server.connect(pat.token);
    const ack = await (client.timeout(5000) as unknown as { emitWithAck(...a: unknown[]): Promise<unknown> }).emitWithAck(event, { ticketId: 'a'.repeat(24) }, 'extra');
    expect(ack).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('answers an unknown event with an error', async () => {
    const pat = await createTestUser(app.ctx);
    const client = await server.connect(pat.token);
    const ack = await (client.timeout(5000) as unknown as { emitWithAck(...a: unknown[]): Promise<unknown> }).emitWithAck('delete_everything', {});
    expect(ack).toMatchObject({ error: { code: 'not_found' } });
  });

  it('drops a connection that sends an oversized message, and keeps serving others', async () => {
    const pat = await createTestUser(app.ctx);
    const bystander = await server.connect(pat.token);
    const abuser = await server.connect(pat.token, { reconnection: false });
    const dropped = new Promise<string>((resolve) => abuser.once('disconnect', resolve));
    abuser.emit('join_ticket', { ticketId: 'x'.repeat(SOCKET_MAX_PAYLOAD_BYTES * 4) }, () => {});
    expect(await dropped).toMatch(/transport (close|error)/);
    expect(await request(bystander, 'leave_ticket', { ticketId: 'a'.repeat(24) })).toEqual({ ok: true });
  });

  it('refuses a flood with rate_limited', async () => {
    const pat = await createTestUser(app.ctx);
    const client = await server.connect(pat.token);
    const acks = await Promise.all(Array.from({ length: 120 }, () => request(client, 'leave_ticket', { ticketId: 'a'.repeat(24) })));
    expect(acks.filter((a) => 'error' in a && a.error.code === 'rate_limited').length).toBeGreaterThan(0);
    expect(acks.filter((a) => 'ok' in a && a.ok).length).toBe(100);
  });
});
