import type { PresenceStatus } from '@relaydesk/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../platform/logger.js';
import type { RedisHandle } from '../platform/redis.js';
import { createDomainEvents } from '../domain/events.js';
import { createPresenceService, type PresenceService } from './service.js';
import { subscribePresenceToDomainEvents } from './subscriptions.js';
import { effectiveStatus } from './store.js';

describe('effectiveStatus', () => {
  it.each([
    ['online', 1, 'online'],
    ['dnd', 2, 'dnd'],
    ['online', 0, 'offline'],
    ['dnd', 0, 'offline'],
    ['offline', 3, 'offline'],
  ] as const)('%s with %i live connections is %s', (chosen, live, expected) => {
    expect(effectiveStatus(chosen, live)).toBe(expected);
  });
});

/** Single-node mode: no Redis, so the service's in-memory twin is the whole truth. */
const noRedis: RedisHandle = {
  client: null,
  key: (...parts) => parts.join(':'),
  prefix: '',
  state: () => 'disabled',
  isUp: () => false,
  duplicate: () => null,
  close: async () => {},
};

describe('presence in memory', () => {
  let announced: { userId: string; status: PresenceStatus }[];
  let presence: PresenceService;
  let unsubscribe: () => void;
  const events = createDomainEvents(createLogger('silent'));
  events.subscribe('presence.changed', ({ userId, status }) => void announced.push({ userId, status }));

  beforeEach(() => {
    vi.useFakeTimers();
    announced = [];
    presence = createPresenceService({ redis: noRedis, events, logger: createLogger('silent'), timings: { graceMs: 5_000, heartbeatMs: 1_000, ttlMs: 3_000 } });
    unsubscribe = subscribePresenceToDomainEvents(events, presence);
    presence.start();
  });
  afterEach(() => {
    presence.stop();
    unsubscribe();
    vi.useRealTimers();
  });

  const conn = (connectionId: string, chosen: PresenceStatus = 'online') => ({ connectionId, userId: 'u1', role: 'moderator' as const, chosen });

  it('announces online once for several tabs, and offline only after the grace period', async () => {
    await presence.connected(conn('tab1'));
    await presence.connected(conn('tab2'));
    await presence.disconnected(conn('tab1'));
    await presence.disconnected(conn('tab2'));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(announced).toEqual([{ userId: 'u1', status: 'online' }]);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(announced).toEqual([
      { userId: 'u1', status: 'online' },
      { userId: 'u1', status: 'offline' },
    ]);
  });

  it('says nothing when a tab is replaced within the grace period', async () => {
    await presence.connected(conn('tab1'));
    await presence.disconnected(conn('tab1'));
    await vi.advanceTimersByTimeAsync(1_000);
    await presence.connected(conn('tab2'));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(announced).toEqual([{ userId: 'u1', status: 'online' }]);
  });

  it('follows a new stored choice while connected', async () => {
    await presence.connected(conn('tab1'));
    events.publish('user.presence_changed', { userId: 'u1', status: 'dnd' });
    await vi.advanceTimersByTimeAsync(0);
    expect(announced.map((a) => a.status)).toEqual(['online', 'dnd']);
  });

  it('stops following stored choices once unsubscribed from the domain events', async () => {
    await presence.connected(conn('tab1'));
    unsubscribe();
    events.publish('user.presence_changed', { userId: 'u1', status: 'dnd' });
    await vi.advanceTimersByTimeAsync(0);
    expect(announced.map((a) => a.status)).toEqual(['online']);
  });

  it('ignores connections reported after stop()', async () => {
    presence.stop();
    await presence.connected(conn('tab1'));
    expect(announced).toEqual([]);
  });
});
