import { ticketRoomBodySchema } from '@relaydesk/shared';
import { describe, expect, it, vi } from 'vitest';
import { errors } from '../../platform/errors.js';
import { createLogger } from '../../platform/logger.js';
import { acknowledged, createEventBudget } from './ack.js';

const logger = createLogger('silent');
const ticketId = 'a'.repeat(24);

function call(handler: (...args: unknown[]) => void, ...args: unknown[]) {
  return new Promise((resolve) => handler(...args, resolve));
}

describe('acknowledged', () => {
  const ok = acknowledged({ event: 'join_ticket', schema: ticketRoomBodySchema, logger }, async () => {});

  it('acknowledges a valid payload with ok', async () => {
    expect(await call(ok, { ticketId })).toEqual({ ok: true });
  });

  it('names the event and the field in a validation error', async () => {
    expect(await call(ok, { ticketId: 'x' })).toEqual({
      error: { code: 'validation_failed', message: 'invalid join_ticket payload: ticketId: must be a 24-character hexadecimal id' },
    });
  });

  it('maps a domain error to its code and hides anything else', async () => {
    const forbidden = acknowledged({ event: 'typing', schema: ticketRoomBodySchema, logger }, async () => {
      throw errors.forbidden('no');
    });
    const broken = acknowledged({ event: 'typing', schema: ticketRoomBodySchema, logger }, async () => {
      throw new Error('database password is hunter2');
    });
    expect(await call(forbidden, { ticketId })).toEqual({ error: { code: 'forbidden', message: 'no' } });
    expect(await call(broken, { ticketId })).toEqual({ error: { code: 'internal', message: 'something went wrong on our side' } });
  });

  it('never calls the handler without an acknowledgement', () => {
    const handle = vi.fn(async () => {});
    const handler = acknowledged({ event: 'typing', schema: ticketRoomBodySchema, logger }, handle);
    expect(() => handler({ ticketId })).not.toThrow();
    expect(() => handler()).not.toThrow();
    expect(handle).not.toHaveBeenCalled();
  });
});

describe('createEventBudget', () => {
  it('allows `limit` events per window, then again in the next window', () => {
    let now = 0;
    const allow = createEventBudget(2, 1_000, () => now);
    expect([allow(), allow(), allow()]).toEqual([true, true, false]);
    now = 1_000;
    expect(allow()).toBe(true);
  });
});
