import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { collect, request, useSocketServer } from '../test/socketHarness.js';

const app = useTestApp();
const server = useSocketServer(app);

describe('copilot progress and results over the socket', () => {
  it('reach the staff member who asked, in every tab, and nobody else on the ticket', async () => {
    const requester = await createTestUser(app.ctx, { name: 'Iris Quinn' });
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const solved = await createTestTicket(app.ctx, requester, { title: 'Calendar sync duplicates meetings', description: 'Calendar sync creates every meeting twice.', assignee: moderator });
    await app.ctx.services.comments.addComment(moderator.actor, solved.id, 'Reconnect the calendar integration; duplicates go away on the next sync.');
    await app.ctx.services.tickets.changeStatus(moderator.actor, solved.id, 'completed');
    await app.ctx.services.similarIndex.settled();
    const { id: ticketId } = await createTestTicket(app.ctx, requester, { title: 'Meetings duplicated by calendar sync', description: 'Every meeting shows twice after calendar sync.', assignee: moderator });

    const [tab1, tab2, adminTab, requesterTab] = await Promise.all([
      server.connect(moderator.token),
      server.connect(moderator.token),
      server.connect(admin.token),
      server.connect(requester.token),
    ]);
    for (const client of [tab1, adminTab, requesterTab]) expect(await request(client, 'join_ticket', { ticketId })).toEqual({ ok: true });
    const progress = [tab1, tab2, adminTab, requesterTab].map((c) => collect(c, 'copilot_progress'));
    const results = [tab1, tab2, adminTab, requesterTab].map((c) => collect(c, 'copilot_result'));

    const res = await app.request.post(`/api/tickets/${ticketId}/draft-reply`).set(moderator.auth);
    expect(res.status).toBe(200);
    await Promise.all([tab1, tab2, adminTab, requesterTab].map((c) => server.barrier(c)));

    for (const i of [0, 1]) {
      expect(progress[i]!.map((p) => p.stage)).toEqual(['drafting', 'done']);
      expect(results[i]).toEqual([{ requestId: res.body.requestId, ticketId, kind: 'draft', draft: res.body }]);
    }
    expect(results[0]![0]!.draft!.draft.text).toMatch(/^Hi Iris,[\s\S]*Reconnect the calendar/);
    for (const i of [2, 3]) {
      expect(progress[i]).toEqual([]);
      expect(results[i]).toEqual([]);
    }
  });
});
