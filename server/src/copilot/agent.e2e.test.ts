import { afterEach, describe, expect, it } from 'vitest';
import type { CopilotRun } from '@relaydesk/shared';
import { createLogger } from '../platform/logger.js';
import { createTestTicket, createTestUser, type TestUser } from '../test/harness.js';
import { useGeminiStub } from '../test/geminiStub.js';
import { useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';
import { createTriageService } from '../triage/engine.js';
import { TicketEmbeddingModel } from './runModels.js';

// Registered first: the app reads the stub's URL from its environment.
const gemini = useGeminiStub();
const app = useWorkflowTestApp({
  env: () => ({
    GEMINI_API_KEY: 'copilot-test-key',
    GEMINI_MODEL: 'gemini-stub',
    GEMINI_BASE_URL: gemini.url,
    GEMINI_TIMEOUT_MS: '2000',
    // Short, so the slow answer below is given up on without a long wait.
    COPILOT_TIMEOUT_MS: '1500',
  }),
  // Triage stays local: its calls would take the copilot's scripted answers.
  services: () => ({ triage: createTriageService({ remote: null, logger: createLogger('silent') }) }),
});

const SECRET_NOTE = 'internal: customer is on the watch list';

interface Setup {
  moderator: TestUser;
  admin: TestUser;
  solvedId: string;
  solvedNumber: number;
  ticketId: string;
}

const reopenAfterTest: Array<{ moderator: TestUser; ticketId: string }> = [];

// Each case solves its own webhook ticket; reopening it afterwards takes it out of the index, so the next case finds only its own.
afterEach(async () => {
  for (const { moderator, ticketId } of reopenAfterTest.splice(0)) {
    await app.ctx.services.tickets.changeStatus(moderator.actor, ticketId, 'in_progress');
  }
  await app.ctx.services.similarIndex.settled();
});

/** A solved webhook ticket with its closing reply, and a new one worded like it with a staff-only note. */
async function setUp(): Promise<Setup> {
  const requester = await createTestUser(app.ctx, { name: 'Leo Park' });
  const moderator = await createTestUser(app.ctx, { role: 'moderator' });
  const admin = await createTestUser(app.ctx, { role: 'admin' });
  const solved = await createTestTicket(app.ctx, requester, {
    title: 'Webhook signature mismatch',
    description: 'Every webhook fails the signature check on our endpoint.',
    assignee: moderator,
  });
  await app.ctx.services.comments.addComment(moderator.actor, solved.id, 'You were using the old secret; rotate it under Settings → Webhooks.');
  await app.ctx.services.tickets.changeStatus(moderator.actor, solved.id, 'in_progress');
  await app.ctx.services.tickets.changeStatus(moderator.actor, solved.id, 'completed');
  await app.ctx.services.similarIndex.settled();
  reopenAfterTest.push({ moderator, ticketId: solved.id });
  await waitUntil(() => TicketEmbeddingModel.findById(solved.id).lean(), { what: 'the solved ticket\'s embedding' });
  const { number: solvedNumber } = (await app.request.get(`/api/tickets/${solved.id}`).set(admin.auth)).body.ticket as { number: number };
  const fresh = await createTestTicket(app.ctx, requester, {
    title: 'Webhook signatures do not match',
    description: 'Every webhook fails the signature check on our endpoint since Monday.',
    assignee: moderator,
  });
  await app.ctx.services.comments.addComment(requester.actor, fresh.id, 'You can reach me at leo.private@example.com.');
  await app.ctx.services.comments.addComment(moderator.actor, fresh.id, SECRET_NOTE, { internal: true });
  return { moderator, admin, solvedId: solved.id, solvedNumber, ticketId: fresh.id };
}

/** The script of a good agent run: read the ticket, look up similar tickets, then write citing the solved one (and a number it never read). */
function scriptGoodRun(solvedNumber: number) {
  gemini.enqueue(
    { kind: 'functionCall', name: 'read_ticket', args: {} },
    { kind: 'functionCall', name: 'find_similar_solved_tickets', args: { text: 'webhook signature check fails' } },
    {
      kind: 'text',
      text: `Hi Leo,\n\nThe signature fails when the old secret is still in use (see #${solvedNumber}); rotate it under Settings → Webhooks.\n\nSources: #${solvedNumber}, #987654`,
    },
  );
}

async function runsFor(admin: TestUser, ticketId: string): Promise<CopilotRun[]> {
  const res = await app.request.get('/api/copilot/runs?pageSize=100').set(admin.auth);
  expect(res.status).toBe(200);
  return (res.body.items as CopilotRun[]).filter((run) => run.ticketId === ticketId);
}

// The cases share the copilot's circuit breaker, so each failing case is followed by a success or a reset count.
describe('copilot agent against a loopback Gemini', () => {
  it('drafts through its tools, sends only redacted public text, and cites only tickets the tools returned', async () => {
    const s = await setUp();
    gemini.reset({ kind: 'status', status: 500 });
    scriptGoodRun(s.solvedNumber);
    const stages: string[] = [];
    const unsubscribe = app.ctx.events.subscribe('copilot.progress', ({ stage, ticketId }) => void (ticketId === s.ticketId && stages.push(stage)));

    const res = await app.request.post(`/api/tickets/${s.ticketId}/draft-reply`).set(s.moderator.auth);
    unsubscribe();

    expect(res.status).toBe(200);
    expect(res.body.draft).toMatchObject({ engine: 'gemini', sources: [s.solvedId] });
    expect(res.body.draft.text).toMatch(/^Hi Leo,/);
    expect(res.body.draft.text).not.toMatch(/Sources:/);
    expect(stages).toEqual(['queued', 'drafting']);

    const [first, second, third] = gemini.requests;
    expect(gemini.requests).toHaveLength(3);
    expect(first!.apiKey).toBe('copilot-test-key');
    expect(first!.body).toHaveProperty('tools');
    // The tool results went back to the model: the ticket (redacted), then the solved ticket and its reply.
    const ticketRead = second!.functionResponses.find((r) => r.name === 'read_ticket')!.content as {
      data: { title: string; conversation: Array<{ from: string; body: string }> };
    };
    expect(ticketRead.data.title).toBe('Webhook signatures do not match');
    expect(ticketRead.data.conversation).toEqual([{ from: 'requester', at: expect.any(String), body: 'You can reach me at [email].' }]);
    const similar = third!.functionResponses.find((r) => r.name === 'find_similar_solved_tickets')!.content as { data: Array<{ number: number; solvedWith: string }> };
    expect(similar.data[0]).toMatchObject({ number: s.solvedNumber, solvedWith: expect.stringContaining('old secret') });
    const everythingSent = JSON.stringify(gemini.requests.map((r) => r.body));
    expect(everythingSent).not.toContain('leo.private@example.com');
    expect(everythingSent).not.toContain(SECRET_NOTE);

    const [run] = await runsFor(s.admin, s.ticketId);
    expect(run).toMatchObject({
      kind: 'draft',
      stage: 'done',
      engine: 'gemini',
      model: 'gemini-stub',
      modelCalls: 3,
      promptTokens: 30,
      responseTokens: 20,
      fallbackReason: null,
    });
    expect(run!.tools.map((t) => t.name)).toEqual(['read_ticket', 'find_similar_solved_tickets']);
    const listed = JSON.stringify((await app.request.get('/api/copilot/runs').set(s.admin.auth)).body);
    expect(listed).not.toContain('copilot-test-key');
    expect(listed).not.toContain('Hi Leo');
  });

  it('answers a question through the agent', async () => {
    const s = await setUp();
    gemini.reset({ kind: 'status', status: 500 });
    gemini.enqueue(
      { kind: 'functionCall', name: 'read_requester_tickets', args: {} },
      { kind: 'text', text: `Leo filed #${s.solvedNumber} before, about the same webhook signature.\nSources: #${s.solvedNumber}` },
    );
    const res = await app.request.post(`/api/tickets/${s.ticketId}/ask`).set(s.moderator.auth).send({ question: 'Has this person had this problem before?' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ answer: expect.stringContaining('filed #'), sources: [s.solvedId] });
    expect(gemini.requests[0]!.prompt).toContain('Has this person had this problem before?');
  });

  it('stores an embedding for a completed ticket and ranks similar tickets with it', async () => {
    const s = await setUp();
    const stored = await TicketEmbeddingModel.findById(s.solvedId).lean();
    expect(stored?.vector.length).toBeGreaterThan(0);
    const res = await app.request.get(`/api/tickets/${s.ticketId}/similar`).set(s.moderator.auth);
    expect(res.status).toBe(200);
    expect(res.body.items[0].ticket.id).toBe(s.solvedId);
    expect(gemini.embedRequests.some((r) => r.texts.some((t) => t.includes('Webhook signatures do not match')))).toBe(true);
  });

  const fallbacks = [
    { name: 'a body that is not JSON', replies: [{ kind: 'body' as const, text: '<html>oops' }], reason: /^invalid_output/ },
    { name: '500 twice (the retry fails too)', replies: [{ kind: 'status' as const, status: 500 }, { kind: 'status' as const, status: 500 }], reason: /^unavailable/ },
    { name: '429 twice', replies: [{ kind: 'status' as const, status: 429 }, { kind: 'status' as const, status: 429 }], reason: /^unavailable/ },
    {
      name: 'an answer slower than the budget',
      replies: [{ kind: 'slow' as const, delayMs: 4_000, then: { kind: 'functionCall' as const, name: 'read_ticket' } }],
      reason: /^timeout/,
    },
  ];
  for (const { name, replies, reason } of fallbacks) {
    it(`falls back to the local engine after ${name}, and records why`, async () => {
      const s = await setUp();
      gemini.reset({ kind: 'status', status: 500 });
      gemini.enqueue(...replies);
      const res = await app.request.post(`/api/tickets/${s.ticketId}/draft-reply`).set(s.moderator.auth);
      expect(res.status).toBe(200);
      expect(res.body.draft).toMatchObject({ engine: 'local', sources: [s.solvedId] });
      expect(res.body.draft.text).toContain('old secret');
      expect(res.body.draft.label).toContain('The AI assistant did not answer');
      const [run] = await runsFor(s.admin, s.ticketId);
      expect(run).toMatchObject({ stage: 'done', engine: 'local', fallbackReason: expect.stringMatching(reason) });
      expect(run!.fallbackReason).not.toContain('copilot-test-key');
      // A good run closes the breaker's count again before the next case.
      gemini.reset({ kind: 'status', status: 500 });
      scriptGoodRun(s.solvedNumber);
      expect((await app.request.post(`/api/tickets/${s.ticketId}/draft-reply`).set(s.moderator.auth)).body.draft.engine).toBe('gemini');
    });
  }

  it('recovers when a 429 is followed by a good run on the retry', async () => {
    const s = await setUp();
    gemini.reset({ kind: 'status', status: 500 });
    gemini.enqueue({ kind: 'status', status: 429, retryDelay: '0s' });
    scriptGoodRun(s.solvedNumber);
    const res = await app.request.post(`/api/tickets/${s.ticketId}/draft-reply`).set(s.moderator.auth);
    expect(res.body.draft).toMatchObject({ engine: 'gemini', sources: [s.solvedId] });
  });
});
