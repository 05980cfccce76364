import { describe, expect, it } from 'vitest';
import { TicketEventModel } from '../../tickets/timelineModel.js';
import { UserModel } from '../../users/userModel.js';
import { createTestUser, type TestUser } from '../../test/harness.js';
import { useWorkflowTestApp, waitUntil } from '../../test/workflowHarness.js';

const app = useWorkflowTestApp();

async function fileTicket(filer: TestUser, title = 'Invoice charged twice', description = 'Billed twice in March, please refund.') {
  const res = await app.request.post('/api/tickets').set(filer.auth).send({ title, description });
  const id = res.body.ticket.id as string;
  await app.runner.waitForIdle();
  return id;
}

const timelineTypes = async (id: string) =>
  (await TicketEventModel.find({ ticket: id }).sort({ createdAt: 1, _id: 1 }).lean()).map((e) => e.type);

describe.each(['retriage', 'reassign'])('POST /api/tickets/:id/%s permissions', (action) => {
  it('needs a signed-in admin: 401 without a token, 403 for users and moderators, even the assignee', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const id = await fileTicket(pat);
    await app.ctx.services.tickets.assignTicket({ ticketId: id, moderatorId: mo.actor.id, actorId: null });

    expect((await app.request.post(`/api/tickets/${id}/${action}`)).status).toBe(401);
    for (const who of [pat, mo]) {
      const res = await app.request.post(`/api/tickets/${id}/${action}`).set(who.auth);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('answers 400 for a malformed id and 404 for an unknown ticket', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const bad = await app.request.post(`/api/tickets/not-an-id/${action}`).set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('id');
    const unknown = await app.request.post(`/api/tickets/${'0'.repeat(24)}/${action}`).set(admin.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });
});

describe('POST /api/tickets/:id/retriage', () => {
  it('triages the ticket again in the background', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const pat = await createTestUser(app.ctx);
    const id = await fileTicket(pat);
    expect((await timelineTypes(id)).filter((t) => t === 'triaged')).toHaveLength(1);

    const res = await app.request.post(`/api/tickets/${id}/retriage`).set(admin.auth);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true, ticketId: id });
    await waitUntil(async () => (await timelineTypes(id)).filter((t) => t === 'triaged').length === 2, { what: 'a second triage' });
    await app.runner.waitForIdle();
    const { ticket } = (await app.request.get(`/api/tickets/${id}`).set(admin.auth)).body;
    expect(ticket).toMatchObject({ triagedBy: 'local', category: 'billing' });
  });
});

describe('POST /api/tickets/:id/reassign', () => {
  it('moves the ticket to the best moderator now, keeping both active counts right', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    // Earlier tests' staff would compete; this test wants a known team.
    await UserModel.updateMany({ role: 'moderator' }, { $set: { role: 'user' } });
    const first = await createTestUser(app.ctx, { role: 'moderator', name: 'First', skills: ['billing'] });
    const pat = await createTestUser(app.ctx);
    const id = await fileTicket(pat);
    const before = (await app.request.get(`/api/tickets/${id}`).set(admin.auth)).body.ticket;
    expect(before.assignedTo.id).toBe(first.actor.id);

    // The first moderator leaves the team; someone else joins.
    await app.request.patch(`/api/users/${first.actor.id}`).set(admin.auth).send({ role: 'user' });
    const second = await createTestUser(app.ctx, { role: 'moderator', name: 'Second', skills: ['payments'] });
    const res = await app.request.post(`/api/tickets/${id}/reassign`).set(admin.auth);
    expect(res.status).toBe(202);
    await app.runner.waitForIdle();

    const { ticket } = (await app.request.get(`/api/tickets/${id}`).set(admin.auth)).body;
    expect(ticket.assignedTo).toMatchObject({ id: second.actor.id, name: 'Second' });
    expect(ticket.assignment.moderatorId).toBe(second.actor.id);
    const assigned = ticket.timeline.filter((e: { type: string }) => e.type === 'assigned');
    // Leaving the team already gave the ticket back to the pool, as a release by the admin.
    expect(ticket.timeline.filter((e: { type: string }) => e.type === 'released').at(-1)).toMatchObject({ from: first.actor.id, to: null });
    expect(assigned.at(-1)).toMatchObject({ from: null, to: second.actor.id, actor: null });
    expect(ticket.timeline.filter((e: { type: string }) => e.type === 'notified').at(-1)).toMatchObject({ to: second.actor.id });
    expect((await UserModel.findById(first.actor.id).lean())!.activeTickets).toBe(0);
    expect((await UserModel.findById(second.actor.id).lean())!.activeTickets).toBe(1);
  });
});
