import { describe, expect, it } from 'vitest';
import { WorkflowRunModel } from './runner/runModel.js';
import { TicketModel } from '../tickets/ticketModel.js';
import { createLogger } from '../platform/logger.js';
import { createTriageService } from '../triage/engine.js';
import { createTestUser } from '../test/harness.js';
import { useWorkflowTestApp } from '../test/workflowHarness.js';
import { defineWorkflow } from './defineWorkflow.js';
import { assignTicket, triageTicket } from './functions/index.js';

const realTriage = createTriageService({ remote: null, logger: createLogger('silent') });
let triageCalls = 0;

const app = useWorkflowTestApp({
  services: () => ({
    triage: {
      ...realTriage,
      async triageTicket() {
        triageCalls += 1;
        throw new Error('triage service exploded');
      },
    },
  }),
  workflows: () => ({
    definitions: [
      triageTicket,
      // The real assignment, made to fail on every attempt.
      defineWorkflow({
        ...assignTicket,
        async handler({ step }) {
          await step.run('choose-and-assign', async () => {
            throw new Error('database unreachable');
          });
        },
      }),
    ],
  }),
});

describe('workflows that fail for good', () => {
  it('leave failed runs with their errors and say so on the ticket, which still gets a triage', async () => {
    const pat = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const res = await app.request.post('/api/tickets').set(pat.auth).send({ title: 'Invoice charged twice', description: 'Refund please.' });
    const id = res.body.ticket.id as string;
    await app.runner.waitForIdle();

    const runs = await WorkflowRunModel.find({}).sort({ createdAt: 1, _id: 1 }).lean();
    expect(runs.map((r) => [r.functionId, r.status, r.attempts, r.failureHandled])).toEqual([
      ['triage-ticket', 'failed', 4, true],
      ['assign-ticket', 'failed', 4, true],
    ]);
    expect(runs[0]!.lastError).toMatchObject({ message: 'triage service exploded' });
    expect(runs[1]!.lastError).toMatchObject({ message: 'database unreachable' });
    expect(triageCalls).toBe(4);

    const { ticket } = (await app.request.get(`/api/tickets/${id}`).set(admin.auth)).body;
    expect(ticket.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'triage_failed', 'triaged', 'assignment_failed']);
    expect(ticket.timeline[1].data).toEqual({ error: 'triage service exploded' });
    expect(ticket.timeline[2].data).toMatchObject({ engine: 'local', fallbackReason: 'workflow failed: triage service exploded' });
    expect(ticket.timeline[3].data).toEqual({ reason: 'Automatic assignment failed: database unreachable' });
    // Never left untriaged: the last resort used the local engine.
    expect(await TicketModel.findById(id).lean()).toMatchObject({ triagedBy: 'local', category: 'billing', assignedTo: null });
  });
});
