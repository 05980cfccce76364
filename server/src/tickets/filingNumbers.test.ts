import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { CounterModel } from './counterModel.js';
import { TicketModel } from './ticketModel.js';
import { UserModel } from '../users/userModel.js';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { ensureFilingNumbers, ensureNumberEntries, filingWindow } from './filingNumbers.js';
import { TicketNumberModel } from './ticketNumberModel.js';

describe('filingWindow', () => {
  it('covers the newest numbers on page 1', () => {
    expect(filingWindow(120, 1, 20)).toEqual({ highSeq: 120, lowSeq: 101 });
  });

  it('shortens the last page and ends after it', () => {
    expect(filingWindow(25, 2, 20)).toEqual({ highSeq: 5, lowSeq: 1 });
    expect(filingWindow(20, 2, 20)).toBeNull();
    expect(filingWindow(0, 1, 20)).toBeNull();
  });

  it('covers as many numbers on page 1,000 of 50,000 as on page 1', () => {
    expect(filingWindow(50_000, 1_000, 20)).toEqual({ highSeq: 30_020, lowSeq: 30_001 });
  });
});

const app = useTestApp();

type ListBody = { items: Array<{ id: string; createdBy: { name: string } }>; total: number; totalPages: number };
const list = async (auth: Record<string, string>, qs: string) => (await app.request.get(`/api/tickets?${qs}`).set(auth).expect(200)).body as ListBody;

/** Every ticket id, newest number first, straight from the database. */
const idsByNumber = async () =>
  (await TicketModel.find({}).select('_id filingNumber').lean()).sort((a, b) => b.filingNumber - a.filingNumber).map((t) => String(t._id));

describe('the newest-first list of every ticket', () => {
  it('numbers tickets 1, 2, 3... even when they are filed at the same moment', async () => {
    const pat = await createTestUser(app.ctx);
    await Promise.all(Array.from({ length: 12 }, (_, i) => createTestTicket(app.ctx, pat, { title: `Burst ${i}` })));
    const numbers = (await TicketModel.find({}).select('filingNumber filingBlock').lean()).map((t) => t.filingNumber).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await CounterModel.findById('tickets').lean())?.seq).toBe(12);
  });

  it('pages through every ticket for an admin, newest first, with no gap or repeat', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const pat = await createTestUser(app.ctx);
    const latest = await createTestTicket(app.ctx, pat, { title: 'Latest' });
    const expected = await idsByNumber();
    expect(expected[0]).toBe(latest.id);

    const seen: string[] = [];
    const first = await list(admin.auth, 'limit=5&page=1');
    expect(first.total).toBe(expected.length);
    expect(first.totalPages).toBe(Math.ceil(expected.length / 5));
    for (let page = 1; page <= first.totalPages; page++) {
      seen.push(...(await list(admin.auth, `limit=5&page=${page}`)).items.map((t) => t.id));
    }
    expect(seen).toEqual(expected);
    expect((await list(admin.auth, `limit=5&page=${first.totalPages + 1}`)).items).toEqual([]);
  });

  it('numbers the tickets of a database that predates numbering, in the order they were filed', async () => {
    await TicketModel.collection.updateMany({}, { $unset: { filingNumber: '', filingBlock: '' } });
    await CounterModel.deleteMany({});
    const byFiling = (await TicketModel.find({}).select('_id createdAt').lean())
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || String(a._id).localeCompare(String(b._id)))
      .map((t) => String(t._id));

    expect(await ensureFilingNumbers(app.ctx.lock)).toEqual({ numbered: byFiling.length });
    expect(await ensureFilingNumbers(app.ctx.lock)).toEqual({ numbered: 0 });
    expect(await idsByNumber()).toEqual([...byFiling].reverse());

    // New tickets continue after them.
    const pat = await createTestUser(app.ctx);
    const next = await createTestTicket(app.ctx, pat);
    expect((await TicketModel.findById(next.id).lean())?.filingNumber).toBe(byFiling.length + 1);
    await app.ctx.cache.invalidateAll();
  });

  it('gives a database whose numbers predate ticket_numbers its entries once, and pages from them', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const pat = await createTestUser(app.ctx);
    await createTestTicket(app.ctx, pat, { title: 'Before the entries' });
    const expected = await idsByNumber();
    await TicketNumberModel.deleteMany({});
    await CounterModel.deleteOne({ _id: 'ticket-numbers-v1' });
    await app.ctx.cache.invalidateAll();
    // Without its entries the list has the numbers but cannot name the tickets.
    expect((await list(admin.auth, 'limit=100')).items).toEqual([]);

    expect(await ensureNumberEntries(app.ctx.lock)).toEqual({ entries: expected.length });
    expect(await ensureNumberEntries(app.ctx.lock)).toEqual({ entries: 0 });
    await app.ctx.cache.invalidateAll();
    expect((await list(admin.auth, 'limit=100')).items.map((t) => t.id)).toEqual(expected);
    const newest = await TicketModel.findById(expected[0]).lean();
    await app.request.get(`/api/tickets/by-number/${newest!.filingNumber}`).set(admin.auth).expect(200);
  });

  it('skips a number whose ticket was never stored (its process died after writing the entry)', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const pat = await createTestUser(app.ctx);
    const before = await createTestTicket(app.ctx, pat, { title: 'Stored' });
    const { seq } = (await CounterModel.findByIdAndUpdate('tickets', { $inc: { seq: 1 } }, { returnDocument: 'after' }).lean())!;
    await TicketNumberModel.create({ _id: String(seq), tickets: [new Types.ObjectId()] });
    const after = await createTestTicket(app.ctx, pat, { title: 'Stored after the gap' });
    await app.ctx.cache.invalidateAll();
    const page = await list(admin.auth, 'limit=2');
    expect(page.items.map((t) => t.id)).toEqual([after.id]);
    expect((await list(admin.auth, 'limit=2&page=2')).items.map((t) => t.id)[0]).toBe(before.id);
  });

  it('shows a moderator what is assigned to them and what they filed, once each, across pages', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const other = await createTestUser(app.ctx, { role: 'moderator' });
    const assigned = await createTestTicket(app.ctx, pat, { title: 'Assigned to mo', assignee: mo });
    const filedForOther = await createTestTicket(app.ctx, mo, { title: 'Filed by mo', assignee: other });
    const both = await createTestTicket(app.ctx, mo, { title: 'Filed by and assigned to mo', assignee: mo });
    await createTestTicket(app.ctx, pat, { title: 'Not mo', assignee: other });

    const page1 = await list(mo.auth, 'limit=2&page=1');
    const page2 = await list(mo.auth, 'limit=2&page=2');
    expect(page1.total).toBe(3);
    expect([...page1.items, ...page2.items].map((t) => t.id)).toEqual([both.id, filedForOther.id, assigned.id]);
    expect((await list(mo.auth, 'status=todo&q=filed')).items.map((t) => t.id)).toEqual([both.id, filedForOther.id]);
  });

  it('names a creator who no longer exists "Unknown user" instead of failing', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const gone = await createTestUser(app.ctx, { name: 'Gone Soon' });
    const { id } = await createTestTicket(app.ctx, gone);
    await UserModel.deleteOne({ _id: gone.user._id });
    const shown = (await list(admin.auth, 'limit=1')).items[0]!;
    expect(shown.id).toBe(id);
    expect(shown.createdBy.name).toBe('Unknown user');
  });
});
