import { dashboardStatsSchema, type DashboardStats } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../test/harness.js';
import { TicketModel } from '../tickets/ticketModel.js';
import { StatsCounterModel, StatsShareModel } from './counterModel.js';
import { TOTALS_DOC } from './figures.js';

const app = useTestApp();

async function dashboard(admin: TestUser): Promise<DashboardStats> {
  return dashboardStatsSchema.parse((await app.request.get('/api/stats').set(admin.auth).expect(200)).body);
}

/** The figures as a full recount from the tickets would give them. */
async function recount() {
  const tickets = await TicketModel.find({}).select('status priority assignedTo').lean();
  return {
    medium: tickets.filter((t) => t.priority === 'medium').length,
    tickets: tickets.length,
    todo: tickets.filter((t) => t.status === 'todo').length,
    completed: tickets.filter((t) => t.status === 'completed').length,
    unassigned: tickets.filter((t) => !t.assignedTo && t.status !== 'completed').length,
  };
}

describe('dashboard counters', () => {
  it('schedules reconcile runs on period boundaries every process agrees on, always ahead, and at once only before any counter exists', async () => {
    const { stats } = app.ctx.services;
    const at = new Date('2026-11-30T08:00:00.000Z');
    expect(stats.nextReconcileAt(60, at).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(stats.nextReconcileAt(60, new Date('2026-11-30T08:59:59.999Z')).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    // This file's database has no counters until its first ticket.
    const now = new Date();
    expect((await stats.firstReconcileAt(60, now)).getTime()).toBe(now.getTime());
    await createTestTicket(app.ctx, await createTestUser(app.ctx));
    expect((await stats.firstReconcileAt(60, now)).getTime()).toBeGreaterThan(now.getTime());
  });

  it('keep up with concurrent writers: the counters equal a recount and a reconcile run finds nothing to repair', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const tickets = await Promise.all(Array.from({ length: 12 }, () => createTestTicket(app.ctx, requester, { assignee: mo })));
    // Every ticket changes twice at once: status and a reply racing on the same counters.
    await Promise.all(
      tickets.flatMap(({ id }, i) => [
        app.request.patch(`/api/tickets/${id}/status`).set(mo.auth).send({ status: i % 2 ? 'completed' : 'in_progress' }),
        app.request.post(`/api/tickets/${id}/comments`).set(mo.auth).send({ body: 'On it.' }),
      ]),
    );
    const shown = await dashboard(admin);
    const truth = await recount();
    expect(shown.totals).toMatchObject({ tickets: truth.tickets, unassigned: truth.unassigned });
    expect(shown.totals.byStatus).toMatchObject({ todo: truth.todo, completed: truth.completed, in_progress: 6 });
    expect(shown.daily.at(-1)).toMatchObject({ created: truth.tickets, completed: 6 });
    const mine = shown.sla.attainment.byModerator.find((m) => m.id === mo.actor.id);
    expect(mine?.firstResponse).toMatchObject({ met: 12, breached: 0, rate: 1 });
    expect(shown.sla.medianFirstResponseMinutes).not.toBeNull();

    expect(await app.ctx.services.stats.reconcile()).toMatchObject({ sharesRepaired: 0, countersRepaired: 0, countersSkipped: false });
  });

  it('a reconcile run repairs a write whose counter update was lost, counters that drifted, and a ticket that is gone', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, requester);
    const doomed = await createTestTicket(app.ctx, requester);
    const before = await dashboard(admin);

    // A process that died after the ticket write and before the counter write.
    await TicketModel.updateOne({ _id: id }, { $set: { status: 'completed', completedAt: new Date() } });
    // One that died between storing a share and its increments (or any other drift).
    await StatsCounterModel.updateOne({ _id: TOTALS_DOC }, { $inc: { 'status.todo': 5, 'priority.medium': -1 } });
    // A ticket removed behind the service's back.
    await TicketModel.deleteOne({ _id: doomed.id });
    expect((await dashboard(admin)).totals.byStatus.todo).toBe(before.totals.byStatus.todo + 5);

    const repaired = await app.ctx.services.stats.reconcile();
    expect(repaired).toMatchObject({ sharesRepaired: 2, countersSkipped: false });
    expect(repaired.countersRepaired).toBeGreaterThan(0);
    const after = await dashboard(admin);
    const truth = await recount();
    expect(after.totals).toMatchObject({ tickets: truth.tickets, unassigned: truth.unassigned });
    expect(after.totals.byStatus).toMatchObject({ todo: truth.todo, completed: truth.completed });
    expect(truth.medium).toBeGreaterThan(0);
    expect(after.totals.byPriority.medium).toBe(truth.medium);
    expect(after.daily.at(-1)!.completed).toBe(before.daily.at(-1)!.completed + 1);
    expect(await StatsShareModel.exists({ _id: doomed.id })).toBeNull();

    // Nothing left to do, and a second run says so.
    expect(await app.ctx.services.stats.reconcile()).toMatchObject({ sharesRepaired: 0, countersRepaired: 0 });
  });

  it('counting the same ticket state again changes nothing', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, requester);
    const before = await dashboard(admin);
    await Promise.all([app.ctx.services.stats.syncTicket(id), app.ctx.services.stats.syncTicket(id), app.ctx.services.stats.syncTicket(id)]);
    const after = await dashboard(admin);
    expect(after.totals).toEqual(before.totals);
    expect(after.daily).toEqual(before.daily);
  });
});
