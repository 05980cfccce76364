import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { TicketEventModel } from '../../tickets/timelineModel.js';
import { TicketModel } from '../../tickets/ticketModel.js';
import { createLogger } from '../../platform/logger.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';
import { inngestTestEngine, SENT } from '../../test/inngestTest.js';
import { createTriageService } from '../../triage/engine.js';
import { workflowDepsOf } from '../deps.js';
import { triageTicket } from './triage-ticket.js';

const app = useTestApp();

function engineWith(remote: Parameters<typeof createTriageService>[0]['remote'] = null) {
  const deps = { ...workflowDepsOf(app.ctx), triage: createTriageService({ remote, logger: createLogger('silent') }) };
  return inngestTestEngine(triageTicket, deps);
}

describe('triage-ticket (Inngest test engine)', () => {
  it('classifies, saves the triage with a timeline entry, publishes ticket.updated and asks for assignment', async () => {
    const pat = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, pat, {
      title: 'Invoice charged twice',
      description: 'My credit card was billed twice for the March invoice, please refund one payment.',
    });
    const updates: string[][] = [];
    const unsubscribe = app.ctx.events.subscribe('ticket.updated', ({ fields }) => void updates.push(fields));

    const { result, ctx, error } = await engineWith().execute({
      events: [{ name: WORKFLOW_EVENTS.ticketCreated, data: { ticketId: id } }],
      steps: [{ id: 'request-assignment', handler: SENT }],
    });
    unsubscribe();

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ ticketId: id, engine: 'local', fallbackReason: null });
    const stored = await TicketModel.findById(id).lean();
    expect(stored).toMatchObject({ triagedBy: 'local', category: 'billing', relatedSkills: expect.arrayContaining(['billing']) });
    expect(stored!.summary).toContain('Invoice charged twice');
    const timeline = await TicketEventModel.find({ ticket: id }).sort({ createdAt: 1, _id: 1 }).lean();
    expect(timeline.map((e) => e.type)).toEqual(['created', 'triaged']);
    expect(timeline[1]!.data).toEqual({ engine: 'local', durationMs: expect.any(Number) });
    expect(updates).toEqual([['summary', 'priority', 'relatedSkills', 'helpfulNotes', 'category', 'triagedBy']]);
    expect(ctx.step.run).toHaveBeenCalledWith('classify', expect.any(Function));
    expect(ctx.step.sendEvent).toHaveBeenCalledWith('request-assignment', { name: 'ticket/triaged', data: { ticketId: id } });
  });

  it('writes the timeline entry once when the save step is replayed with its dedupe key', async () => {
    const pat = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, pat);
    const deps = workflowDepsOf(app.ctx);
    const outcome = deps.triage.triageLocally({ title: 'Printer jam', description: 'Paper stuck' });
    await deps.ticketTriage.saveTriage({ ticketId: id, outcome, dedupeKey: 'run-1:save-triage' });
    await deps.ticketTriage.saveTriage({ ticketId: id, outcome, dedupeKey: 'run-1:save-triage' });
    expect(await TicketEventModel.countDocuments({ ticket: id, type: 'triaged' })).toBe(1);
    await deps.ticketTriage.saveTriage({ ticketId: id, outcome, dedupeKey: 'run-2:save-triage' });
    expect(await TicketEventModel.countDocuments({ ticket: id, type: 'triaged' })).toBe(2);
  });

  it('does not expose the ticket text as step state', async () => {
    const pat = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, pat, { description: 'Reach me at secret.person@example.com' });
    const { state } = await engineWith().execute({
      events: [{ name: WORKFLOW_EVENTS.ticketCreated, data: { ticketId: id } }],
      steps: [{ id: 'request-assignment', handler: SENT }],
    });
    const stored = JSON.stringify(await Promise.all(Object.values(state)));
    expect(stored).not.toContain('secret.person@example.com');
  });

  it('fails without retrying for a ticket that does not exist', async () => {
    const { error } = await engineWith().execute({
      events: [{ name: WORKFLOW_EVENTS.ticketCreated, data: { ticketId: '0'.repeat(24) } }],
    });
    expect(error).toMatchObject({ name: 'NonRetriableError', message: expect.stringContaining('not_found') });
  });

  it('refuses a malformed event', async () => {
    const { error } = await engineWith().execute({ events: [{ name: WORKFLOW_EVENTS.ticketCreated, data: { ticketId: 'nope' } }] });
    expect(error).toMatchObject({ name: 'NonRetriableError', message: expect.stringContaining('invalid ticket/created payload') });
  });
});
