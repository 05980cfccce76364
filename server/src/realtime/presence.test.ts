import type { PresenceStatus, UserStatusChangedPayload } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { UserModel } from '../users/userModel.js';
import { createTestUser, useTestApp, type TestUser } from '../test/harness.js';
import { collect, nextEvent, sleep, useSocketServer, type TestClient } from '../test/socketHarness.js';

const GRACE_MS = 600;
const app = useTestApp({ PRESENCE_GRACE_MS: String(GRACE_MS), PRESENCE_HEARTBEAT_MS: '100', PRESENCE_TTL_MS: '1000' });
const server = useSocketServer(app);

/** An admin's socket, which hears every status change. */
async function observer() {
  const admin = await createTestUser(app.ctx, { role: 'admin' });
  return server.connect(admin.token);
}

const statusOf = (client: TestClient, person: TestUser, status: PresenceStatus) =>
  nextEvent(client, 'user_status_changed', (p) => p.userId === person.actor.id && p.status === status);

const changesFor = (all: UserStatusChangedPayload[], person: TestUser) => all.filter((p) => p.userId === person.actor.id).map((p) => p.status);

async function closeTab(client: TestClient) {
  const closed = new Promise((resolve) => client.once('disconnect', resolve));
  client.disconnect();
  await closed;
}

describe('presence across tabs', () => {
  it('is online while any tab is open, once, and offline after the last closes and the grace period passes', async () => {
    const watch = await observer();
    const changes = collect(watch, 'user_status_changed');
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });

    const online = statusOf(watch, moderator, 'online');
    const tab1 = await server.connect(moderator.token);
    await online;
    const tab2 = await server.connect(moderator.token);
    await closeTab(tab1);
    // Past the grace period with one tab still open: no change.
    await sleep(GRACE_MS * 2);
    expect((await app.ctx.services.presence.getEffectiveStatuses([moderator.actor.id])).get(moderator.actor.id)).toBe('online');

    const offline = statusOf(watch, moderator, 'offline');
    await closeTab(tab2);
    await offline;
    await server.barrier(watch);
    expect(changesFor(changes, moderator)).toEqual(['online', 'offline']);
    expect((await app.ctx.services.presence.getEffectiveStatuses([moderator.actor.id])).get(moderator.actor.id)).toBe('offline');
  });

  it('does not flicker offline when a tab is reloaded within the grace period', async () => {
    const watch = await observer();
    const changes = collect(watch, 'user_status_changed');
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const online = statusOf(watch, moderator, 'online');
    const tab = await server.connect(moderator.token);
    await online;

    await closeTab(tab);
    await server.connect(moderator.token);
    await sleep(GRACE_MS * 2);
    await server.barrier(watch);
    expect(changesFor(changes, moderator)).toEqual(['online']);
  });
});

describe('stored choice', () => {
  it('keeps do-not-disturb across a full disconnect and reconnect', async () => {
    const watch = await observer();
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const online = statusOf(watch, moderator, 'online');
    const tab = await server.connect(moderator.token);
    await online;

    const dnd = statusOf(watch, moderator, 'dnd');
    await app.request.patch('/api/auth/status').set(moderator.auth).send({ status: 'dnd' }).expect(200);
    await dnd;

    const offline = statusOf(watch, moderator, 'offline');
    await closeTab(tab);
    await offline;

    const dndAgain = nextEvent(watch, 'user_status_changed', (p) => p.userId === moderator.actor.id);
    await server.connect(moderator.token);
    expect((await dndAgain).status).toBe('dnd');
    expect((await UserModel.findById(moderator.actor.id).lean())?.presence).toBe('dnd');
    const res = await app.request.get('/api/presence').set(moderator.auth).expect(200);
    expect(res.body.items.find((i: { user: { id: string } }) => i.user.id === moderator.actor.id).status).toBe('dnd');
  });

  it('shows a connected person who chose to appear offline as offline', async () => {
    const watch = await observer();
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const online = statusOf(watch, moderator, 'online');
    await server.connect(moderator.token);
    await online;
    const hidden = statusOf(watch, moderator, 'offline');
    await app.request.patch('/api/auth/status').set(moderator.auth).send({ status: 'offline' }).expect(200);
    await hidden;
    expect((await app.ctx.services.presence.getEffectiveStatuses([moderator.actor.id])).get(moderator.actor.id)).toBe('offline');
    const back = statusOf(watch, moderator, 'online');
    await app.request.patch('/api/auth/status').set(moderator.auth).send({ status: 'online' }).expect(200);
    await back;
  });
});

describe('who hears a status change', () => {
  it("sends an end user's status to admins and the user's own tabs, not to other users", async () => {
    const watch = await observer();
    const other = await createTestUser(app.ctx);
    const otherTab = await server.connect(other.token);
    const otherHeard = collect(otherTab, 'user_status_changed');
    const pat = await createTestUser(app.ctx);
    const online = statusOf(watch, pat, 'online');
    const patTab = await server.connect(pat.token);
    await online;
    const ownTab = statusOf(patTab, pat, 'dnd');
    await app.request.patch('/api/auth/status').set(pat.auth).send({ status: 'dnd' }).expect(200);
    await ownTab;
    await server.barrier(otherTab);
    expect(changesFor(otherHeard, pat)).toEqual([]);
  });

  it("sends a moderator's status to everyone, end users included", async () => {
    const pat = await createTestUser(app.ctx);
    const patTab = await server.connect(pat.token);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const heard = statusOf(patTab, moderator, 'online');
    await server.connect(moderator.token);
    await heard;
  });
});

describe('GET /api/presence and getEffectiveStatuses', () => {
  it('lists moderators and admins with their effective status, and no end users', async () => {
    const online = await createTestUser(app.ctx, { role: 'moderator', name: 'Alma Online' });
    const away = await createTestUser(app.ctx, { role: 'moderator', name: 'Bo Offline' });
    const pat = await createTestUser(app.ctx);
    await server.connect(online.token);
    await server.connect(pat.token);

    const res = await app.request.get('/api/presence').set(pat.auth);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((i: { user: { id: string }; status: string }) => [i.user.id, i]));
    expect(byId.get(online.actor.id)).toEqual({ user: { id: online.actor.id, name: 'Alma Online', role: 'moderator' }, status: 'online' });
    expect(byId.get(away.actor.id)).toMatchObject({ status: 'offline' });
    expect(byId.has(pat.actor.id)).toBe(false);
    expect(JSON.stringify(res.body)).not.toMatch(/email|passwordHash/);
  });

  it('requires authentication', async () => {
    const res = await app.request.get('/api/presence');
    expect(res.status).toBe(401);
  });

  it('answers for any ids: connected, do-not-disturb, never connected, unknown', async () => {
    const a = await createTestUser(app.ctx, { role: 'moderator' });
    const b = await createTestUser(app.ctx, { role: 'moderator' });
    const c = await createTestUser(app.ctx, { role: 'moderator' });
    await UserModel.updateOne({ _id: b.actor.id }, { $set: { presence: 'dnd' } });
    await server.connect(a.token);
    await server.connect(b.token);
    const statuses = await app.ctx.services.presence.getEffectiveStatuses([a.actor.id, b.actor.id, c.actor.id, 'f'.repeat(24), 'junk']);
    expect(Object.fromEntries(statuses)).toEqual({
      [a.actor.id]: 'online',
      [b.actor.id]: 'dnd',
      [c.actor.id]: 'offline',
      ['f'.repeat(24)]: 'offline',
      junk: 'offline',
    });
  });
});
