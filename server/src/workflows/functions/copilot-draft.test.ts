import { randomUUID } from 'node:crypto';
import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { insertRunRecord } from '../../copilot/repo.js';
import { CopilotResultModel, CopilotRunModel, queuedRunRecord } from '../../copilot/runModels.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';
import { inngestTestEngine } from '../../test/inngestTest.js';
import { workflowDepsOf } from '../deps.js';
import { copilotAsk } from './copilot-ask.js';
import { copilotDraft } from './copilot-draft.js';

// No model configured: the draft comes from the local engine, and questions cannot be answered.
const app = useTestApp();

async function queuedRequest(kind: 'draft' | 'ask') {
  const requester = await createTestUser(app.ctx, { name: 'Nora Field' });
  const moderator = await createTestUser(app.ctx, { role: 'moderator' });
  const solved = await createTestTicket(app.ctx, requester, { title: 'Invoice PDF is blank', description: 'The invoice PDF download opens a blank page.', assignee: moderator });
  await app.ctx.services.comments.addComment(moderator.actor, solved.id, 'Hi, the blank invoice PDF was a cache issue; download it again now.');
  await app.ctx.services.tickets.changeStatus(moderator.actor, solved.id, 'in_progress');
  await app.ctx.services.tickets.changeStatus(moderator.actor, solved.id, 'completed');
  await app.ctx.services.similarIndex.settled();
  const fresh = await createTestTicket(app.ctx, requester, { title: 'Blank invoice PDF', description: 'Downloading the invoice PDF gives a blank page.', assignee: moderator });
  const requestId = randomUUID();
  await insertRunRecord(queuedRunRecord({ _id: requestId, ticketId: fresh.id, actorId: moderator.actor.id, kind, model: null }));
  return { requestId, ticketId: fresh.id, actorId: moderator.actor.id, solvedId: solved.id };
}

describe('copilot-draft (Inngest test engine)', () => {
  it('marks the request drafting, drafts with the local engine, stores the result and announces it to the asker', async () => {
    const request = await queuedRequest('draft');
    const announced: Array<{ stage: string; actorId: string }> = [];
    const unsubscribe = app.ctx.events.subscribe('copilot.finished', (p) => void announced.push({ stage: p.stage, actorId: p.actorId }));

    const { result, error, ctx } = await inngestTestEngine(copilotDraft, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.copilotDraftRequested, data: { requestId: request.requestId, ticketId: request.ticketId, actorId: request.actorId } }],
    });
    unsubscribe();

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ requestId: request.requestId, stage: 'done', engine: 'local', fallbackReason: null });
    expect(ctx.step.run).toHaveBeenCalledWith('mark-drafting', expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith('save-result', expect.any(Function));
    const stored = await CopilotResultModel.findById(request.requestId).lean();
    expect(stored?.draft?.draft).toMatchObject({ engine: 'local', sources: [request.solvedId], text: expect.stringMatching(/^Hi Nora,[\s\S]*cache issue/) });
    expect(await CopilotRunModel.findById(request.requestId).lean()).toMatchObject({ stage: 'done', engine: 'local', modelCalls: 0 });
    expect(announced).toEqual([{ stage: 'done', actorId: request.actorId }]);
  });

  it('refuses a malformed event', async () => {
    const { error } = await inngestTestEngine(copilotDraft, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.copilotDraftRequested, data: { requestId: 'nope', ticketId: 'x', actorId: 'y' } }],
    });
    expect(error).toMatchObject({ name: 'NonRetriableError', message: expect.stringContaining('invalid copilot/draft.requested payload') });
  });
});

describe('copilot-ask (Inngest test engine)', () => {
  it('ends failed, with the reason on the record, when no model can answer', async () => {
    const request = await queuedRequest('ask');
    const { result, error } = await inngestTestEngine(copilotAsk, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.copilotAskRequested, data: { requestId: request.requestId, ticketId: request.ticketId, actorId: request.actorId, question: 'Is this a known issue?' } }],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ stage: 'failed', reason: 'ai_unavailable' });
    expect(await CopilotRunModel.findById(request.requestId).lean()).toMatchObject({ stage: 'failed', fallbackReason: expect.stringContaining('needs the AI assistant') });
    expect(await CopilotResultModel.findById(request.requestId).lean()).toMatchObject({ stage: 'failed', answer: null });
  });
});
