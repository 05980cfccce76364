import type { TicketEvent, TicketSla } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, type TestUser } from '../test/harness.js';
import { FAST_RUNNER, useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';
import { workflowDefinitions } from '../workflows/functions/index.js';
import { LocalWorkflowRunner } from '../workflows/runner/runner.js';
import { WorkflowRunModel } from '../workflows/runner/runModel.js';
import { SlaPolicyChangeModel } from './policyModel.js';

const app = useWorkflowTestApp();

const seconds = (s: number) => s / 60;
/** The same short targets for every priority. */
const everyPriority = (firstResponse: number, resolution: number) => {
  const target = { firstResponseMinutes: seconds(firstResponse), resolutionMinutes: seconds(resolution) };
  return { urgent: target, high: target, medium: target, low: target };
};

async function fileTicket(requester: TestUser, title = 'The export button does nothing') {
  const res = await app.request.post('/api/tickets').set(requester.auth).send({ title, description: 'Clicking export shows no file and no error.' });
  expect(res.status).toBe(201);
  return res.body.ticket.id as string;
}

async function readTicket(id: string, viewer: TestUser) {
  const res = await app.request.get(`/api/tickets/${id}`).set(viewer.auth);
  expect(res.status).toBe(200);
  return res.body.ticket as { status: string; priority: string; sla: TicketSla & { firstResponseDueAt: string; resolutionDueAt: string }; timeline: TicketEvent[]; createdAt: string };
}

const slaEntries = (timeline: TicketEvent[], type: 'sla_warning' | 'sla_breached', clock: string) =>
  timeline.filter((e) => e.type === type && e.data.clock === clock);

/** Whether every timer of this ticket has finished or sleeps towards a moment far ahead (the long resolution target). */
async function timersSettled(ticketId: string): Promise<boolean> {
  const runs = await WorkflowRunModel.find({ functionId: 'watch-ticket-sla', status: { $in: ['queued', 'running'] } }).lean();
  const farAhead = Date.now() + 60_000;
  return !runs.some(
    (r) => (JSON.parse(r.eventData) as { ticketId: string }).ticketId === ticketId && !(r.status === 'queued' && r.sleepingUntil && r.sleepingUntil.getTime() > farAhead),
  );
}

describe('/api/sla', () => {
  it('shows staff the defaults, lets admins change some priorities and keeps the rest, and records each change', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const requester = await createTestUser(app.ctx);

    const shown = await app.request.get('/api/sla').set(moderator.auth);
    expect(shown.status).toBe(200);
    expect(shown.body.businessHours).toBeNull();
    expect(shown.body.targets.urgent).toEqual({ firstResponseMinutes: 15, resolutionMinutes: 240 });
    expect(shown.body.targets.low).toEqual({ firstResponseMinutes: 480, resolutionMinutes: 4_320 });
    expect((await app.request.get('/api/sla').set(requester.auth)).status).toBe(403);

    const body = {
      targets: { urgent: { firstResponseMinutes: 5, resolutionMinutes: 60 } },
      businessHours: { timeZone: 'Europe/Berlin', weekdays: [1, 2, 3, 4, 5], opensAt: '09:00', closesAt: '17:00' },
    };
    expect((await app.request.put('/api/sla').set(moderator.auth).send(body)).status).toBe(403);
    const saved = await app.request.put('/api/sla').set(admin.auth).send(body);
    expect(saved.status).toBe(200);
    expect(saved.body.targets.urgent).toEqual({ firstResponseMinutes: 5, resolutionMinutes: 60 });
    expect(saved.body.targets.high).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 480 });
    expect(saved.body.businessHours).toEqual(body.businessHours);
    expect((await app.request.get('/api/sla').set(moderator.auth)).body).toEqual(saved.body);
    const history = await SlaPolicyChangeModel.find({ changedBy: admin.actor.id }).lean();
    expect(history).toHaveLength(1);
    expect(JSON.parse(history[0]!.after).targets.urgent.firstResponseMinutes).toBe(5);

    // Back to around the clock, for the tests after this one.
    const cleared = await app.request.put('/api/sla').set(admin.auth).send({ targets: {}, businessHours: null });
    expect(cleared.body.businessHours).toBeNull();
  });

  it('names what is wrong with a bad policy', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const bad = await app.request
      .put('/api/sla')
      .set(admin.auth)
      .send({ targets: { high: { firstResponseMinutes: -1, resolutionMinutes: 10 } }, businessHours: { timeZone: 'Mars/Olympus', weekdays: [8], opensAt: '18:00', closesAt: '09:00' } });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.details as Array<{ path: string }>).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['targets.high.firstResponseMinutes', 'businessHours.timeZone', 'businessHours.weekdays.0']));
  });
});

describe('SLA clocks on tickets', () => {
  it('starts both clocks with the ticket, pauses resolution while waiting on the requester, and resumes it when they reply', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    await app.request.put('/api/sla').set(admin.auth).send({ targets: everyPriority(600, 3_600) }).expect(200);
    const id = await fileTicket(requester);
    await app.runner.waitForIdle();

    const filed = await readTicket(id, admin);
    const created = Date.parse(filed.createdAt);
    expect(Date.parse(filed.sla.firstResponseDueAt) - created).toBe(600_000);
    expect(Date.parse(filed.sla.resolutionDueAt) - created).toBe(3_600_000);
    expect(filed.sla).toMatchObject({ firstRespondedAt: null, resolvedAt: null, pausedSince: null, breached: { firstResponse: false, resolution: false } });

    const waiting = await app.request.patch(`/api/tickets/${id}/status`).set(admin.auth).send({ status: 'waiting' });
    expect(waiting.status).toBe(200);
    expect(waiting.body.ticket.sla.pausedSince).not.toBeNull();

    await app.request.post(`/api/tickets/${id}/comments`).set(requester.auth).send({ body: 'Here is the screenshot you asked for.' }).expect(201);
    const resumed = await readTicket(id, admin);
    expect(resumed.status).toBe('in_progress');
    expect(resumed.sla.pausedSince).toBeNull();
    const pausedFor = Date.parse(resumed.timeline.at(-1)!.createdAt) - Date.parse(waiting.body.ticket.sla.pausedSince);
    const shift = Date.parse(resumed.sla.resolutionDueAt) - Date.parse(filed.sla.resolutionDueAt);
    expect(shift).toBeGreaterThan(0);
    expect(Math.abs(shift - pausedFor)).toBeLessThan(1_000);
    // The requester's own reply is no first response.
    expect(resumed.sla.firstRespondedAt).toBeNull();

    const done = await app.request.patch(`/api/tickets/${id}/status`).set(admin.auth).send({ status: 'completed' });
    expect(done.body.ticket.sla.resolvedAt).not.toBeNull();
    const reopened = await app.request.patch(`/api/tickets/${id}/status`).set(admin.auth).send({ status: 'in_progress' });
    expect(reopened.body.ticket.sla.resolvedAt).toBeNull();
    expect(Date.parse(reopened.body.ticket.sla.resolutionDueAt)).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('acceptance: with a few seconds for every priority, an unanswered ticket breaches first response within 15 s; one answered publicly in time does not', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    await app.request.put('/api/sla').set(admin.auth).send({ targets: everyPriority(4, 600) }).expect(200);
    const ignored = await fileTicket(requester, 'Nobody answers this one');
    const answered = await fileTicket(requester, 'This one gets an answer');
    const reply = await app.request.post(`/api/tickets/${answered}/comments`).set(admin.auth).send({ body: 'Looking into it now.' });
    expect(reply.status).toBe(201);
    const startedAt = Date.now();

    const breached = await waitUntil(
      async () => {
        const ticket = await readTicket(ignored, admin);
        return ticket.sla.breached.firstResponse && slaEntries(ticket.timeline, 'sla_breached', 'firstResponse').length > 0 ? ticket : null;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: 'the first-response breach' },
    );
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(slaEntries(breached.timeline, 'sla_warning', 'firstResponse')).toHaveLength(1);
    expect(slaEntries(breached.timeline, 'sla_breached', 'firstResponse')).toHaveLength(1);

    const ok = await readTicket(answered, admin);
    expect(ok.sla.firstRespondedAt).not.toBeNull();
    expect(Date.parse(ok.sla.firstRespondedAt!)).toBeLessThan(Date.parse(ok.sla.firstResponseDueAt));
    expect(ok.sla.breached.firstResponse).toBe(false);
    expect(slaEntries(ok.timeline, 'sla_breached', 'firstResponse')).toHaveLength(0);
  });

  it('records one warning and one breach when the priority changes twice in a row while the timer is pending', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    await app.request
      .put('/api/sla')
      .set(admin.auth)
      .send({
        targets: {
          urgent: { firstResponseMinutes: seconds(2), resolutionMinutes: 60 },
          high: { firstResponseMinutes: seconds(3), resolutionMinutes: 60 },
          medium: { firstResponseMinutes: seconds(6), resolutionMinutes: 60 },
          low: { firstResponseMinutes: seconds(8), resolutionMinutes: 60 },
        },
      })
      .expect(200);
    const id = await fileTicket(requester);
    await app.runner.waitForIdle();
    const low = await app.request.patch(`/api/tickets/${id}/triage`).set(admin.auth).send({ priority: 'low' });
    expect(low.status).toBe(200);
    const high = await app.request.patch(`/api/tickets/${id}/triage`).set(admin.auth).send({ priority: 'high' });
    expect(high.status).toBe(200);
    const planned = await readTicket(id, admin);
    expect(Date.parse(planned.sla.firstResponseDueAt) - Date.parse(planned.createdAt)).toBe(3_000);

    await waitUntil(async () => (await readTicket(id, admin)).sla.breached.firstResponse, { timeoutMs: 15_000, what: 'the breach' });
    // The superseded timers (medium, low) wake at their own moments too, and must record nothing.
    await waitUntil(() => timersSettled(id), { timeoutMs: 15_000, what: 'every timer of the ticket to finish' });
    const { timeline } = await readTicket(id, admin);
    expect(slaEntries(timeline, 'sla_warning', 'firstResponse')).toHaveLength(1);
    expect(slaEntries(timeline, 'sla_breached', 'firstResponse')).toHaveLength(1);
    const superseded = await WorkflowRunModel.find({ functionId: 'watch-ticket-sla', status: 'completed' }).lean();
    const mine = superseded.filter((r) => (JSON.parse(r.eventData) as { ticketId: string }).ticketId === id);
    expect(mine.filter((r) => JSON.parse(r.output!).outcome === 'superseded').length).toBeGreaterThanOrEqual(2);
  });

  it('escalates a breach: asks for the ticket to be assigned again when its assignee is offline', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const away = await createTestUser(app.ctx, { role: 'moderator', name: 'Away Moderator' });
    const requester = await createTestUser(app.ctx);
    await app.request.put('/api/sla').set(admin.auth).send({ targets: everyPriority(2, 600) }).expect(200);
    const { id } = await createTestTicket(app.ctx, requester, { assignee: away });
    expect((await app.ctx.services.presence.getEffectiveStatuses([away.actor.id])).get(away.actor.id)).toBe('offline');

    await waitUntil(async () => (await readTicket(id, admin)).sla.breached.firstResponse, { timeoutMs: 15_000, what: 'the breach' });
    const reassign = await waitUntil(
      async () => {
        const runs = await WorkflowRunModel.find({ eventName: 'ticket/reassign.requested' }).lean();
        return runs.find((r) => (JSON.parse(r.eventData) as { ticketId: string }).ticketId === id);
      },
      { what: 'the reassignment request' },
    );
    expect(JSON.parse(reassign.eventData)).toEqual({ ticketId: id, requestedBy: null });
  });

  // Last in the file: it stops the file's runner.
  it('keeps a pending timer across a runner restart: another runner wakes it and the breach is recorded once', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    await app.request.put('/api/sla').set(admin.auth).send({ targets: everyPriority(3, 600) }).expect(200);
    const id = await fileTicket(requester);
    await app.runner.waitForIdle();
    await waitUntil(
      async () => {
        const runs = await WorkflowRunModel.find({ functionId: 'watch-ticket-sla', status: 'queued', sleepingUntil: { $gt: new Date() } }).lean();
        return runs.some((r) => (JSON.parse(r.eventData) as { ticketId: string }).ticketId === id);
      },
      { what: 'a sleeping timer' },
    );
    await app.runner.stop({ timeoutMs: 1_000 });

    const successor = new LocalWorkflowRunner({ ...FAST_RUNNER, deps: app.workflows.deps, definitions: workflowDefinitions, logger: app.ctx.logger });
    await successor.start();
    try {
      await waitUntil(async () => (await readTicket(id, admin)).sla.breached.firstResponse, { timeoutMs: 15_000, what: 'the breach' });
      await waitUntil(() => timersSettled(id), { timeoutMs: 15_000, what: 'the timer to finish' });
      const { timeline } = await readTicket(id, admin);
      expect(slaEntries(timeline, 'sla_breached', 'firstResponse')).toHaveLength(1);
      expect(slaEntries(timeline, 'sla_warning', 'firstResponse')).toHaveLength(1);
    } finally {
      await successor.stop({ timeoutMs: 1_000 });
    }
  });

});
