import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { CounterModel } from './counterModel.js';
import { ensureQueueFields } from './queueBackfill.js';
import { TicketModel } from './ticketModel.js';

const app = useTestApp();

const QUEUE_FIELDS = { waitingOn: 1, waitingSince: 1, lastActivityAt: 1, lastPublicActivityAt: 1, slaDueAt: 1 };

describe('queue fields for tickets filed before the queue', () => {
  it('are derived once from status and clocks, leave newer tickets alone, and then cost one lookup', async () => {
    const requester = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const old = await createTestTicket(app.ctx, requester);
    const waiting = await createTestTicket(app.ctx, requester);
    const current = await createTestTicket(app.ctx, requester);
    await app.ctx.services.tickets.changeStatus(admin.actor, waiting.id, 'waiting');
    // As a database from before the queue has them: no such fields at all.
    await TicketModel.collection.updateMany({ _id: { $in: [old.ticket._id, waiting.ticket._id] } }, { $unset: QUEUE_FIELDS });
    await CounterModel.deleteOne({ _id: 'queue-fields-v1' });
    const before = await TicketModel.findById(current.id).lean();

    expect(await ensureQueueFields(app.ctx.lock)).toEqual({ updated: 2 });
    const backfilled = await TicketModel.findById(old.id).lean();
    expect(backfilled).toMatchObject({ waitingOn: 'staff', lastActivityAt: backfilled!.updatedAt });
    expect(backfilled!.slaDueAt).toEqual(backfilled!.sla!.firstResponseDueAt);
    expect((await TicketModel.findById(waiting.id).lean())?.waitingOn).toBe('requester');
    expect(await TicketModel.findById(current.id).lean()).toEqual(before);

    expect(await ensureQueueFields(app.ctx.lock)).toEqual({ updated: 0 });
  });
});
