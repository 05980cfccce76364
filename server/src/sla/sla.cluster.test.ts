import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser } from '../test/harness.js';
import { useWorkflowChild } from '../test/workflowChild.js';
import { useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';
import { TicketModel } from '../tickets/ticketModel.js';
import { TicketEventModel } from '../tickets/timelineModel.js';
import { WorkflowRunModel } from '../workflows/runner/runModel.js';

const app = useWorkflowTestApp();
const child = useWorkflowChild(app);

const target = { firstResponseMinutes: 3 / 60, resolutionMinutes: 600 };
const TICKETS = 6;
/** Timer runs per plan: the one the write started, plus copies as a redelivered event would start. */
const COPIES = 3;

describe('SLA timers in two server processes', () => {
  const checkedHere: string[] = [];
  let restore: (() => void) | null = null;
  afterAll(() => restore?.());

  it('records each warning and breach once when both processes run timers for the same plans', async () => {
    const { sla } = app.ctx.services;
    const original = sla.checkClocks;
    sla.checkClocks = (ticketId, planVersion) => {
      checkedHere.push(ticketId);
      return original(ticketId, planVersion);
    };
    restore = () => {
      sla.checkClocks = original;
    };
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const requester = await createTestUser(app.ctx);
    await app.request.put('/api/sla').set(admin.auth).send({ targets: { urgent: target, high: target, medium: target, low: target } }).expect(200);

    const ids: string[] = [];
    for (let i = 0; i < TICKETS; i += 1) ids.push((await createTestTicket(app.ctx, requester, { title: `Cluster ticket ${i}` })).id);
    // Whatever plan each ticket ends on (triage may change a priority), start extra
    // timers for it, as duplicate deliveries of the same event would.
    await app.runner.waitForIdle();
    for (const id of ids) {
      const planVersion = (await TicketModel.findById(id).lean())!.sla!.planVersion;
      for (let copy = 0; copy < COPIES - 1; copy += 1) {
        await app.workflows.send({ name: WORKFLOW_EVENTS.ticketSlaPlanned, id: `cluster-copy:${id}:${planVersion}:${copy}`, data: { ticketId: id, planVersion } });
      }
    }

    await waitUntil(
      async () => {
        const tickets = await TicketModel.find({ _id: { $in: ids } }).lean();
        return tickets.every((t) => t.sla?.breached.firstResponse);
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'every ticket to breach' },
    );
    // Every timer that is not asleep towards the far resolution target has finished.
    await waitUntil(
      async () => {
        const runs = await WorkflowRunModel.find({ functionId: 'watch-ticket-sla', status: { $in: ['queued', 'running'] } }).lean();
        return runs.every((r) => r.status === 'queued' && r.sleepingUntil && r.sleepingUntil.getTime() > Date.now() + 60_000);
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'the timers to settle' },
    );

    const entries = await TicketEventModel.find({ ticket: { $in: ids }, type: { $in: ['sla_warning', 'sla_breached'] } }).lean();
    for (const id of ids) {
      const mine = entries.filter((e) => String(e.ticket) === id);
      expect(mine.map((e) => e.type).sort(), `timeline of ${id}`).toEqual(['sla_breached', 'sla_warning']);
    }
    // Both processes took part: each checked clocks of these tickets.
    expect(child.checked.filter((id) => ids.includes(id)).length).toBeGreaterThan(0);
    expect(checkedHere.filter((id) => ids.includes(id)).length).toBeGreaterThan(0);
  }, 120_000);
});
