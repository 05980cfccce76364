import type { CommentListQuery, Paginated } from '@relaydesk/shared';
import { findPage } from '../platform/pagination.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import { CommentModel, type CommentFields } from './commentModel.js';
import { TicketModel } from './ticketModel.js';
import type { Actor } from '../domain/actor.js';
import type { PopulatedComment } from './presenter.js';
import type { DomainEvents } from '../domain/events.js';
import { ticketLockKey, type TicketService } from './service.js';
import { recordTicketEvent } from './timeline.js';
import { withUserRefs, withUserRefsOne } from '../users/refs.js';

export interface CommentServiceDeps {
  tickets: TicketService;
  lock: KeyedLock;
  events: DomainEvents;
}

const AUTHOR = ['author'];

/** The conversation on a ticket between its creator, its assignee and admins. */
export function createCommentService({ tickets, lock, events }: CommentServiceDeps) {
  return {
    async addComment(actor: Actor, ticketId: string, body: string): Promise<PopulatedComment> {
      await tickets.loadForAction(actor, ticketId, 'comment');
      const created = await CommentModel.create({ ticket: ticketId, author: actor.id, body });
      // The count is a read-modify-write on FerretDB, hence the per-ticket lock.
      await lock.run(ticketLockKey(ticketId), () => TicketModel.updateOne({ _id: ticketId }, { $inc: { commentCount: 1 } }));
      await recordTicketEvent({ ticketId, type: 'commented', actorId: actor.id, data: { commentId: String(created._id) } });
      const comment = (await withUserRefsOne<PopulatedComment>(await CommentModel.findById(created._id).lean(), AUTHOR))!;
      const ticket = await tickets.loadPopulated(ticketId);
      if (ticket) await events.publish('comment.added', { ticket, comment });
      return comment;
    },

    /** Oldest first, as a conversation reads. */
    async listComments(actor: Actor, ticketId: string, query: CommentListQuery): Promise<Paginated<PopulatedComment>> {
      await tickets.loadForAction(actor, ticketId, 'read');
      return findPage<CommentFields, PopulatedComment>(
        { model: CommentModel, filter: { ticket: ticketId }, sort: { createdAt: 1, _id: 1 }, resolve: (docs) => withUserRefs(docs, AUTHOR) },
        query,
      );
    },
  };
}

export type CommentService = ReturnType<typeof createCommentService>;
