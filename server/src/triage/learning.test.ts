import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { createTestTicket, createTestUser, useTestApp } from '../test/harness.js';
import { waitUntil } from '../test/workflowHarness.js';
import { createTriageLearning } from './learning.js';

// The corrections below arrive faster than this, so the burst trains once; the test waits on the model, not on a clock.
const app = useTestApp({ TRIAGE_RETRAIN_DEBOUNCE_MS: '1500' });

const PHRASE_TICKETS = [
  'The quokka relay light turned amber on our dashboard.',
  'Quokka relay light shows amber again, first thing this morning.',
  'Our quokka relay light is amber since the update.',
  'Hello, the quokka relay light went amber for the team.',
  'Seeing an amber quokka relay light on the overview page.',
  'Quokka relay light amber. Please look.',
  'The amber quokka relay light is back on the reports tab.',
  'We noticed the quokka relay light is amber in the sidebar.',
  'quokka relay light amber on two of our accounts',
  'The quokka relay light changed to amber after lunch.',
  'Could you check why the quokka relay light is amber?',
  'Amber quokka relay light on the billing overview.',
  'The quokka relay light turned amber when we opened settings.',
  'Good morning, the quokka relay light is amber today.',
  'Quokka relay light is amber for our admin user.',
  'The quokka relay light keeps showing amber.',
  'Our staff see an amber quokka relay light.',
  'The quokka relay light went from green to amber.',
  'Is an amber quokka relay light expected? It appeared today.',
  'The quokka relay light is amber on the mobile app too.',
];
const NEW_TICKET = { title: 'Quokka relay light', description: 'The quokka relay light is amber on our home screen.' };

describe('the local engine learning from corrections', () => {
  it('triages a ticket urgent or high once 20 tickets sharing its unusual phrase were corrected to urgent', async () => {
    const before = await app.ctx.services.triage.triageTicket(NEW_TICKET);
    expect(['low', 'medium']).toContain(before.result.priority);

    const requester = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    for (const [i, description] of PHRASE_TICKETS.entries()) {
      const { id } = await createTestTicket(app.ctx, requester, { title: `Quokka relay light ${i + 1}`, description });
      await app.request.patch(`/api/tickets/${id}/triage`).set(admin.auth).send({ priority: 'urgent' }).expect(200);
    }

    const info = await waitUntil(
      async () => {
        const res = await app.request.get('/api/triage/model').set(admin.auth);
        return res.body.correctionsUsed >= PHRASE_TICKETS.length && res.body.correctionsPending === 0 ? res.body : null;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the model to learn from 20 corrections' },
    );
    expect(info).toMatchObject({ version: expect.any(Number), corpusSize: expect.any(Number), correctionWeight: 5 });
    expect(info.evaluation.size).toBeGreaterThan(100);
    expect(info.evaluation.priorityMacroF1).toBeGreaterThan(0.5);

    const after = await app.ctx.services.triage.triageTicket(NEW_TICKET);
    expect(['urgent', 'high']).toContain(after.result.priority);

    // Another process, or this one after a restart, rebuilds the same model from the recorded snapshot.
    const elsewhere = createTriageLearning({ lock: app.ctx.lock, logger: createLogger('silent'), retrainDebounceMs: 50, correctionWeight: 5 });
    await elsewhere.start();
    expect(elsewhere.classifyNow(NEW_TICKET).priority).toBe(after.result.priority);
  });

  it('shows the model to admins only', async () => {
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    expect((await app.request.get('/api/triage/model').set(moderator.auth)).status).toBe(403);
    expect((await app.request.get('/api/triage/model')).status).toBe(401);
  });
});
