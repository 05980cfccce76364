import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { recordTicketEventOnce } from './timeline.js';
import { TicketEventKeyModel, TicketEventModel } from './timelineModel.js';

const app = useTestApp();

describe('recordTicketEventOnce', () => {
  it('writes an entry once per key, also when the same key is recorded concurrently', async () => {
    const pat = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, pat);
    const entry = { ticketId: id, type: 'notified' as const, dedupeKey: 'run-a:record-notified', data: { transport: 'log' } };
    const written = await Promise.all([1, 2, 3].map(() => recordTicketEventOnce(entry, app.ctx.lock)));
    expect(written.filter(Boolean)).toHaveLength(1);
    expect(await recordTicketEventOnce(entry, app.ctx.lock)).toBe(false);
    expect(await TicketEventModel.countDocuments({ ticket: id, type: 'notified' })).toBe(1);
  });

  it('writes the entry on the replay when the process died after claiming the key, under the id it claimed', async () => {
    const pat = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, pat);
    const claimed = new Types.ObjectId();
    // What a process leaves when it dies between claiming the key and writing the entry.
    await TicketEventKeyModel.create({ _id: 'run-b:record-notified', event: claimed });
    const entry = { ticketId: id, type: 'notified' as const, dedupeKey: 'run-b:record-notified', data: { transport: 'log' } };
    expect(await recordTicketEventOnce(entry, app.ctx.lock)).toBe(true);
    expect(await recordTicketEventOnce(entry, app.ctx.lock)).toBe(false);
    const entries = await TicketEventModel.find({ ticket: id, type: 'notified' }).lean();
    expect(entries.map((e) => String(e._id))).toEqual([String(claimed)]);
  });
});
