import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { TicketModel } from '../tickets/ticketModel.js';
import { UserModel } from '../users/userModel.js';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { createAutoAssignService } from './service.js';

const app = useTestApp();

describe('automatic assignment without the workflow around it', () => {
  it('never exceeds capacity even when called concurrently, thanks to the re-check under the moderator lock', async () => {
    const mo = await createTestUser(app.ctx, { role: 'moderator', skills: ['support'] });
    const pat = await createTestUser(app.ctx);
    const tickets = await Promise.all(Array.from({ length: 8 }, () => createTestTicket(app.ctx, pat)));
    const service = createAutoAssignService({
      tickets: app.ctx.services.tickets,
      lock: app.ctx.lock,
      presence: null,
      capacity: 3,
      logger: createLogger('silent'),
    });

    const outcomes = await Promise.all(tickets.map(({ id }) => service.assignBestModerator({ ticketId: id, reassign: false })));

    expect(outcomes.filter((o) => o.status === 'assigned')).toHaveLength(3);
    expect(outcomes.filter((o) => o.status === 'no_candidate')).toHaveLength(5);
    expect(await TicketModel.countDocuments({ assignedTo: mo.actor.id })).toBe(3);
    expect((await UserModel.findById(mo.actor.id).lean())!.activeTickets).toBe(3);
  });

  it('never gives a moderator the ticket they filed themselves, and says why', async () => {
    await UserModel.updateMany({ role: { $in: ['moderator', 'admin'] } }, { $set: { role: 'user' } });
    const leo = await createTestUser(app.ctx, { role: 'moderator', name: 'Leo', skills: ['billing'] });
    const service = createAutoAssignService({ tickets: app.ctx.services.tickets, lock: app.ctx.lock, presence: null, capacity: 5, logger: createLogger('silent') });
    const own = await createTestTicket(app.ctx, leo);
    // Leo is the only moderator: nobody else can take it yet.
    expect(await service.assignBestModerator({ ticketId: own.id, reassign: false })).toMatchObject({ status: 'no_candidate' });
    const ticket = (await TicketModel.findById(own.id).lean())!;
    const candidates = await service.explainCandidates(ticket);
    expect(candidates.items).toEqual([expect.objectContaining({ moderatorId: leo.actor.id, eligible: false, standing: 'Not eligible: filed this ticket' })]);

    const mia = await createTestUser(app.ctx, { role: 'moderator', name: 'Mia', skills: [] });
    expect(await service.assignBestModerator({ ticketId: own.id, reassign: false })).toMatchObject({
      status: 'assigned',
      assignment: { moderatorId: mia.actor.id },
    });
  });

  it('uses live presence when the context has it, and treats everyone as online when it fails', async () => {
    await UserModel.updateMany({ role: { $in: ['moderator', 'admin'] } }, { $set: { role: 'user' } });
    const away = await createTestUser(app.ctx, { role: 'moderator', name: 'Away', skills: ['billing'] });
    const here = await createTestUser(app.ctx, { role: 'moderator', name: 'Here', skills: [] });
    const pat = await createTestUser(app.ctx);
    const base = { tickets: app.ctx.services.tickets, lock: app.ctx.lock, capacity: 10, logger: createLogger('silent') };

    const first = await createTestTicket(app.ctx, pat);
    await TicketModel.updateOne({ _id: first.id }, { $set: { relatedSkills: ['billing'] } });
    const withPresence = createAutoAssignService({
      ...base,
      presence: { getEffectiveStatuses: async (ids) => new Map(ids.map((id) => [id, id === here.actor.id ? 'online' : 'offline'])) },
    });
    const outcome = await withPresence.assignBestModerator({ ticketId: first.id, reassign: false });
    // The better skill match is offline: the online moderator gets it.
    expect(outcome).toMatchObject({ status: 'assigned', assignment: { moderatorId: here.actor.id } });

    const second = await createTestTicket(app.ctx, pat);
    await TicketModel.updateOne({ _id: second.id }, { $set: { relatedSkills: ['billing'] } });
    const broken = createAutoAssignService({
      ...base,
      presence: {
        getEffectiveStatuses: async () => {
          throw new Error('redis down');
        },
      },
    });
    expect(await broken.assignBestModerator({ ticketId: second.id, reassign: false })).toMatchObject({
      status: 'assigned',
      assignment: { moderatorId: away.actor.id },
    });
  });
});
