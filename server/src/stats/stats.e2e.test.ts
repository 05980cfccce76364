import { dashboardStatsSchema, type DashboardStats } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, type TestUser } from '../test/harness.js';
import { useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';
import { TicketModel } from '../tickets/ticketModel.js';
import { WorkflowRunModel } from '../workflows/runner/runModel.js';

// Reconcile every three seconds, so the periodic run is seen within a test.
const app = useWorkflowTestApp({ env: () => ({ STATS_RECONCILE_MINUTES: '0.05' }) });

const seconds = (s: number) => s / 60;
const everyPriority = (firstResponse: number, resolution: number) => {
  const target = { firstResponseMinutes: seconds(firstResponse), resolutionMinutes: seconds(resolution) };
  return { urgent: target, high: target, medium: target, low: target };
};

async function dashboard(admin: TestUser): Promise<DashboardStats> {
  return dashboardStatsSchema.parse((await app.request.get('/api/stats').set(admin.auth).expect(200)).body);
}

const sumClock = (stats: DashboardStats, clock: 'firstResponse' | 'resolution') =>
  Object.values(stats.sla.attainment.byPriority).reduce((acc, c) => ({ met: acc.met + c[clock].met, breached: acc.breached + c[clock].breached }), { met: 0, breached: 0 });

describe('service-level figures on the dashboard', () => {
  it('shows attainment by priority and by moderator, breaches per day and medians, as tickets are answered, breach and close', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const mo = await createTestUser(app.ctx, { role: 'moderator', name: 'Figures Moderator' });
    const requester = await createTestUser(app.ctx);
    await app.request.put('/api/sla').set(admin.auth).send({ targets: everyPriority(600, 600) }).expect(200);
    const answered = await createTestTicket(app.ctx, requester, { assignee: mo });
    const closed = await createTestTicket(app.ctx, requester, { assignee: mo });
    // Triage may change a priority (and re-plan the clocks): let it finish first.
    await app.runner.waitForIdle();

    const empty = await dashboard(admin);
    expect(sumClock(empty, 'firstResponse')).toEqual({ met: 0, breached: 0 });
    expect(empty.sla.medianFirstResponseMinutes).toBeNull();

    await app.request.post(`/api/tickets/${answered.id}/comments`).set(mo.auth).send({ body: 'Looking now.' }).expect(201);
    await app.request.post(`/api/tickets/${closed.id}/comments`).set(mo.auth).send({ body: 'Fixed, closing.' }).expect(201);
    await app.request.patch(`/api/tickets/${closed.id}/status`).set(mo.auth).send({ status: 'completed' }).expect(200);
    // A few seconds from now on (the answered ticket's first response is already in), and one nobody answers.
    await app.request.put('/api/sla').set(admin.auth).send({ targets: everyPriority(3, 600) }).expect(200);
    const ignored = await createTestTicket(app.ctx, requester, { assignee: mo });
    const stats = await waitUntil(
      async () => {
        const shown = await dashboard(admin);
        return sumClock(shown, 'firstResponse').breached > 0 ? shown : null;
      },
      { timeoutMs: 25_000, what: 'the breach on the dashboard' },
    );
    expect((await TicketModel.findById(ignored.id).lean())?.sla?.breached.firstResponse).toBe(true);
    expect(sumClock(stats, 'firstResponse')).toEqual({ met: 2, breached: 1 });
    expect(sumClock(stats, 'resolution')).toEqual({ met: 1, breached: 0 });
    const mine = stats.sla.attainment.byModerator.find((m) => m.id === mo.actor.id);
    expect(mine).toMatchObject({ name: 'Figures Moderator', firstResponse: { met: 2, breached: 1, rate: 0.667 }, resolution: { met: 1, breached: 0, rate: 1 } });
    expect(stats.sla.breachesPerDay).toHaveLength(14);
    expect(stats.sla.breachesPerDay.at(-1)).toMatchObject({ firstResponse: 1, resolution: 0 });
    // Both replies came within seconds of filing: the median sits in the first bucket (up to a minute).
    expect(stats.sla.medianFirstResponseMinutes).toBeGreaterThan(0);
    expect(stats.sla.medianFirstResponseMinutes).toBeLessThanOrEqual(1);
    expect(stats.sla.medianResolutionMinutes).toBeLessThanOrEqual(1);
  });

  it('the periodic reconcile workflow repairs a ticket write the counters never heard of', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, requester);
    await app.runner.waitForIdle();
    const before = await dashboard(admin);
    // A write whose process died before the counters were updated.
    await TicketModel.updateOne({ _id: id }, { $set: { status: 'completed', completedAt: new Date() } });
    expect((await dashboard(admin)).totals.byStatus.completed).toBe(before.totals.byStatus.completed);

    const repaired = await waitUntil(
      async () => {
        const stats = await dashboard(admin);
        return stats.totals.byStatus.completed === before.totals.byStatus.completed + 1 ? stats : null;
      },
      { timeoutMs: 20_000, what: 'a reconcile run to count the completion' },
    );
    expect(repaired.daily.at(-1)!.completed).toBe(before.daily.at(-1)!.completed + 1);
    // The repairing run finishes. Its output may say it repaired nothing: on a loaded machine an attempt can
    // repair and then lose its lease before it records the result, and the retry finds nothing left to repair.
    await waitUntil(
      async () => {
        const runs = await WorkflowRunModel.find({ functionId: 'reconcile-stats' }).select('status').lean();
        return runs.some((r) => r.status === 'completed') && !runs.some((r) => r.status === 'running');
      },
      { what: 'the repairing run to finish' },
    );
    // One chain: never two runs asleep towards the same moment.
    const asleep = await WorkflowRunModel.find({ functionId: 'reconcile-stats', status: 'queued' }).lean();
    expect(new Set(asleep.map((r) => r.eventData)).size).toBe(asleep.length);
  });
});
