import { ticketDetailSchema, ticketSchema } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { TicketModel } from '../../tickets/ticketModel.js';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../../test/harness.js';

const app = useTestApp();

/** A ticket filed by `requester`, triaged and assigned with a full scoring breakdown, as the workflows leave it. */
async function triagedAndAssigned(requester: TestUser, moderator: TestUser) {
  const { id } = await createTestTicket(app.ctx, requester);
  await TicketModel.updateOne(
    { _id: id },
    {
      summary: 'Login fails after the password step',
      helpfulNotes: 'Customer is on the legacy plan; check the SSO flag first.',
      category: 'account',
      relatedSkills: ['auth'],
      triagedBy: 'local',
      triageConfidence: 0.82,
      assignedTo: moderator.actor.id,
      assignment: {
        moderatorId: moderator.actor.id,
        score: 0.9,
        skillMatch: 1,
        availability: 0.8,
        performance: 0.7,
        candidates: [
          { moderatorId: moderator.actor.id, name: 'Mo', score: 0.9, skillMatch: 1, availability: 0.8, performance: 0.7, presence: 'online' },
        ],
        reason: 'best skill match',
        assignedAt: new Date(),
      },
    },
  );
  await app.ctx.cache.invalidateAll();
  return id;
}

describe('what a ticket shows to whom', () => {
  it('hides scores, presence, notes and triage internals from the person who filed it, and keeps the summary', async () => {
    const requester = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const id = await triagedAndAssigned(requester, moderator);

    const detail = await app.request.get(`/api/tickets/${id}`).set(requester.auth).expect(200);
    expect(ticketDetailSchema.parse(detail.body.ticket)).toMatchObject({
      summary: 'Login fails after the password step',
      assignedTo: { id: moderator.actor.id },
      assignment: null,
      helpfulNotes: null,
      category: null,
      relatedSkills: null,
      triageConfidence: null,
    });
    expect(JSON.stringify(detail.body)).not.toContain('SSO flag');

    const list = await app.request.get('/api/tickets').set(requester.auth).expect(200);
    const listed = list.body.items.find((t: { id: string }) => t.id === id);
    expect(ticketSchema.parse(listed)).toMatchObject({ assignment: null, helpfulNotes: null, summary: 'Login fails after the password step' });
  });

  it('shows the assignment breakdown and triage details to staff', async () => {
    const requester = await createTestUser(app.ctx);
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const id = await triagedAndAssigned(requester, moderator);
    const res = await app.request.get(`/api/tickets/${id}`).set(moderator.auth).expect(200);
    expect(ticketDetailSchema.parse(res.body.ticket)).toMatchObject({
      helpfulNotes: 'Customer is on the legacy plan; check the SSO flag first.',
      category: 'account',
      relatedSkills: ['auth'],
      triageConfidence: 0.82,
      assignment: { moderatorId: moderator.actor.id, candidates: [{ presence: 'online', score: 0.9 }] },
    });
  });
});
