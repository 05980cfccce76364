import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser } from '../test/harness.js';
import { collect, useSocketServer } from '../test/socketHarness.js';
import { useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';
import { WorkflowRunModel } from '../workflows/runner/runModel.js';

const app = useWorkflowTestApp();
const server = useSocketServer(app);

describe('SLA alerts over sockets', () => {
  it('tells the assignee and admins, not the requester, when a clock nears and passes its target; an online assignee keeps the ticket', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const requester = await createTestUser(app.ctx);
    const target = { firstResponseMinutes: 2 / 60, resolutionMinutes: 600 };
    await app.request.put('/api/sla').set(admin.auth).send({ targets: { urgent: target, high: target, medium: target, low: target } }).expect(200);
    const [adminSocket, moderatorSocket, requesterSocket] = await Promise.all([
      server.connect(admin.token),
      server.connect(moderator.token),
      server.connect(requester.token),
    ]);
    const seen = {
      adminWarnings: collect(adminSocket, 'sla_warning'),
      adminBreaches: collect(adminSocket, 'sla_breached'),
      moderatorBreaches: collect(moderatorSocket, 'sla_breached'),
      requesterWarnings: collect(requesterSocket, 'sla_warning'),
      requesterBreaches: collect(requesterSocket, 'sla_breached'),
    };
    const { id } = await createTestTicket(app.ctx, requester, { assignee: moderator });

    await waitUntil(() => seen.moderatorBreaches.some((p) => p.ticketId === id) && seen.adminBreaches.some((p) => p.ticketId === id), {
      timeoutMs: 15_000,
      what: 'the breach alerts',
    });
    await server.barrier(requesterSocket);
    expect(seen.adminWarnings.filter((p) => p.ticketId === id)).toHaveLength(1);
    expect(seen.moderatorBreaches.find((p) => p.ticketId === id)).toMatchObject({ clock: 'firstResponse', title: expect.any(String) });
    expect([...seen.requesterWarnings, ...seen.requesterBreaches]).toEqual([]);
    const escalation = await waitUntil(
      async () => {
        const timers = (await WorkflowRunModel.find({ functionId: 'watch-ticket-sla' }).lean()).filter(
          (r) => (JSON.parse(r.eventData) as { ticketId: string }).ticketId === id,
        );
        return timers.flatMap((r) => r.steps).find((s) => s.stepId.startsWith('escalate-'));
      },
      { what: 'the escalation step' },
    );
    expect(JSON.parse(escalation.output)).toEqual({ reassignRequested: false, assigneeStatus: 'online' });
  });
});
