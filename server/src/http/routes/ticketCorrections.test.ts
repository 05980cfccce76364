import { describe, expect, it } from 'vitest';
import { TriageCorrectionModel } from '../../triage/correctionModel.js';
import { TicketEventModel } from '../../tickets/timelineModel.js';
import { UserModel } from '../../users/userModel.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';

const app = useTestApp({ ASSIGNMENT_CAPACITY: '2' });

const timelineOf = async (ticketId: string) => TicketEventModel.find({ ticket: ticketId }).sort({ _id: 1 }).lean();

describe('PATCH /api/tickets/:id/triage', () => {
  it('lets the assignee correct priority, category and skills, says so on the timeline and keeps the example', async () => {
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });
    const res = await app.request
      .patch(`/api/tickets/${id}/triage`)
      .set(mo.auth)
      .send({ priority: 'urgent', category: 'billing', relatedSkills: ['Payments'] });
    expect(res.status).toBe(200);
    expect(res.body.ticket).toMatchObject({ priority: 'urgent', category: 'billing', relatedSkills: ['payments'], triageConfidence: null });
    const corrected = (await timelineOf(id)).find((e) => e.type === 'triage_corrected');
    expect(corrected).toMatchObject({ from: expect.stringContaining('priority: medium'), to: expect.stringContaining('priority: urgent') });
    expect(corrected?.data).toMatchObject({ from: { priority: 'medium' }, to: { priority: 'urgent', category: 'billing' } });
    expect(await TriageCorrectionModel.findOne({ ticket: id }).lean()).toMatchObject({ priority: 'urgent', category: 'billing' });
  });

  it('keeps what a person corrected when triage runs again', async () => {
    const ann = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const { id } = await createTestTicket(app.ctx, ann);
    await app.request.patch(`/api/tickets/${id}/triage`).set(admin.auth).send({ priority: 'low' }).expect(200);
    await app.ctx.services.ticketTriage.saveTriage({
      ticketId: id,
      outcome: {
        engine: 'local',
        durationMs: 1,
        result: { summary: 'Later triage', priority: 'urgent', category: 'bug', relatedSkills: ['api'], helpfulNotes: '', confidence: 0.9 },
      },
      dedupeKey: `test:${id}`,
    });
    const res = await app.request.get(`/api/tickets/${id}`).set(admin.auth);
    expect(res.body.ticket).toMatchObject({ priority: 'low', category: 'bug', summary: 'Later triage', triageConfidence: null });
  });

  it('refuses the requester (403), hides the ticket from other moderators (404) and names a bad field (400)', async () => {
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const other = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });
    expect((await app.request.patch(`/api/tickets/${id}/triage`).set(ann.auth).send({ priority: 'urgent' })).status).toBe(403);
    expect((await app.request.patch(`/api/tickets/${id}/triage`).set(other.auth).send({ priority: 'urgent' })).status).toBe(404);
    const bad = await app.request.patch(`/api/tickets/${id}/triage`).set(mo.auth).send({ priority: 'asap' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('priority');
    expect((await app.request.patch(`/api/tickets/${id}/triage`).set(mo.auth).send({})).status).toBe(400);
  });
});

describe('POST /api/tickets/:id/assign', () => {
  it('lets an admin pick the assignee, refuses a full moderator with 409 unless forced', async () => {
    const ann = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const full = await createTestUser(app.ctx, { role: 'moderator', name: 'Full Fay' });
    await createTestTicket(app.ctx, ann, { assignee: full });
    await createTestTicket(app.ctx, ann, { assignee: full });
    const { id } = await createTestTicket(app.ctx, ann);

    const refused = await app.request.post(`/api/tickets/${id}/assign`).set(admin.auth).send({ moderatorId: full.actor.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/Full Fay is at capacity \(2\/2/);

    const forced = await app.request.post(`/api/tickets/${id}/assign`).set(admin.auth).send({ moderatorId: full.actor.id, force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.ticket.assignedTo).toMatchObject({ id: full.actor.id });
    expect((await UserModel.findById(full.actor.id).lean())?.activeTickets).toBe(3);
    expect((await timelineOf(id)).at(-1)).toMatchObject({ type: 'assigned', data: { manual: true, forced: true } });
  });

  it('is for admins only, and only to staff', async () => {
    const ann = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });
    expect((await app.request.post(`/api/tickets/${id}/assign`).set(mo.auth).send({ moderatorId: mo.actor.id })).status).toBe(403);
    expect((await app.request.post(`/api/tickets/${id}/assign`).set(admin.auth).send({ moderatorId: ann.actor.id })).status).toBe(400);
    expect((await app.request.post(`/api/tickets/${id}/assign`).set(admin.auth).send({ moderatorId: 'nope' })).status).toBe(400);
  });
});

describe('the unassigned pool: claim and release', () => {
  it('lists open unassigned tickets for staff, lets a moderator claim one, and a second claimant gets 409', async () => {
    const ann = await createTestUser(app.ctx);
    const first = await createTestUser(app.ctx, { role: 'moderator' });
    const second = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, ann, { title: 'Nobody has this yet' });

    const pool = await app.request.get('/api/tickets?assignee=unassigned&limit=100').set(first.auth);
    expect(pool.status).toBe(200);
    const pooled = pool.body.items.find((t: { id: string }) => t.id === id);
    expect(pooled.abilities).toMatchObject({ read: true, claim: true, comment: false, changeStatus: false });
    expect((await app.request.get('/api/tickets?assignee=unassigned').set(ann.auth)).status).toBe(403);

    const claimed = await app.request.post(`/api/tickets/${id}/claim`).set(first.auth);
    expect(claimed.status).toBe(200);
    expect(claimed.body.ticket.assignedTo).toMatchObject({ id: first.actor.id });
    expect(claimed.body.ticket.abilities).toMatchObject({ changeStatus: true, release: true, claim: false });
    expect((await app.request.post(`/api/tickets/${id}/claim`).set(second.auth)).status).toBe(409);
    expect((await app.request.post(`/api/tickets/${id}/claim`).set(ann.auth)).status).toBe(404);
    const after = await app.request.get('/api/tickets?assignee=unassigned&limit=100').set(second.auth);
    expect(after.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
  });

  it('refuses a claim past capacity with 409', async () => {
    const ann = await createTestUser(app.ctx);
    const busy = await createTestUser(app.ctx, { role: 'moderator' });
    await createTestTicket(app.ctx, ann, { assignee: busy });
    await createTestTicket(app.ctx, ann, { assignee: busy });
    const { id } = await createTestTicket(app.ctx, ann);
    const res = await app.request.post(`/api/tickets/${id}/claim`).set(busy.auth);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/at capacity/);
  });

  it('lets the assignee release a ticket to the pool; automatic assignment then passes them over', async () => {
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator', skills: ['zzz-unique-skill'] });
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });
    const res = await app.request.post(`/api/tickets/${id}/release`).set(mo.auth);
    expect(res.status).toBe(200);
    expect(res.body.ticket.assignedTo).toBeNull();
    expect((await timelineOf(id)).at(-1)).toMatchObject({ type: 'released', from: mo.actor.id, to: null });
    expect((await UserModel.findById(mo.actor.id).lean())?.activeTickets).toBe(0);
    const pool = await app.request.get('/api/tickets?assignee=unassigned&limit=100').set(mo.auth);
    expect(pool.body.items.map((t: { id: string }) => t.id)).toContain(id);

    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const candidates = await app.request.get(`/api/tickets/${id}/candidates`).set(admin.auth);
    expect(candidates.status).toBe(200);
    const mine = candidates.body.items.find((c: { moderatorId: string }) => c.moderatorId === mo.actor.id);
    expect(mine).toMatchObject({ eligible: false, standing: 'Not eligible: gave this ticket back', capacity: 2 });
    expect(candidates.body.recommended).not.toBe(mo.actor.id);
    // Still readable in the pool, but nobody's to give back.
    expect((await app.request.post(`/api/tickets/${id}/release`).set(mo.auth)).status).toBe(409);
  });

  it('refuses to release an unassigned ticket (409) and lets an admin take one back from its assignee', async () => {
    const ann = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const unassigned = await createTestTicket(app.ctx, ann);
    expect((await app.request.post(`/api/tickets/${unassigned.id}/release`).set(admin.auth)).status).toBe(409);
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });
    expect((await app.request.post(`/api/tickets/${id}/release`).set(ann.auth)).status).toBe(403);
    expect((await app.request.post(`/api/tickets/${id}/release`).set(admin.auth)).status).toBe(200);
  });

  it('refuses to give back a completed ticket, which would then sit in no list', async () => {
    const ann = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, ann, { assignee: mo });
    await app.request.patch(`/api/tickets/${id}/status`).set(mo.auth).send({ status: 'completed' }).expect(200);
    const res = await app.request.post(`/api/tickets/${id}/release`).set(mo.auth);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/reopen it/);
  });
});

describe('GET /api/tickets/:id/candidates', () => {
  it('ranks every staff member with where they stand, for admins only', async () => {
    const ann = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, ann);
    const res = await app.request.get(`/api/tickets/${id}/candidates`).set(admin.auth);
    expect(res.status).toBe(200);
    for (const item of res.body.items) expect(item.standing.length).toBeGreaterThan(0);
    expect(res.body.items.find((c: { moderatorId: string }) => c.moderatorId === admin.actor.id)).toMatchObject({
      role: 'admin',
      standing: expect.stringMatching(/admins are assigned only when no moderator exists|Chosen/),
    });
    // A moderator sees the pooled ticket but may not choose who gets it.
    expect((await app.request.get(`/api/tickets/${id}/candidates`).set(mo.auth)).status).toBe(403);
  });
});
