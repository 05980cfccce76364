import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { IndexedTicketModel, IndexStatsModel, TermPostingsModel } from './indexModels.js';
import { createSimilarIndex } from './similarIndex.js';

const app = useTestApp();

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
    await Promise.all([IndexedTicketModel.deleteMany({}), TermPostingsModel.deleteMany({}), IndexStatsModel.deleteMany({})]);

    const fresh = createSimilarIndex({ lock: app.ctx.lock, logger: createLogger('silent') });
    expect(await fresh.backfill()).toEqual({ indexed: 3, skipped: false });
    expect(await fresh.backfill()).toEqual({ indexed: 0, skipped: true });

    const restarted = createSimilarIndex({ lock: app.ctx.lock, logger: createLogger('silent') });
    expect(await restarted.backfill()).toEqual({ indexed: 0, skipped: true });
    const hits = await restarted.search('password reset email does not arrive');
    expect(hits[0]?.ticket).toMatchObject({ _id: ids[1], title: 'Password reset mail missing', resolution: 'Whitelist our sender domain.' });
    expect(hits[0]!.coverage).toBeGreaterThan(0.5);
    expect(await restarted.search('password reset email', { excludeIds: [ids[1]!] })).toEqual([]);
    expect(await restarted.search('the and of')).toEqual([]);
  });
});
