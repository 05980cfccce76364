import { describe, expect, it } from 'vitest';
import { createTestUser } from '../test/harness.js';
import { useGeminiStub, VALID_GEMINI_TRIAGE } from '../test/geminiStub.js';
import { useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';

// Registered first: the app reads the stub's URL from its environment.
const gemini = useGeminiStub();
const app = useWorkflowTestApp({
  env: () => ({ GEMINI_API_KEY: 'test-key', GEMINI_MODEL: 'gemini-stub', GEMINI_BASE_URL: gemini.url, GEMINI_TIMEOUT_MS: '200' }),
});

/** Files a ticket over HTTP and waits for its triage entry. */
async function fileAndTriage(description: string) {
  const pat = await createTestUser(app.ctx);
  const admin = await createTestUser(app.ctx, { role: 'admin' });
  const res = await app.request.post('/api/tickets').set(pat.auth).send({ title: 'Checkout returns 500', description });
  const id = res.body.ticket.id as string;
  const ticket = await waitUntil(
    async () => {
      const { body } = await app.request.get(`/api/tickets/${id}`).set(admin.auth);
      return body.ticket.timeline.some((e: { type: string }) => e.type === 'triaged') ? body.ticket : null;
    },
    { what: 'the triaged entry' },
  );
  const triaged = ticket.timeline.find((e: { type: string }) => e.type === 'triaged');
  return { ticket, triaged };
}

// The cases share one process-wide circuit breaker, so the failing ones come last.
describe('triage through Gemini (configured by environment, against a loopback stub)', () => {
  it('stores the model triage, sent redacted, and marks it as Gemini', async () => {
    gemini.reset({ kind: 'json', body: VALID_GEMINI_TRIAGE });
    const { ticket, triaged } = await fileAndTriage('Card 4111 1111 1111 1111 declined; mail me at zoe@example.com');
    expect(ticket).toMatchObject({ triagedBy: 'gemini', summary: VALID_GEMINI_TRIAGE.summary, priority: 'high', category: 'bug' });
    expect(triaged.data).toEqual({ engine: 'gemini', durationMs: expect.any(Number) });
    expect(gemini.requests[0]!.model).toBe('gemini-stub');
    expect(gemini.requests[0]!.prompt).toContain('[email]');
    expect(gemini.requests[0]!.prompt).not.toContain('zoe@example.com');
  });

  it('accepts a corrected answer after a schema-invalid one', async () => {
    gemini.reset({ kind: 'json', body: VALID_GEMINI_TRIAGE });
    gemini.enqueue({ kind: 'json', body: { summary: '', priority: 'whenever' } });
    const { ticket } = await fileAndTriage('Checkout is broken.');
    expect(ticket.triagedBy).toBe('gemini');
    expect(gemini.requests[1]!.prompt).toContain('Your previous answer was rejected');
  });

  it('falls back to the local engine after malformed JSON twice', async () => {
    gemini.reset({ kind: 'text', text: '{"summary": ' });
    const { ticket, triaged } = await fileAndTriage('Checkout is broken for every customer.');
    expect(ticket.triagedBy).toBe('local');
    expect(triaged.data.fallbackReason).toMatch(/^invalid_output:/);
  });

  it('retries after a 429 and uses the answer', async () => {
    gemini.reset({ kind: 'json', body: VALID_GEMINI_TRIAGE });
    gemini.enqueue({ kind: 'status', status: 429, retryDelay: '0s' });
    const { ticket } = await fileAndTriage('Checkout is slow.');
    expect(ticket.triagedBy).toBe('gemini');
    expect(gemini.requests).toHaveLength(2);
  });

  it('falls back to the local engine when Gemini keeps answering 500', async () => {
    gemini.reset({ kind: 'status', status: 500 });
    const { ticket, triaged } = await fileAndTriage('Checkout fails.');
    expect(ticket.triagedBy).toBe('local');
    expect(triaged.data.fallbackReason).toMatch(/^unavailable: .*HTTP 500/);
  });

  it('falls back to the local engine when Gemini is too slow', async () => {
    gemini.reset({ kind: 'slow', delayMs: 1_500, then: { kind: 'json', body: VALID_GEMINI_TRIAGE } });
    const { ticket, triaged } = await fileAndTriage('Checkout hangs.');
    expect(ticket.triagedBy).toBe('local');
    // Timeouts count towards the breaker; by now it may have opened, which is also a fallback.
    expect(triaged.data.fallbackReason).toMatch(/^(unavailable: .*(timed out|abort)|circuit_open)/i);
  });
});
