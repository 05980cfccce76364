import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { IndexedTicketModel, IndexStatsModel } from './indexModels.js';
import { createSimilarIndex } from './similarIndex.js';

const app = useTestApp();

/** A ticket filed, answered and completed (so indexed) by people of its own; its id once the index has it. */
async function solve(title: string, description: string, reply: string): Promise<string> {
  const requester = await createTestUser(app.ctx);
  const moderator = await createTestUser(app.ctx, { role: 'moderator' });
  const { id } = await createTestTicket(app.ctx, requester, { title, description, assignee: moderator });
  await app.ctx.services.comments.addComment(moderator.actor, id, reply);
  await app.ctx.services.tickets.changeStatus(moderator.actor, id, 'completed');
  await app.ctx.services.similarIndex.settled();
  return id;
}

describe('similar-ticket index', () => {
  it('backfills completed tickets once, keeps them across a new process, and ranks by BM25', async () => {
    const requester = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const tickets = [
      ['Printer queue stuck', 'The office printer queue never empties.', 'Restart the print spooler.'],
      ['Password reset mail missing', 'Reset emails never arrive at our domain.', 'Whitelist our sender domain.'],
      ['Invoice shows wrong VAT', 'The VAT number on invoices is outdated.', 'Update it under Billing.'],
    ] as const;
    const ids: string[] = [];
    for (const [title, description, reply] of tickets) {
      const { id } = await createTestTicket(app.ctx, requester, { title, description, assignee: moderator });
      await app.ctx.services.comments.addComment(moderator.actor, id, reply);
      await app.ctx.services.tickets.changeStatus(moderator.actor, id, 'completed');
      ids.push(id);
    }
    await app.ctx.services.similarIndex.settled();
    // As if these tickets had been completed before the index existed.
    await Promise.all([IndexedTicketModel.deleteMany({}), IndexStatsModel.deleteMany({})]);

    const fresh = createSimilarIndex({ lock: app.ctx.lock, logger: createLogger('silent') });
    expect(await fresh.backfill()).toEqual({ indexed: 3, skipped: false });
    expect(await fresh.backfill()).toEqual({ indexed: 0, skipped: true });

    const restarted = createSimilarIndex({ lock: app.ctx.lock, logger: createLogger('silent') });
    expect(await restarted.backfill()).toEqual({ indexed: 0, skipped: true });
    // A new process holds nothing until it reads the stored vectors in.
    expect(await restarted.search('password reset email does not arrive')).toEqual([]);
    await restarted.load();
    expect(restarted.size).toBe(3);
    const hits = await restarted.search('password reset email does not arrive');
    expect(hits[0]?.ticket).toMatchObject({ _id: ids[1], title: 'Password reset mail missing', resolution: 'Whitelist our sender domain.' });
    expect(hits[0]!.coverage).toBeGreaterThan(0.5);
    expect(await restarted.search('password reset email', { excludeIds: [ids[1]!] })).toEqual([]);
    expect(await restarted.search('the and of')).toEqual([]);
  });

  it('stores each vector packed in one string, and reads and re-packs entries stored as two arrays', async () => {
    const requester = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, requester, { title: 'Badge reader rejects cards', description: 'The door badge reader rejects every card.', assignee: moderator });
    await app.ctx.services.comments.addComment(moderator.actor, id, 'Re-enrol the cards at the front desk.');
    await app.ctx.services.tickets.changeStatus(moderator.actor, id, 'completed');
    await app.ctx.services.similarIndex.settled();
    const stored = (await IndexedTicketModel.collection.findOne({ _id: id as never }))!;
    expect(typeof stored.vector).toBe('string');
    expect(stored.terms).toBeUndefined();
    const [terms, freqs] = JSON.parse(stored.vector as string) as [string[], number[]];
    expect(terms).toContain('reader');
    expect(freqs).toHaveLength(terms.length);

    // As an earlier version stored it: the two arrays, under the earlier backfill marker.
    await IndexedTicketModel.collection.replaceOne({ _id: id as never }, { ...stored, vector: undefined, terms, freqs });
    await IndexStatsModel.deleteMany({});
    await IndexStatsModel.create({ _id: 'term-vectors', backfilledAt: new Date() });
    const older = createSimilarIndex({ lock: app.ctx.lock, logger: createLogger('silent') });
    await older.load();
    expect((await older.search('badge reader rejects my card'))[0]?.ticket).toMatchObject({ _id: id, resolution: 'Re-enrol the cards at the front desk.' });

    expect((await older.backfill()).indexed).toBeGreaterThanOrEqual(1);
    const repacked = (await IndexedTicketModel.collection.findOne({ _id: id as never }))!;
    expect(typeof repacked.vector).toBe('string');
    expect(repacked.terms).toBeUndefined();
  });

  it('holds the index in memory and sees another process\'s writes on its next query', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    await solve('VPN drops every hour', 'The VPN tunnel disconnects hourly.', 'Renew the VPN certificate.');

    // Another process: reads the stored index into memory once.
    const other = createSimilarIndex({ lock: app.ctx.lock, logger: createLogger('silent'), redis: app.ctx.redis });
    await other.load();
    expect(other.loaded).toBe(true);
    expect((await other.search('vpn tunnel disconnects'))[0]?.ticket.title).toBe('VPN drops every hour');

    // This process indexes a new ticket: the other one finds it on its next query, with nothing to wait for.
    const scanner = await solve('Scanner saves blank pages', 'Every scan comes out as a blank PDF page.', 'Clean the scanner glass.');
    const found = await other.search('scanner produces blank pdf pages');
    expect(found[0]?.ticket).toMatchObject({ _id: scanner, resolution: 'Clean the scanner glass.' });

    // Reopened here: gone there too.
    await app.ctx.services.tickets.changeStatus(admin.actor, scanner, 'in_progress');
    await app.ctx.services.similarIndex.settled();
    expect((await other.search('scanner produces blank pdf pages')).map((h) => h.ticket._id)).not.toContain(scanner);
    expect(other.loaded).toBe(true);
  });

  it('reads everything in again when the change log no longer reaches back to what it holds', async () => {
    const requester = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const other = createSimilarIndex({ lock: app.ctx.lock, logger: createLogger('silent'), redis: app.ctx.redis });
    await other.load();
    // The log was lost (Redis flushed or restarted without persistence): its position went backwards.
    await app.ctx.redis.client!.del(app.ctx.redis.key('copilot', 'index', 'seq'), app.ctx.redis.key('copilot', 'index', 'log'));
    const { id } = await createTestTicket(app.ctx, requester, { title: 'Calendar invites arrive twice', description: 'Every invite is duplicated.', assignee: moderator });
    await app.ctx.services.comments.addComment(moderator.actor, id, 'Remove the second calendar subscription.');
    await app.ctx.services.tickets.changeStatus(moderator.actor, id, 'completed');
    await app.ctx.services.similarIndex.settled();
    // The query sees the gap and answers from what it holds while it reads everything in again.
    expect(await other.search('calendar invite duplicated')).toEqual([]);
    await other.load();
    expect((await other.search('calendar invite duplicated'))[0]?.ticket._id).toBe(id);
  });
});

describe('similar-ticket index snapshot', () => {
  const newProcess = () => createSimilarIndex({ lock: app.ctx.lock, logger: createLogger('silent'), redis: app.ctx.redis });
  /**
   * A full read of the stored index (here the app's own process), which leaves a snapshot behind. Twice: the
   * first call may join the read the app began at its start, before the tickets of the test existed.
   */
  const fullReadLeavingSnapshot = async () => {
    await app.ctx.services.similarIndex.load();
    await app.ctx.services.similarIndex.load();
    await app.ctx.services.similarIndex.settled();
  };

  it('starts from the snapshot a full read left, plus the changes logged since, instead of reading every entry', async () => {
    const fax = await solve('Fax machine prints garbage', 'Every incoming fax prints random symbols.', 'Reset the fax line encoding.');
    await fullReadLeavingSnapshot();

    // A change nobody logged (written straight to the database): a full read would see it, the snapshot does not.
    await IndexedTicketModel.collection.updateOne({ _id: fax as never }, { $set: { title: 'Changed behind the log' } });
    // A change that was logged: the restarted process applies it on top of the snapshot.
    const toner = await solve('Toner smears on every page', 'Printed pages have grey streaks.', 'Replace the toner drum.');

    const restarted = newProcess();
    await restarted.load();
    expect(restarted.loaded).toBe(true);
    expect((await restarted.search('fax prints random symbols'))[0]?.ticket).toMatchObject({ _id: fax, title: 'Fax machine prints garbage' });
    expect((await restarted.search('toner streaks on pages'))[0]?.ticket._id).toBe(toner);
  });

  it('reads every entry when the snapshot comes from another log', async () => {
    const modem = await solve('Modem blinks orange', 'The modem light blinks orange all day.', 'Power-cycle the modem.');
    await fullReadLeavingSnapshot();
    await IndexedTicketModel.collection.updateOne({ _id: modem as never }, { $set: { title: 'Read in full' } });
    // Redis emptied: a new log, whose numbers say nothing about the snapshot's.
    await app.ctx.redis.client!.del(
      app.ctx.redis.key('copilot', 'index', 'seq'),
      app.ctx.redis.key('copilot', 'index', 'log'),
      app.ctx.redis.key('copilot', 'index', 'logid'),
    );
    const restarted = newProcess();
    await restarted.load();
    expect((await restarted.search('modem light blinks orange'))[0]?.ticket).toMatchObject({ _id: modem, title: 'Read in full' });
  });

  it('leaves a newer snapshot when a start re-read many changes, so the next start does not', async () => {
    const drill = await solve('Drill battery dies fast', 'The drill battery is empty after ten minutes.', 'Replace the battery pack.');
    await fullReadLeavingSnapshot();
    const lamp = await solve('Desk lamp flickers', 'The desk lamp flickers when touched.', 'Tighten the bulb.');
    const renewing = createSimilarIndex({ lock: app.ctx.lock, logger: createLogger('silent'), redis: app.ctx.redis, snapshotRenewalChanges: 1 });
    await renewing.load();
    await renewing.settled();
    // Behind the log: the next start reads the lamp from the renewed snapshot, not the database, and the drill too.
    await IndexedTicketModel.collection.updateMany({ _id: { $in: [drill, lamp] as never[] } }, { $set: { title: 'Changed behind the log' } });
    const next = newProcess();
    await next.load();
    expect((await next.search('desk lamp flickers'))[0]?.ticket).toMatchObject({ _id: lamp, title: 'Desk lamp flickers' });
    expect((await next.search('drill battery empty'))[0]?.ticket).toMatchObject({ _id: drill, title: 'Drill battery dies fast' });
  });
});
