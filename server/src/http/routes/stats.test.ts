import { dashboardStatsSchema } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';

const app = useTestApp();

describe('GET /api/stats', () => {
  it('counts tickets by status and priority, per day, and per moderator; fresh after every change', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator', name: 'Stats Moderator' });
    const first = await createTestTicket(app.ctx, ann, { assignee: mo });
    await createTestTicket(app.ctx, ann);

    const before = dashboardStatsSchema.parse((await app.request.get('/api/stats').set(admin.auth).expect(200)).body);
    expect(before.totals).toMatchObject({ tickets: 2, unassigned: 1, byStatus: { todo: 2, in_progress: 0, completed: 0 } });
    expect(before.daily).toHaveLength(14);
    expect(before.daily.at(-1)).toMatchObject({ created: 2, completed: 0 });

    await app.request.patch(`/api/tickets/${first.id}/status`).set(mo.auth).send({ status: 'completed' }).expect(200);
    const after = dashboardStatsSchema.parse((await app.request.get('/api/stats').set(admin.auth)).body);
    expect(after.totals.byStatus).toMatchObject({ todo: 1, completed: 1 });
    expect(after.daily.at(-1)).toMatchObject({ created: 2, completed: 1 });
    expect(after.moderators.find((m) => m.id === mo.actor.id)).toMatchObject({ totalResolved: 1, activeTickets: 0 });
  });

  it('is for admins only', async () => {
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    expect((await app.request.get('/api/stats').set(mo.auth)).status).toBe(403);
    expect((await app.request.get('/api/stats')).status).toBe(401);
  });
});
