import type { Ticket } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../test/harness.js';
import { TicketModel } from './ticketModel.js';

const app = useTestApp();

const NO_DIGITS = 'The screen flickers when docked.';

/** A user's ticket assigned to a moderator, an admin, and a stranger; ticket text without digits. */
async function cast(title = 'Monitor flickers') {
  const requester = await createTestUser(app.ctx);
  const assignee = await createTestUser(app.ctx, { role: 'moderator' });
  const admin = await createTestUser(app.ctx, { role: 'admin' });
  const stranger = await createTestUser(app.ctx);
  const { id } = await createTestTicket(app.ctx, requester, { title, description: NO_DIGITS, assignee });
  const { filingNumber } = (await TicketModel.findById(id).lean())!;
  return { requester, assignee, admin, stranger, id, number: filingNumber };
}

const search = async (who: TestUser, q: string) =>
  (await app.request.get('/api/tickets').query({ q, limit: 100 }).set(who.auth).expect(200)).body.items.map((t: Ticket) => t.id);

describe('ticket numbers', () => {
  it('gives every ticket a sequential number in its JSON: on filing, in lists and on the ticket', async () => {
    const pat = await createTestUser(app.ctx);
    const first = await app.request.post('/api/tickets').set(pat.auth).send({ title: 'Laptop slow', description: NO_DIGITS }).expect(201);
    const second = await app.request.post('/api/tickets').set(pat.auth).send({ title: 'Laptop hot', description: NO_DIGITS }).expect(201);
    expect(first.body.ticket.number).toEqual(expect.any(Number));
    expect(second.body.ticket.number).toBe(first.body.ticket.number + 1);

    const listed = (await app.request.get('/api/tickets').set(pat.auth).expect(200)).body.items as Ticket[];
    expect(listed.map((t) => [t.id, t.number])).toEqual([
      [second.body.ticket.id, second.body.ticket.number],
      [first.body.ticket.id, first.body.ticket.number],
    ]);
    const detail = await app.request.get(`/api/tickets/${first.body.ticket.id}`).set(pat.auth).expect(200);
    expect(detail.body.ticket.number).toBe(first.body.ticket.number);
  });

  it('finds a ticket by its number, written 1042 or #1042, for everyone who may see it', async () => {
    const { requester, assignee, admin, id, number } = await cast();
    for (const who of [requester, assignee, admin]) {
      expect(await search(who, String(number))).toEqual([id]);
      expect(await search(who, `#${number}`)).toEqual([id]);
    }
    // The raw query string as a browser sends it.
    const encoded = await app.request.get(`/api/tickets?q=%23${number}`).set(requester.auth).expect(200);
    expect(encoded.body.items.map((t: Ticket) => t.id)).toEqual([id]);
  });

  it('finds nothing by number for someone who may not see the ticket', async () => {
    const { stranger, number } = await cast();
    expect(await search(stranger, String(number))).toEqual([]);
    expect(await search(stranger, `#${number}`)).toEqual([]);
  });

  it('combines the number with the text search: tickets mentioning the digits are found too', async () => {
    const { requester, admin, id, number } = await cast();
    const { id: mentions } = await createTestTicket(app.ctx, requester, {
      title: 'Follow-up',
      description: `Same problem as ticket ${number} last week.`,
    });
    expect((await search(admin, String(number))).sort()).toEqual([id, mentions].sort());
    // `#` plus the number is the number only, unless the text itself contains it.
    expect(await search(requester, `#${number}`)).toEqual([id]);
    expect(await search(requester, 'flickers')).toEqual(expect.arrayContaining([id]));
  });
});

describe('GET /api/tickets/by-number/:number', () => {
  it('answers the ticket as GET /api/tickets/:id does, for each person who may read it', async () => {
    const { requester, assignee, admin, id, number } = await cast();
    for (const who of [requester, assignee, admin]) {
      const byNumber = await app.request.get(`/api/tickets/by-number/${number}`).set(who.auth).expect(200);
      const byId = await app.request.get(`/api/tickets/${id}`).set(who.auth).expect(200);
      expect(byNumber.body).toEqual(byId.body);
      expect(byNumber.body.ticket).toMatchObject({ id, number });
    }
    expect((await app.request.get(`/api/tickets/by-number/%23${number}`).set(requester.auth).expect(200)).body.ticket.id).toBe(id);
  });

  it('keeps staff-only notes out of the timeline it answers to the requester', async () => {
    const { requester, assignee, number, id } = await cast();
    await app.request.post(`/api/tickets/${id}/comments`).set(assignee.auth).send({ body: 'staff only', internal: true }).expect(201);
    const types = async (who: TestUser) =>
      (await app.request.get(`/api/tickets/by-number/${number}`).set(who.auth)).body.ticket.timeline.map((e: { type: string }) => e.type);
    expect(await types(requester)).toEqual(['created', 'assigned']);
    expect(await types(assignee)).toEqual(['created', 'assigned', 'noted']);
  });

  it('is not found for a stranger or an unused number, and a malformed number is a 400', async () => {
    const { stranger, requester, number } = await cast();
    expect((await app.request.get(`/api/tickets/by-number/${number}`).set(stranger.auth)).status).toBe(404);
    expect((await app.request.get('/api/tickets/by-number/987654321').set(requester.auth)).status).toBe(404);
    for (const bad of ['abc', '0', '12ab', '-3']) {
      const res = await app.request.get(`/api/tickets/by-number/${bad}`).set(requester.auth);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
