import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../test/harness.js';
import { useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';

const SIGNING_KEY = 'signkey-test-0123456789abcdef0123456789abcdef';

/** What a loopback "Inngest" received on its event API. */
const received: { path: string; events: { name: string; id?: string; data: Record<string, unknown> }[] }[] = [];
let inngest: Server;
let inngestUrl = '';

// Registered before the app: its environment points Inngest at this server.
beforeAll(async () => {
  inngest = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]') as unknown;
    const events = (Array.isArray(body) ? body : [body]) as (typeof received)[number]['events'];
    received.push({ path: req.url ?? '', events });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ids: events.map((_, i) => `evt-${i}`), status: 200 }));
  });
  await new Promise<void>((resolve) => inngest.listen(0, '127.0.0.1', resolve));
  inngestUrl = `http://127.0.0.1:${(inngest.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => inngest.close(() => resolve())));

const app = useWorkflowTestApp({
  env: () => ({
    INNGEST_EVENT_KEY: 'test-event-key',
    INNGEST_SIGNING_KEY: SIGNING_KEY,
    INNGEST_BASE_URL: inngestUrl,
  }),
});

describe('with Inngest configured', () => {
  it('runs no workflow in-process and sends domain events to Inngest instead', async () => {
    expect(app.workflows.mode).toBe('inngest');
    expect(app.workflows.runner).toBeNull();
    const pat = await createTestUser(app.ctx);
    const res = await app.request.post('/api/tickets').set(pat.auth).send({ title: 'Printer offline', description: 'It says offline.' });
    const id = res.body.ticket.id as string;
    const batch = await waitUntil(() => received.find((r) => r.events.some((e) => e.data.ticketId === id)), { what: 'the event at Inngest' });
    expect(batch.path).toBe('/e/test-event-key');
    expect(batch.events).toEqual([
      expect.objectContaining({ name: 'ticket/created', id: `ticket-created:${id}`, data: { ticketId: id } }),
    ]);
  });

  it('serves the functions at /api/inngest to signed requests only', async () => {
    expect((await app.request.get('/api/inngest')).status).toBe(401);
    const timestamp = String(Math.round(Date.now() / 1000));
    // Inngest signs GET requests over an empty body with the key minus its prefix.
    const key = SIGNING_KEY.replace(/^signkey-\w+-/, '');
    const signature = createHmac('sha256', key).update('').update(timestamp).digest('hex');
    const res = await app.request.get('/api/inngest').set('X-Inngest-Signature', `t=${timestamp}&s=${signature}`);
    expect(res.status).toBe(200);
    // Eleven functions, four of them with a failure handler, which Inngest registers as a function of its own.
    expect(res.body).toMatchObject({ app_id: 'relaydesk', function_count: 15, authentication_succeeded: true, mode: 'cloud', framework: 'express' });
  });

  it('refuses an unsigned call to run a function', async () => {
    const res = await app.request.post('/api/inngest?fnId=relaydesk-triage-ticket&stepId=step').send({ event: {}, events: [] });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
