import type { Redis } from 'ioredis';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleRelayDesk, type Assembly } from '../../app/compositionRoot.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';

// A tight global limit, so the test reaches it; the window is long enough not to reset mid-test.
const RATE_LIMIT_MAX = 40;
const app = useTestApp({ RATE_LIMIT_MAX: String(RATE_LIMIT_MAX), RATE_LIMIT_WINDOW_MS: '600000' });

/** A second app on the same database and Redis prefix: another server process, with its own memory. */
let second: Assembly;
beforeAll(async () => {
  const { config, logger, redis } = app.ctx;
  second = await assembleRelayDesk({ config, logger, redis, mongoEngine: 'test', workflows: false });
});
afterAll(async () => {
  await second?.stop();
});

/**
 * The commands the app's own Redis connection sends while `work` runs, read with
 * MONITOR on a connection of its own (commands a script runs show as sent by `lua`).
 */
async function commandsSentDuring(work: () => Promise<unknown>): Promise<string[]> {
  const client = app.redis.client!;
  const info = String(await client.client('INFO'));
  const address = /\baddr=(\S+)/.exec(info)?.[1];
  expect(address).toBeDefined();
  const monitor = (await client.monitor()) as Redis;
  const seen: string[] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source === address) seen.push(String(args[0]).toLowerCase());
  });
  // MONITOR's stream is asynchronous to the commands it reports: a PING through the app's connection
  // after the work, seen by the monitor, says everything sent before it has been reported.
  const flushed = new Promise<void>((resolve) => monitor.on('monitor', (_t: string, args: string[]) => args[0] === 'ping' && args[1] === 'monitor-flush' && resolve()));
  try {
    await work();
    await client.ping('monitor-flush');
    await flushed;
  } finally {
    monitor.disconnect();
  }
  return seen.filter((command) => !(command === 'ping'));
}

describe('GET /api/tickets read ahead in one Redis call', () => {
  it('makes two Redis round trips for a cached list (the page, then the caller\'s read markers), and more only when cold', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    await createTestTicket(app.ctx, requester, { title: 'Printer on fire' });
    const list = () => app.request.get('/api/tickets?page=1&limit=20').set(admin.auth);

    const cold = await commandsSentDuring(async () => expect((await list()).status).toBe(200));
    expect(cold.length).toBeGreaterThan(1);

    let body: unknown;
    const warm = await commandsSentDuring(async () => {
      const res = await list();
      expect(res.status).toBe(200);
      body = res.body;
    });
    // The markers need the page's ticket ids, so they follow the read-ahead: still no database read.
    expect(warm).toEqual(['evalsha', 'hmget']);
    expect(JSON.stringify(body)).toContain('Printer on fire');
  });

  it('answers 304 to the stored entity tag and a fresh page with a new tag after a write', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    await createTestTicket(app.ctx, requester, { title: 'First ticket' });
    const first = await app.request.get('/api/tickets').set(admin.auth);
    expect(first.status).toBe(200);
    const etag = first.headers.etag as string;
    // The stored tag of the shared page, extended by the caller's unread marks when they have any.
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}(\.[A-Za-z0-9_-]{27})?"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');

    const again = await app.request.get('/api/tickets').set(admin.auth).set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers.etag).toBe(etag);

    await createTestTicket(app.ctx, requester, { title: 'Second ticket' });
    const changed = await app.request.get('/api/tickets').set(admin.auth).set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.text).toContain('Second ticket');
  });

  it('refuses a token signed out in another process, with its identity and list cached', async () => {
    const pat = await createTestUser(app.ctx);
    await createTestTicket(app.ctx, pat);
    const onSecond = () => supertest(second.app).get('/api/tickets').set(pat.auth);
    expect((await onSecond()).status).toBe(200);
    expect((await onSecond()).status).toBe(200);
    expect((await app.request.post('/api/auth/logout').set(pat.auth).send({})).status).toBe(204);
    const refused = await onSecond();
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthenticated');
  });

  it('refuses the old token after a role change and shows the new role its own list', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const requester = await createTestUser(app.ctx);
    await createTestTicket(app.ctx, requester, { title: 'Someone else’s ticket' });
    const asModerator = await app.request.get('/api/tickets?assignee=unassigned').set(moderator.auth);
    expect(asModerator.status).toBe(200);

    const demoted = await app.request.patch(`/api/users/${moderator.actor.id}`).set(admin.auth).send({ role: 'user' });
    expect(demoted.status).toBe(200);
    expect((await app.request.get('/api/tickets?assignee=unassigned').set(moderator.auth)).status).toBe(401);

    const login = await app.request.post('/api/auth/login').send({ email: moderator.user.email, password: moderator.password });
    const asUser = await app.request.get('/api/tickets').set({ Authorization: `Bearer ${login.body.token}` });
    expect(asUser.status).toBe(200);
    expect(asUser.body.items).toEqual([]);
    // A plain user has no work queue, whatever a cached moderator list held.
    expect((await app.request.get('/api/tickets?assignee=unassigned').set({ Authorization: `Bearer ${login.body.token}` })).status).toBe(403);
  });

  it('counts every list request against the global limit in Redis, shared by both processes', async () => {
    const pat = await createTestUser(app.ctx);
    const key = `${app.redis.prefix}rl:global:`;
    const counterKeys = await app.redis.client!.keys(`${key}*`);
    const before = counterKeys.length ? Number(await app.redis.client!.get(counterKeys[0]!)) : 0;
    const statuses: number[] = [];
    for (let i = before; i < RATE_LIMIT_MAX; i++) {
      const client = i % 2 === 0 ? app.request : supertest(second.app);
      statuses.push((await client.get('/api/tickets').set(pat.auth)).status);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    const [counter] = await app.redis.client!.keys(`${key}*`);
    expect(Number(await app.redis.client!.get(counter!))).toBe(RATE_LIMIT_MAX);
    const limited = await app.request.get('/api/tickets').set(pat.auth);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });
});
