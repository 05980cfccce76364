import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { collect, nextEvent, request, useSocketServer } from '../test/socketHarness.js';

// No Redis: presence, fan-out and recovery all live in this process's memory.
const app = useTestApp({ REDIS_ENABLED: '0', PRESENCE_GRACE_MS: '200', PRESENCE_HEARTBEAT_MS: '100', PRESENCE_TTL_MS: '1000' });
const server = useSocketServer(app);

describe('single-node mode (Redis disabled)', () => {
  it('runs without Redis and without the cluster adapter', () => {
    expect(app.redis.isUp()).toBe(false);
    expect(server.realtime.clustered).toBe(false);
  });

  it('delivers domain events to the ticket room', async () => {
    const creator = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const { id: ticketId } = await createTestTicket(app.ctx, creator, { assignee: moderator });
    const tab = await server.connect(moderator.token);
    expect(await request(tab, 'join_ticket', { ticketId })).toEqual({ ok: true });
    const comment = nextEvent(tab, 'comment_added');
    await app.request.post(`/api/tickets/${ticketId}/comments`).set(creator.auth).send({ body: 'no redis' }).expect(201);
    expect((await comment).comment.body).toBe('no redis');
  });

  it('tracks presence across tabs in memory, with the grace period', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const watch = await server.connect(admin.token);
    const changes = collect(watch, 'user_status_changed');
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const online = nextEvent(watch, 'user_status_changed', (p) => p.userId === moderator.actor.id);
    const tab1 = await server.connect(moderator.token);
    const tab2 = await server.connect(moderator.token);
    await online;
    tab1.disconnect();
    const offline = nextEvent(watch, 'user_status_changed', (p) => p.userId === moderator.actor.id && p.status === 'offline');
    tab2.disconnect();
    await offline;
    await server.barrier(watch);
    expect(changes.filter((c) => c.userId === moderator.actor.id).map((c) => c.status)).toEqual(['online', 'offline']);
    const res = await app.request.get('/api/presence').set(admin.auth).expect(200);
    expect(res.body.items.find((i: { user: { id: string } }) => i.user.id === moderator.actor.id).status).toBe('offline');
  });

  it('recovers a briefly dropped connection from memory', async () => {
    const creator = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const { id: ticketId } = await createTestTicket(app.ctx, creator, { assignee: moderator });
    const client = await server.connect(creator.token);
    await request(client, 'join_ticket', { ticketId });
    await nextEvent(client, 'ticket_viewers');
    client.io.reconnection(false);
    const dropped = new Promise((resolve) => client.once('disconnect', resolve));
    client.io.engine.close();
    await dropped;
    await app.request.post(`/api/tickets/${ticketId}/comments`).set(moderator.auth).send({ body: 'missed' }).expect(201);
    const comments = collect(client, 'comment_added');
    const ready = nextEvent(client, 'session_ready');
    client.connect();
    expect((await ready).recovered).toBe(true);
    await server.barrier(client);
    expect(comments.map((c) => c.comment.body)).toEqual(['missed']);
  });
});
