import { describe, expect, it } from 'vitest';
import { UserModel } from '../users/userModel.js';
import { WorkflowRunModel } from './runner/runModel.js';
import { scoreModerators } from '../assignment/scoreModerators.js';
import { createTestUser } from '../test/harness.js';
import { useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';

const app = useWorkflowTestApp({ env: () => ({ APP_URL: 'https://desk.example.test' }) });

interface TimelineEntry {
  type: string;
  actor: { id: string } | null;
  to: string | null;
  data: Record<string, unknown>;
}

describe('a new ticket, end to end through the in-process runner', () => {
  it('is triaged, assigned to the best moderator with the breakdown, and the moderator is e-mailed', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const bea = await createTestUser(app.ctx, { role: 'moderator', name: 'Bea Billing', skills: ['billing', 'payments'] });
    const fred = await createTestUser(app.ctx, { role: 'moderator', name: 'Fred Frontend', skills: ['react', 'css'] });
    const ann = await createTestUser(app.ctx, { name: 'Ann' });

    const created = await app.request
      .post('/api/tickets')
      .set(ann.auth)
      .send({
        title: 'Invoice charged twice',
        description: 'My credit card was billed twice for the March invoice, please refund one payment. Call me on +44 7700 900123.',
      });
    expect(created.status).toBe(201);
    const id: string = created.body.ticket.id;

    const timelineTypes = async () =>
      ((await app.request.get(`/api/tickets/${id}`).set(admin.auth)).body.ticket.timeline as TimelineEntry[]).map((e) => e.type);
    await waitUntil(async () => (await timelineTypes()).includes('notified'), { what: 'the notified entry' });

    const { ticket } = (await app.request.get(`/api/tickets/${id}`).set(admin.auth)).body;
    expect(ticket).toMatchObject({
      triagedBy: 'local',
      category: 'billing',
      relatedSkills: expect.arrayContaining(['billing']),
      assignedTo: { id: bea.actor.id, name: 'Bea Billing', role: 'moderator' },
    });
    expect(ticket.summary).toMatch(/^Invoice charged twice/);

    // The breakdown is what the scorer says for these two moderators and the triaged skills.
    const expected = scoreModerators(ticket.relatedSkills, [
      { id: bea.actor.id, name: 'Bea Billing', role: 'moderator', skills: ['billing', 'payments'], activeTickets: 0, totalResolved: 0, avgResolutionHours: 0, lastAssignedAt: null, presence: 'online' },
      { id: fred.actor.id, name: 'Fred Frontend', role: 'moderator', skills: ['react', 'css'], activeTickets: 0, totalResolved: 0, avgResolutionHours: 0, lastAssignedAt: null, presence: 'online' },
    ]);
    const { score, skillMatch, availability, performance } = expected.winner!;
    expect(ticket.assignment).toMatchObject({ moderatorId: bea.actor.id, score, skillMatch, availability, performance });
    // Everyone considered is listed, the admin last: admins are only a last resort.
    expect(ticket.assignment.candidates.map((c: { moderatorId: string }) => c.moderatorId)).toEqual([bea.actor.id, fred.actor.id, admin.actor.id]);
    expect(ticket.assignment.reason).toContain('skill match for billing');

    const timeline = ticket.timeline as TimelineEntry[];
    expect(timeline.map((e) => e.type)).toEqual(['created', 'triaged', 'assigned', 'notified']);
    expect(timeline[1]).toMatchObject({ actor: null, data: { engine: 'local', durationMs: expect.any(Number) } });
    expect(timeline[2]).toMatchObject({ actor: null, to: bea.actor.id, data: { score } });
    expect(timeline[3]).toMatchObject({ to: bea.actor.id, data: { channel: 'email', transport: 'outbox' } });
    expect((await UserModel.findById(bea.actor.id).lean())!.activeTickets).toBe(1);

    const outbox = await app.request.get('/api/dev/outbox?category=ticket_assigned').set(admin.auth);
    expect(outbox.status).toBe(200);
    const mail = outbox.body.items.find((m: { ticketId: string }) => m.ticketId === id);
    expect(mail).toMatchObject({ to: bea.user.email, subject: `[RelayDesk] Assigned to you: #${ticket.number} Invoice charged twice` });
    expect(ticket.number).toEqual(expect.any(Number));
    expect(mail.text).toContain(`https://desk.example.test/tickets/${id}`);
    expect(mail.text).toContain(ticket.summary);
    expect(mail.text).not.toContain('7700 900123');

    await app.runner.waitForIdle();
    const counts = await app.runner.counts();
    expect(counts).toMatchObject({ running: 0, failed: 0 });
    // All that stays queued is asleep until its next moment: the ticket's SLA timer and the counters' reconcile.
    const queued = await WorkflowRunModel.find({ status: 'queued' }).lean();
    expect(queued.every((run) => ['watch-ticket-sla', 'reconcile-stats'].includes(run.functionId) && run.sleepingUntil !== null)).toBe(true);
    expect(counts.completed).toBeGreaterThanOrEqual(3);
  });

  it('counts a resolution once, however the completion workflow runs', async () => {
    await createTestUser(app.ctx, { role: 'moderator', skills: ['email', 'authentication'] });
    const pat = await createTestUser(app.ctx);
    const created = await app.request
      .post('/api/tickets')
      .set(pat.auth)
      .send({ title: 'Password reset mail never arrives', description: 'No email after reset.' });
    const id = created.body.ticket.id as string;
    const assignee = await waitUntil(
      async () => (await app.request.get(`/api/tickets/${id}`).set(pat.auth)).body.ticket.assignedTo?.id as string | undefined,
      { what: 'assignment' },
    );
    // The assignee's active count is written just after the ticket; let the whole chain finish first.
    await app.runner.waitForIdle();
    const before = (await UserModel.findById(assignee).lean())!;

    const announced: string[] = [];
    const unsubscribe = app.ctx.events.subscribe('user.updated', ({ userId, fields }) => {
      if (fields.includes('stats')) announced.push(userId);
    });
    await app.ctx.services.tickets.changeStatus({ id: assignee, role: before.role, name: before.name }, id, 'completed');
    await waitUntil(() => announced.includes(assignee), { what: 'the stats announcement' });
    // The same completion announced again (a duplicate event) starts no second run.
    const ticket = await app.ctx.services.tickets.loadPopulated(id);
    await app.ctx.events.publish('ticket.status_changed', { ticket: ticket!, from: 'todo', to: 'completed', actorId: null });
    await app.runner.waitForIdle();
    unsubscribe();

    expect(announced).toEqual([assignee]);
    expect(await UserModel.findById(assignee).lean()).toMatchObject({
      totalResolved: before.totalResolved + 1,
      activeTickets: before.activeTickets - 1,
    });
  });
});
