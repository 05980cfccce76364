import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { createDomainEvents } from './events.js';

const payload = { userId: 'u', fields: ['role'] };

describe('domain events', () => {
  it('waits for blocking subscribers only', async () => {
    const events = createDomainEvents(createLogger('silent'));
    const order: string[] = [];
    events.subscribe('user.updated', async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('blocking');
    }, { blocking: true });
    events.subscribe('user.updated', async () => {
      await new Promise((r) => setTimeout(r, 60));
      order.push('background');
    });
    await events.publish('user.updated', payload);
    order.push('published');
    expect(order).toEqual(['blocking', 'published']);
  });

  it('never lets a failing subscriber fail the publisher', async () => {
    const events = createDomainEvents(createLogger('silent'));
    let reached = false;
    events.subscribe('user.updated', () => { throw new Error('sync'); }, { blocking: true });
    events.subscribe('user.updated', async () => Promise.reject(new Error('async')), { blocking: true });
    events.subscribe('user.updated', () => { reached = true; });
    await expect(events.publish('user.updated', payload)).resolves.toBeUndefined();
    expect(reached).toBe(true);
  });

  it('unsubscribes', async () => {
    const events = createDomainEvents(createLogger('silent'));
    let calls = 0;
    const off = events.subscribe('user.updated', () => { calls += 1; });
    await events.publish('user.updated', payload);
    off();
    await events.publish('user.updated', payload);
    expect(calls).toBe(1);
  });
});
