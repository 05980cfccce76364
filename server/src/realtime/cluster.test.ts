import supertest from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import {
  collect,
  nextEvent,
  openClient,
  request,
  sessionOf,
  sleep,
  useChildServer,
  useSocketServer,
  type TestClient,
} from '../test/socketHarness.js';

// Process A runs in this test process; B is a real child process on the same database
// and Redis prefix. Short presence timings so a killed process's users expire quickly.
const timings = { PRESENCE_GRACE_MS: '200', PRESENCE_HEARTBEAT_MS: '100', PRESENCE_TTL_MS: '600' };
const app = useTestApp(timings);
const a = useSocketServer(app, { viewersDebounceMs: 10 });
const b = useChildServer(app, { ...timings, LOG_LEVEL: 'silent' });

async function cast() {
  const creator = await createTestUser(app.ctx);
  const moderator = await createTestUser(app.ctx, { role: 'moderator' });
  const { id: ticketId } = await createTestTicket(app.ctx, creator, { assignee: moderator });
  return { creator, moderator, ticketId };
}

async function join(client: TestClient, ticketId: string) {
  expect(await request(client, 'join_ticket', { ticketId })).toEqual({ ok: true });
}

/** Drops the connection at the transport level, as a network blip does, without reconnecting yet. */
async function dropConnection(client: TestClient) {
  client.io.reconnection(false);
  const dropped = new Promise<string>((resolve) => client.once('disconnect', resolve));
  // The server sees the transport close (a recoverable reason), as with a network drop.
  client.io.engine.close();
  await dropped;
}

/** Reconnects a dropped client, to `url` if given (another process); resolves on `session_ready`. */
async function reconnect(client: TestClient, url?: string) {
  if (url) (client.io as unknown as { uri: string }).uri = url;
  const ready = nextEvent(client, 'session_ready');
  client.connect();
  return ready;
}

describe('two processes', () => {
  it('delivers a comment posted through A to a socket on B, and not to a stranger on B', async () => {
    const { creator, moderator, ticketId } = await cast();
    const stranger = await createTestUser(app.ctx);
    const creatorOnB = await openClient(b.url, creator.token);
    const moderatorOnA = await a.connect(moderator.token);
    const strangerOnB = await openClient(b.url, stranger.token);
    await join(creatorOnB, ticketId);
    await join(moderatorOnA, ticketId);
    const strangerHeard = collect(strangerOnB, 'comment_added');
    const onB = nextEvent(creatorOnB, 'comment_added');
    const onA = nextEvent(moderatorOnA, 'comment_added');

    const res = await app.request.post(`/api/tickets/${ticketId}/comments`).set(moderator.auth).send({ body: 'Across processes' });
    expect(res.status).toBe(201);
    expect((await onB).comment.id).toBe(res.body.comment.id);
    expect((await onA).comment.id).toBe(res.body.comment.id);
    // A's barrier to a socket on B travels the same pub/sub path after the comment.
    await a.barrier(strangerOnB);
    expect(strangerHeard).toEqual([]);
  });

  it('lists viewers connected to either process', async () => {
    const { creator, moderator, ticketId } = await cast();
    const creatorOnA = await a.connect(creator.token);
    const moderatorOnB = await openClient(b.url, moderator.token);
    await join(creatorOnA, ticketId);
    const both = nextEvent(creatorOnA, 'ticket_viewers', (p) => p.viewers.length === 2);
    await join(moderatorOnB, ticketId);
    expect((await both).viewers.map((v) => v.id).sort()).toEqual([creator.actor.id, moderator.actor.id].sort());
  });

  it('shows on A a status chosen through B', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const watchOnA = await a.connect(admin.token);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const online = nextEvent(watchOnA, 'user_status_changed', (p) => p.userId === moderator.actor.id && p.status === 'online');
    await openClient(b.url, moderator.token);
    await online;

    const dnd = nextEvent(watchOnA, 'user_status_changed', (p) => p.userId === moderator.actor.id && p.status === 'dnd');
    await supertest(b.url).patch('/api/auth/status').set(moderator.auth).send({ status: 'dnd' }).expect(200);
    await dnd;
    const res = await app.request.get('/api/presence').set(admin.auth).expect(200);
    expect(res.body.items.find((i: { user: { id: string } }) => i.user.id === moderator.actor.id).status).toBe('dnd');
  });

  it('counts one person with tabs on both processes once: offline only when both are closed', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const watch = await a.connect(admin.token);
    const changes = collect(watch, 'user_status_changed');
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const online = nextEvent(watch, 'user_status_changed', (p) => p.userId === moderator.actor.id);
    const tabOnA = await a.connect(moderator.token);
    await online;
    const tabOnB = await openClient(b.url, moderator.token);
    tabOnA.disconnect();
    const offline = nextEvent(watch, 'user_status_changed', (p) => p.userId === moderator.actor.id && p.status === 'offline');
    tabOnB.disconnect();
    await offline;
    await a.barrier(watch);
    expect(changes.filter((c) => c.userId === moderator.actor.id).map((c) => c.status)).toEqual(['online', 'offline']);
  });
});

describe('connection state recovery', () => {
  it('gives a briefly dropped client what it missed, with its ticket room kept', async () => {
    const { creator, moderator, ticketId } = await cast();
    const client = await a.connect(creator.token);
    await join(client, ticketId);
    await nextEvent(client, 'ticket_viewers');
    await dropConnection(client);

    await app.request.post(`/api/tickets/${ticketId}/comments`).set(moderator.auth).send({ body: 'while you were away' }).expect(201);
    const comments = collect(client, 'comment_added');
    const ready = await reconnect(client);
    expect(ready.recovered).toBe(true);
    expect(client.recovered).toBe(true);
    await a.barrier(client);
    expect(comments.map((c) => c.comment.body)).toEqual(['while you were away']);

    // Still in the ticket room: live events keep coming without joining again.
    const live = nextEvent(client, 'comment_added');
    await app.request.post(`/api/tickets/${ticketId}/comments`).set(moderator.auth).send({ body: 'and now' }).expect(201);
    expect((await live).comment.body).toBe('and now');
  });

  it('recovers on another process: dropped from A, reconnected to B', async () => {
    const { creator, moderator, ticketId } = await cast();
    const client = await a.connect(creator.token);
    await join(client, ticketId);
    await nextEvent(client, 'ticket_viewers');
    await dropConnection(client);

    await app.request
      .patch(`/api/tickets/${ticketId}/status`)
      .set(moderator.auth)
      .send({ status: 'in_progress' })
      .expect(200);
    const statuses = collect(client, 'status_updated');
    const ready = await reconnect(client, b.url);
    expect(ready.recovered).toBe(true);
    // The status push is sent after the PATCH has answered (its subscriber looks up the
    // actor first), so on a busy machine it can arrive live on B rather than in the
    // replay: wait for it either way, then it must be there exactly once.
    await vi.waitFor(() => expect(statuses.map((s) => s.to)).toEqual(['in_progress']), { timeout: 5_000 });
    await a.barrier(client);
    expect(statuses.map((s) => s.to)).toEqual(['in_progress']);
    expect(sessionOf(client)?.userId).toBe(creator.actor.id);
  });

  it('starts afresh (recovered false) when the session is unknown, and the client must join again', async () => {
    const { creator, ticketId } = await cast();
    const client = await a.connect(creator.token);
    await join(client, ticketId);
    await nextEvent(client, 'ticket_viewers');
    await dropConnection(client);
    // The session is stored as the server notices the drop; remove it once it is there.
    const redis = app.redis.client!;
    let sessions: string[] = [];
    while (sessions.length === 0) {
      sessions = await redis.keys(`${app.redis.prefix}socket.io:session:*`);
      if (sessions.length === 0) await sleep(10);
    }
    await redis.del(...sessions);
    const ready = await reconnect(client);
    expect(ready.recovered).toBe(false);
  });
});

describe('a process that dies', () => {
  it("takes its users offline once their connections expire, as seen from the other process", async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const watchOnA = await a.connect(admin.token);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const online = nextEvent(watchOnA, 'user_status_changed', (p) => p.userId === moderator.actor.id && p.status === 'online');
    await openClient(b.url, moderator.token, { reconnection: false });
    await online;
    expect((await app.ctx.services.presence.getEffectiveStatuses([moderator.actor.id])).get(moderator.actor.id)).toBe('online');

    const offline = nextEvent(watchOnA, 'user_status_changed', (p) => p.userId === moderator.actor.id && p.status === 'offline');
    await b.kill();
    await offline;
    expect((await app.ctx.services.presence.getEffectiveStatuses([moderator.actor.id])).get(moderator.actor.id)).toBe('offline');
  });
});
