import type { AskResponse, DraftReplyResponse, RequesterContextResponse, SimilarTicket } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { authorize, can } from '../domain/authorize.js';
import { DomainError, errors } from '../platform/errors.js';
import type { TicketService } from '../tickets/service.js';
import { ticketText } from './bm25.js';
import { buildLocalDraft } from './localDraft.js';
import { findPerson, ticketsFiledBy } from './repo.js';
import type { SimilarIndex } from './similarIndex.js';

export interface CopilotServiceDeps {
  tickets: TicketService;
  index: SimilarIndex;
  /** Whether a model is configured; without one the copilot answers from the local index alone. */
  hasModel: boolean;
}

/** How many similar solved tickets a ticket page shows. */
const SIMILAR_LIMIT = 5;

/** Help for staff working a ticket: similar solved tickets, a drafted reply, the requester's history. */
export function createCopilotService({ tickets, index }: CopilotServiceDeps) {
  /** The ticket, if the actor is staff who may read it. */
  async function readableTicket(actor: Actor, ticketId: string) {
    authorize(actor, 'workspace.useCopilot', null);
    return tickets.loadForAction(actor, ticketId, 'read');
  }

  return {
    /** The completed tickets most like this one, best first, each with the reply that closed it. */
    async similarTickets(actor: Actor, ticketId: string): Promise<SimilarTicket[]> {
      const ticket = await readableTicket(actor, ticketId);
      const hits = await index.search(ticketText(ticket), { limit: SIMILAR_LIMIT, excludeIds: [ticketId] });
      return hits.map(({ ticket: solved, score, coverage }) => ({
        ticket: { id: solved._id, number: solved.number, title: solved.title, status: 'completed' as const },
        score: Math.round(score * 1000) / 1000,
        coverage: Math.round(coverage * 1000) / 1000,
        resolution: solved.resolution,
      }));
    },

    /**
     * A reply for the moderator to edit. The local engine adapts the best solved
     * ticket's reply; the model-backed agent is not wired yet, so a configured key
     * changes nothing here.
     */
    async draftReply(actor: Actor, ticketId: string): Promise<DraftReplyResponse> {
      const ticket = await readableTicket(actor, ticketId);
      const hits = await index.search(ticketText(ticket), { limit: SIMILAR_LIMIT, excludeIds: [ticketId] });
      const requester = await findPerson(String(ticket.createdBy));
      return buildLocalDraft(hits, { number: ticket.filingNumber, requesterName: requester?.name ?? '' });
    },

    /** Questions about a ticket need a model; none is wired, so this says so with `ai_unavailable`. */
    async ask(actor: Actor, ticketId: string): Promise<AskResponse> {
      await readableTicket(actor, ticketId);
      throw new DomainError('ai_unavailable', 'asking about a ticket needs the AI assistant, which is not available on this server');
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
