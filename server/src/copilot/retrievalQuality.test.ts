import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { ticketText } from './bm25.js';
import { QUERIES, SOLVED } from './evaluation/labelledSet.js';
import { DRAFT_MIN_COVERAGE } from './localDraft.js';

const app = useTestApp();

describe('similar-ticket search quality', () => {
  it('finds the query\u2019s topic among the top three (precision@3 on 30 labelled queries)', async () => {
    const requester = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const topicOf = new Map<string, string>();
    for (const solved of SOLVED) {
      const { id } = await createTestTicket(app.ctx, requester, { title: solved.title, description: solved.description, assignee: moderator });
      await app.ctx.services.comments.addComment(moderator.actor, id, solved.reply);
      await app.ctx.services.tickets.changeStatus(moderator.actor, id, 'completed');
      topicOf.set(id, solved.topic);
    }
    await app.ctx.services.similarIndex.settled();

    let precisionSum = 0;
    let firstRight = 0;
    let drafted = 0;
    let draftedRight = 0;
    for (const query of QUERIES) {
      const hits = await app.ctx.services.similarIndex.search(ticketText(query), { limit: 3 });
      precisionSum += hits.filter((hit) => topicOf.get(hit.ticket._id) === query.topic).length / 3;
      const isRight = hits[0] !== undefined && topicOf.get(hits[0].ticket._id) === query.topic;
      if (isRight) firstRight += 1;
      if (hits[0] && hits[0].coverage >= DRAFT_MIN_COVERAGE) {
        drafted += 1;
        if (isRight) draftedRight += 1;
      }
    }
    const precisionAt3 = precisionSum / QUERIES.length;
    const successAt1 = firstRight / QUERIES.length;
    console.info(`similar tickets: precision@3 ${precisionAt3.toFixed(3)}, top hit on topic ${successAt1.toFixed(3)} over ${QUERIES.length} queries; a local draft offered for ${drafted}, from the right topic for ${draftedRight}`);
    expect(precisionAt3).toBeGreaterThanOrEqual(0.6);
    expect(successAt1).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
