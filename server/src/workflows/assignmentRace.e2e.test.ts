import { describe, expect, it } from 'vitest';
import { TicketEventModel } from '../tickets/timelineModel.js';
import { TicketModel } from '../tickets/ticketModel.js';
import { UserModel } from '../users/userModel.js';
import { createTestUser } from '../test/harness.js';
import { useWorkflowTestApp } from '../test/workflowHarness.js';

const CAPACITY = 3;
const app = useWorkflowTestApp({ env: () => ({ ASSIGNMENT_CAPACITY: String(CAPACITY) }) });

describe('many tickets filed at once', () => {
  it('never puts a moderator over capacity, shares tickets evenly among equal moderators, and records the overflow', async () => {
    await createTestUser(app.ctx, { role: 'admin' });
    const moderators = await Promise.all(
      ['Ada', 'Ben', 'Cy'].map((name) => createTestUser(app.ctx, { role: 'moderator', name, skills: ['support'] })),
    );
    const filer = await createTestUser(app.ctx);
    const titles = Array.from({ length: 12 }, (_, i) => `Cannot open report ${i + 1}`);

    const responses = await Promise.all(
      titles.map((title) => app.request.post('/api/tickets').set(filer.auth).send({ title, description: 'The page spins forever.' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(201));
    await app.runner.waitForIdle({ timeoutMs: 60_000 });

    const ids = responses.map((r) => r.body.ticket.id as string);
    const tickets = await TicketModel.find({ _id: { $in: ids } }).lean();
    expect(tickets.every((t) => t.triagedBy === 'local')).toBe(true);

    const perModerator = new Map(moderators.map((m) => [m.actor.id, 0]));
    for (const t of tickets) if (t.assignedTo) perModerator.set(String(t.assignedTo), (perModerator.get(String(t.assignedTo)) ?? 0) + 1);
    // Capacity 3 × 3 moderators: nine assigned, three each, nobody over.
    expect([...perModerator.values()]).toEqual([CAPACITY, CAPACITY, CAPACITY]);
    expect(tickets.filter((t) => t.assignedTo).length).toBe(9);
    const stored = await UserModel.find({ _id: { $in: moderators.map((m) => m.actor.id) } }).lean();
    expect(stored.map((u) => u.activeTickets)).toEqual([CAPACITY, CAPACITY, CAPACITY]);

    const unassigned = tickets.filter((t) => !t.assignedTo).map((t) => t._id);
    expect(unassigned).toHaveLength(3);
    const failures = await TicketEventModel.find({ ticket: { $in: unassigned }, type: 'assignment_failed' }).lean();
    expect(failures).toHaveLength(3);
    expect(failures.every((f) => String(f.data.reason).startsWith('All moderators are at capacity'))).toBe(true);

    // Every assignment kept its explanation and was announced by e-mail.
    const notified = await TicketEventModel.countDocuments({ ticket: { $in: ids }, type: 'notified' });
    expect(notified).toBe(9);
  }, 90_000);

  it('takes turns among equal moderators well below capacity', async () => {
    // Retire the staff of the previous test: assignment considers every moderator in the database.
    await UserModel.updateMany({ role: { $in: ['moderator', 'admin'] } }, { $set: { role: 'user' } });
    const moderators = await Promise.all(['Di', 'Ed', 'Flo'].map((name) => createTestUser(app.ctx, { role: 'moderator', name })));
    const filer = await createTestUser(app.ctx);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        app.request.post('/api/tickets').set(filer.auth).send({ title: `Export fails ${i}`, description: 'CSV export is empty.' }),
      ),
    );
    await app.runner.waitForIdle({ timeoutMs: 60_000 });
    const tickets = await TicketModel.find({ _id: { $in: responses.map((r) => r.body.ticket.id) } }).lean();
    const counts = moderators.map((m) => tickets.filter((t) => String(t.assignedTo) === m.actor.id).length);
    expect(counts).toEqual([2, 2, 2]);
  }, 90_000);
});
