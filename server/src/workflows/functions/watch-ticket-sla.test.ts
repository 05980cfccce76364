import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { TicketModel } from '../../tickets/ticketModel.js';
import { TicketEventModel } from '../../tickets/timelineModel.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';
import { inngestTestEngine } from '../../test/inngestTest.js';
import { workflowDepsOf } from '../deps.js';
import { watchTicketSla } from './watch-ticket-sla.js';

const app = useTestApp();

/** Inngest's test engine does not sleep: each durable sleep is mocked by its step id. */
const SLEEPS = Array.from({ length: 6 }, (_, i) => ({ id: `sleep-${i}`, handler: () => undefined }));

describe('watch-ticket-sla (Inngest test engine)', () => {
  it('sleeps through Inngest to the first-response moments and records the warning and the breach once', async () => {
    const requester = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, requester);
    const past = new Date(Date.now() - 1_000);
    await TicketModel.updateOne({ _id: id }, { $set: { 'sla.firstResponseWarnAt': past, 'sla.firstResponseDueAt': past } });
    const planVersion = (await TicketModel.findById(id).lean())!.sla!.planVersion;
    const engine = inngestTestEngine(watchTicketSla, workflowDepsOf(app.ctx));
    const event = { name: WORKFLOW_EVENTS.ticketSlaPlanned, data: { ticketId: id, planVersion } };

    const { result } = await engine.execute({ events: [event], steps: SLEEPS });
    expect((result as { recorded: unknown[] }).recorded).toEqual([
      { clock: 'firstResponse', milestone: 'warning' },
      { clock: 'firstResponse', milestone: 'breach' },
    ]);
    // A second run for the same plan (a replay, another process) leaves the timeline as it was.
    await inngestTestEngine(watchTicketSla, workflowDepsOf(app.ctx)).execute({ events: [event], steps: SLEEPS });
    const entries = await TicketEventModel.find({ ticket: id, type: { $in: ['sla_warning', 'sla_breached'] } }).lean();
    expect(entries.map((e) => e.type).sort()).toEqual(['sla_breached', 'sla_warning']);
  });

  it('stops at once for a plan the ticket has moved past', async () => {
    const requester = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, requester);
    const planVersion = (await TicketModel.findById(id).lean())!.sla!.planVersion;
    const { result } = await inngestTestEngine(watchTicketSla, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.ticketSlaPlanned, data: { ticketId: id, planVersion: planVersion - 1 } }],
    });
    expect(result).toEqual({ outcome: 'superseded', recorded: [] });
  });
});
