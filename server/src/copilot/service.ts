import { randomUUID } from 'node:crypto';
import type {
  AskResponse,
  CopilotRunKind,
  CopilotRunsQuery,
  CopilotRunsResponse,
  DraftReplyResponse,
  RequesterContextResponse,
  SimilarTicket,
} from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { authorize, can } from '../domain/authorize.js';
import type { DomainEvents } from '../domain/events.js';
import { DomainError, errors } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { TicketService } from '../tickets/service.js';
import type { TicketFields } from '../tickets/ticketModel.js';
import { CopilotAgentError, type CopilotAgent, type CopilotAgentSources, type CopilotAgentUsage } from './agent.js';
import { ticketText } from './bm25.js';
import { blendScores, type TicketEmbedder } from './embeddings.js';
import { buildLocalDraft } from './localDraft.js';
import { presentRun } from './presenter.js';
import {
  commentsOfTicket,
  deleteRunResult,
  deleteTicketEmbedding,
  findPerson,
  findRunRecord,
  findTicketById,
  insertRunRecord,
  pageOfRunRecords,
  saveRunResult,
  saveTicketEmbedding,
  ticketEmbeddings,
  ticketsFiledBy,
  updateRunRecord,
} from './repo.js';
import { queuedRunRecord } from './runModels.js';
import { createRunWaiter, type FinishedRun } from './runWaiter.js';
import type { SimilarHit, SimilarIndex } from './similarIndex.js';

export interface CopilotServiceDeps {
  tickets: TicketService;
  index: SimilarIndex;
  events: DomainEvents;
  logger: Logger;
  /** The Gemini agent; null without a key, and the copilot drafts from the local index alone. */
  agent: CopilotAgent | null;
  /** Embeddings blended into the ranking; null without a key. */
  embedder: TicketEmbedder | null;
  /** How long an HTTP request waits for its workflow before answering without it. */
  waitMs: number;
  /** How often a waiter looks for a result written by another process. */
  pollMs?: number;
}

/** One copilot request, as the workflow event carries it. */
export interface CopilotRequest {
  requestId: string;
  ticketId: string;
  actorId: string;
  kind: CopilotRunKind;
  question?: string;
}

/** What producing a draft or an answer gave, with what it cost. */
export interface CopilotOutcome {
  draft?: DraftReplyResponse;
  answer?: AskResponse;
  engine: 'gemini' | 'local';
  usage: CopilotAgentUsage;
  durationMs: number;
  fallbackReason: string | null;
}

/** Sends a copilot request to the workflow layer; the composition root attaches it once workflows run. */
export type CopilotDispatcher = (request: CopilotRequest) => Promise<void>;

/** How many similar solved tickets a ticket page shows. */
const SIMILAR_LIMIT = 5;
/** How many BM25 hits the embeddings re-rank. */
const RERANK_CANDIDATES = 20;
/** How many query vectors are kept, by ticket id and text. */
const QUERY_VECTOR_CACHE = 500;
const NO_USAGE: CopilotAgentUsage = { modelCalls: 0, promptTokens: 0, responseTokens: 0, tools: [] };

/** Help for staff working a ticket: similar solved tickets, a drafted reply, answers, the requester's history. */
export function createCopilotService({ tickets, index, events, logger, agent, embedder, waitMs, pollMs }: CopilotServiceDeps) {
  const waiter = createRunWaiter({ pollMs });
  const queryVectors = new Map<string, number[] | null>();
  let dispatch: CopilotDispatcher | null = null;

  /** The ticket, if the actor is staff who may read it. */
  async function readableTicket(actor: Actor, ticketId: string) {
    authorize(actor, 'workspace.useCopilot', null);
    return tickets.loadForAction(actor, ticketId, 'read');
  }

  async function queryVector(key: string, text: string): Promise<number[] | null> {
    if (!embedder) return null;
    if (queryVectors.has(key)) return queryVectors.get(key)!;
    const vector = await embedder.embed(text, 'query');
    // A failed embedding is not cached: the next request may find the API back.
    if (vector) {
      queryVectors.set(key, vector);
      if (queryVectors.size > QUERY_VECTOR_CACHE) queryVectors.delete(queryVectors.keys().next().value!);
    }
    return vector;
  }

  /** BM25 hits, re-ranked with embeddings when a key is set (see `blendScores`). */
  async function rankSimilar(text: string, excludeId: string, limit: number): Promise<SimilarHit[]> {
    if (!embedder) return index.search(text, { limit, excludeIds: [excludeId] });
    const hits = await index.search(text, { limit: RERANK_CANDIDATES, excludeIds: [excludeId] });
    if (hits.length === 0) return hits;
    const [query, vectors] = await Promise.all([queryVector(`${excludeId}:${text.length}:${text.slice(0, 64)}`, text), ticketEmbeddings(hits.map((h) => h.ticket._id))]);
    return blendScores(hits, query, (hit) => vectors.get(hit.ticket._id) ?? null).slice(0, limit);
  }

  /** What the agent's tools read: public conversation only, so no staff-only note can reach a draft meant for the requester. */
  const agentSources: CopilotAgentSources = {
    async readTicket(ticketId) {
      const ticket = await findTicketById(ticketId);
      if (!ticket) return null;
      const [comments, requester] = await Promise.all([commentsOfTicket(ticketId), findPerson(String(ticket.createdBy))]);
      return {
        ticket: { id: String(ticket._id), number: ticket.filingNumber, title: ticket.title, description: ticket.description, status: ticket.status },
        requesterFirstName: requester?.name.trim().split(/\s+/)[0] ?? '',
        conversation: comments
          .filter((c) => !c.internal)
          .map((c) => ({ from: String(c.author) === String(ticket.createdBy) ? ('requester' as const) : ('staff' as const), body: c.body, at: c.createdAt.toISOString() })),
      };
    },
    async similarSolved(text, excludeTicketId) {
      const hits = await rankSimilar(text, excludeTicketId, SIMILAR_LIMIT);
      return hits.map((hit) => ({ id: hit.ticket._id, number: hit.ticket.number, title: hit.ticket.title, resolution: hit.ticket.resolution, coverage: hit.coverage }));
    },
    async requesterTickets(ticketId) {
      const ticket = await findTicketById(ticketId);
      if (!ticket) return [];
      const filed = await ticketsFiledBy(String(ticket.createdBy));
      return filed
        .filter((t) => String(t._id) !== ticketId)
        .slice(0, 10)
        .map((t) => ({ id: String(t._id), number: t.filingNumber, title: t.title, status: t.status, createdAt: t.createdAt.toISOString() }));
    },
  };

  async function localDraft(ticket: TicketFields, fallbackReason: string | null): Promise<DraftReplyResponse> {
    const hits = await rankSimilar(ticketText(ticket), String(ticket._id), SIMILAR_LIMIT);
    const requester = await findPerson(String(ticket.createdBy));
    const { draft, reason } = buildLocalDraft(hits, { number: ticket.filingNumber, requesterName: requester?.name ?? '' });
    if (fallbackReason && draft.text) draft.label = `${draft.label} (The AI assistant did not answer: ${fallbackReason}.)`;
    return reason ? { draft, reason } : { draft };
  }

  /** The draft or answer for a request: the agent when there is one, the local engine when it fails or there is none. */
  async function produce(request: CopilotRequest): Promise<CopilotOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const ticket = await findTicketById(request.ticketId);
    if (!ticket) throw errors.notFound('ticket');
    let fallbackReason: string | null = null;
    let usage = NO_USAGE;
    if (agent) {
      try {
        const task = request.kind === 'ask' ? { kind: 'ask' as const, ticketId: request.ticketId, question: request.question ?? '' } : { kind: 'draft' as const, ticketId: request.ticketId };
        const answer = await agent.run(task, agentSources);
        usage = answer.usage;
        if (request.kind === 'ask') {
          return { answer: { answer: answer.text, sources: answer.sources, requestId: request.requestId }, engine: 'gemini', usage, durationMs: elapsed(), fallbackReason };
        }
        const draft = {
          text: answer.text,
          engine: 'gemini' as const,
          sources: answer.sources,
          label: `Drafted by the AI assistant from ${answer.sources.length ? `${answer.sources.length} ticket(s) it cites` : 'this ticket alone'}: check it before sending.`,
        };
        return { draft: { draft, requestId: request.requestId }, engine: 'gemini', usage, durationMs: elapsed(), fallbackReason };
      } catch (err) {
        if (!(err instanceof CopilotAgentError)) throw err;
        fallbackReason = `${err.kind}: ${err.message}`;
      }
    }
    if (request.kind === 'ask') {
      throw new DomainError('ai_unavailable', fallbackReason ? `the AI assistant did not answer (${fallbackReason})` : 'asking about a ticket needs the AI assistant, which is not available on this server');
    }
    const draft = await localDraft(ticket, fallbackReason);
    return { draft: { ...draft, requestId: request.requestId }, engine: 'local', usage, durationMs: elapsed(), fallbackReason };
  }

  async function publishProgress(request: CopilotRequest, stage: 'queued' | 'drafting') {
    await events.publish('copilot.progress', { requestId: request.requestId, ticketId: request.ticketId, actorId: request.actorId, kind: request.kind, stage });
  }

  /** Marks a request as being worked on. */
  async function markDrafting(request: CopilotRequest): Promise<void> {
    await updateRunRecord(request.requestId, { stage: 'drafting' });
    await publishProgress(request, 'drafting');
  }

  /** Stores a finished request's record and result, then tells the waiter and the asker's sockets. Safe to repeat. */
  async function finish(request: CopilotRequest, outcome: CopilotOutcome): Promise<void> {
    await updateRunRecord(request.requestId, {
      stage: 'done',
      engine: outcome.engine,
      modelCalls: outcome.usage.modelCalls,
      promptTokens: outcome.usage.promptTokens,
      responseTokens: outcome.usage.responseTokens,
      tools: outcome.usage.tools,
      durationMs: outcome.durationMs,
      fallbackReason: outcome.fallbackReason,
      finishedAt: new Date(),
    });
    await saveRunResult({ _id: request.requestId, actorId: request.actorId, stage: 'done', draft: outcome.draft ?? null, answer: outcome.answer ?? null, createdAt: new Date() });
    await events.publish('copilot.finished', {
      requestId: request.requestId,
      ticketId: request.ticketId,
      actorId: request.actorId,
      kind: request.kind,
      stage: 'done',
      ...(outcome.draft ? { draft: outcome.draft } : {}),
      ...(outcome.answer ? { answer: outcome.answer } : {}),
    });
  }

  /** Records that a request gave no result; `reason` is said to the asker. */
  async function fail(request: CopilotRequest, reason: string): Promise<void> {
    const current = await findRunRecord(request.requestId);
    if (current?.stage === 'done') return;
    await updateRunRecord(request.requestId, { stage: 'failed', fallbackReason: reason.slice(0, 300), finishedAt: new Date() });
    await saveRunResult({ _id: request.requestId, actorId: request.actorId, stage: 'failed', draft: null, answer: null, createdAt: new Date() });
    await events.publish('copilot.finished', { requestId: request.requestId, ticketId: request.ticketId, actorId: request.actorId, kind: request.kind, stage: 'failed' });
  }

  /** Starts a request and waits (bounded) for its result. */
  async function request(actor: Actor, ticketId: string, kind: CopilotRunKind, question?: string): Promise<FinishedRun | { stage: 'timeout' }> {
    const run: CopilotRequest = { requestId: randomUUID(), ticketId, actorId: actor.id, kind, ...(question ? { question } : {}) };
    await insertRunRecord(queuedRunRecord({ _id: run.requestId, ticketId, actorId: actor.id, kind, model: agent?.model ?? null }));
    if (!dispatch) {
      // Without workflows (a process serving HTTP only) the request runs here, through the same steps.
      await markDrafting(run);
      try {
        const outcome = await produce(run);
        await finish(run, outcome);
        await deleteRunResult(run.requestId);
        return { stage: 'done', draft: outcome.draft ?? null, answer: outcome.answer ?? null };
      } catch (err) {
        await fail(run, err instanceof Error ? err.message : 'failed');
        throw err;
      }
    }
    const result = waiter.wait(run.requestId, waitMs);
    await publishProgress(run, 'queued');
    await dispatch(run);
    const finished = await result;
    if (!finished) return { stage: 'timeout' };
    deleteRunResult(run.requestId).catch((err: unknown) => logger.warn({ err, requestId: run.requestId }, 'copilot result not deleted'));
    return finished;
  }

  return {
    /** The completed tickets most like this one, best first, each with the reply that closed it. */
    async similarTickets(actor: Actor, ticketId: string): Promise<SimilarTicket[]> {
      const ticket = await readableTicket(actor, ticketId);
      const hits = await rankSimilar(ticketText(ticket), ticketId, SIMILAR_LIMIT);
      return hits.map(({ ticket: solved, score, coverage }) => ({
        ticket: { id: solved._id, number: solved.number, title: solved.title, status: 'completed' as const },
        score: Math.round(score * 1000) / 1000,
        coverage: Math.round(coverage * 1000) / 1000,
        resolution: solved.resolution,
      }));
    },

    /**
     * A reply for the moderator to edit, from the copilot workflow: the agent's when a
     * model answers, the local engine's otherwise. Waits for the workflow at most
     * `waitMs`; past that the local engine answers here, so the caller always gets a draft.
     */
    async draftReply(actor: Actor, ticketId: string): Promise<DraftReplyResponse> {
      const ticket = await readableTicket(actor, ticketId);
      const result = await request(actor, ticketId, 'draft');
      if (result.stage === 'done' && result.draft) return result.draft;
      return localDraft(ticket, result.stage === 'timeout' ? `no answer within ${Math.round(waitMs / 1000)} s` : 'the request failed');
    },

    /** An answer to a question about the ticket; 503 `ai_unavailable` without a model or when it did not answer. */
    async ask(actor: Actor, ticketId: string, question: string): Promise<AskResponse> {
      await readableTicket(actor, ticketId);
      if (!agent) throw new DomainError('ai_unavailable', 'asking about a ticket needs the AI assistant, which is not available on this server');
      const result = await request(actor, ticketId, 'ask', question);
      if (result.stage === 'done' && result.answer) return result.answer;
      throw new DomainError('ai_unavailable', result.stage === 'timeout' ? 'the AI assistant did not answer in time' : 'the AI assistant did not answer');
    },

    /** Runs a request's steps; the workflow functions call these in order. */
    markDrafting,
    produce,
    finish,
    fail,

    /** Hands a finished run to the HTTP request waiting for it in this process. */
    settle(requestId: string, run: FinishedRun) {
      waiter.settle(requestId, run);
    },

    /** Routes requests through the workflow layer from now on; returns the function that detaches it. */
    attachDispatcher(next: CopilotDispatcher): () => void {
      dispatch = next;
      return () => {
        if (dispatch === next) dispatch = null;
      };
    },

    /** Stores (or drops) a ticket's embedding as it is completed (or reopened); nothing without a key. */
    async refreshEmbedding(ticketId: string): Promise<void> {
      if (!embedder) return;
      const ticket = await findTicketById(ticketId);
      if (ticket?.status !== 'completed') {
        await deleteTicketEmbedding(ticketId);
        return;
      }
      const vector = await embedder.embed(ticketText(ticket));
      if (vector) await saveTicketEmbedding({ _id: ticketId, model: embedder.model, vector, updatedAt: new Date() });
      else logger.warn({ ticketId }, 'ticket embedding not stored; ranking uses BM25 for it');
    },

    /** The copilot's run records, newest first (admins). */
    async listRuns(actor: Actor, query: CopilotRunsQuery): Promise<CopilotRunsResponse> {
      authorize(actor, 'workspace.viewCopilotRuns', null);
      const { items, total } = await pageOfRunRecords(query.page, query.pageSize);
      return { items: items.map(presentRun), page: query.page, pageSize: query.pageSize, total };
    },

    /** A requester's tickets, counts and last contact, for staff who may read at least one of those tickets. */
    async requesterContext(actor: Actor, userId: string, now = new Date()): Promise<RequesterContextResponse> {
      authorize(actor, 'workspace.useCopilot', null);
      const person = await findPerson(userId);
      const filed = person ? await ticketsFiledBy(userId) : [];
      if (!person || !filed.some((ticket) => can(actor, 'ticket.read', ticket))) throw errors.notFound('user');
      const lastContact = filed.reduce<Date | null>((latest, t) => (!latest || t.updatedAt > latest ? t.updatedAt : latest), null);
      const completed = filed.filter((t) => t.status === 'completed').length;
      return {
        user: { id: String(person._id), name: person.name },
        tickets: filed.map((t) => ({
          id: String(t._id),
          number: t.filingNumber,
          title: t.title,
          status: t.status,
          createdAt: t.createdAt.toISOString(),
          updatedAt: t.updatedAt.toISOString(),
          completedAt: t.completedAt?.toISOString() ?? null,
        })),
        counts: { total: filed.length, open: filed.length - completed, completed },
        lastContactAt: lastContact?.toISOString() ?? null,
        sinceLastContactMs: lastContact ? Math.max(0, now.getTime() - lastContact.getTime()) : null,
      };
    },
  };
}

export type CopilotService = ReturnType<typeof createCopilotService>;
