import type { CommentListQuery, Paginated } from '@relaydesk/shared';
import { findPage } from '../platform/pagination.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import { CommentModel, type CommentFields } from './commentModel.js';
import { TicketModel } from './ticketModel.js';
import type { Actor } from '../domain/actor.js';
import { can } from '../domain/authorize.js';
import type { PopulatedComment } from './presenter.js';
import type { DomainEvents } from '../domain/events.js';
import { ticketLockKey, turnRules, type TicketService } from './service.js';
import { findTicket } from './repo.js';
import type { ReadMarkers } from './readMarkers.js';
import { recordTicketEvent } from './timeline.js';
import { withUserRefs, withUserRefsOne } from '../users/refs.js';

export interface CommentServiceDeps {
  tickets: TicketService;
  lock: KeyedLock;
  events: DomainEvents;
  readMarkers: ReadMarkers;
}

const AUTHOR = ['author'];

/** The conversation on a ticket between its creator, its assignee and admins. */
export function createCommentService({ tickets, lock, events, readMarkers }: CommentServiceDeps) {
  return {
    /**
     * Adds a public comment, or with `internal` a staff-only note. A note needs
     * `addInternalNote` (the assignee, admins); a requester asking for one is
     * forbidden. A note leaves the public comment count alone, is recorded on the
     * timeline as `noted`, and is announced as `note.added`, never `comment.added`.
     */
    async addComment(
      actor: Actor,
      ticketId: string,
      body: string,
      options: { internal?: boolean } = {},
    ): Promise<PopulatedComment> {
      const internal = options.internal === true;
      await tickets.loadForAction(actor, ticketId, internal ? 'addInternalNote' : 'comment');
      const created = await CommentModel.create({ ticket: ticketId, author: actor.id, body, internal });
      const at = created.createdAt;
      // The count and whose turn it is are read-modify-writes on FerretDB, hence the per-ticket lock;
      // one write, so the count, the turn and the activity move together.
      await lock.run(ticketLockKey(ticketId), async () => {
        if (internal) {
          // A note among staff is news to staff only and changes nobody's turn.
          await TicketModel.updateOne({ _id: ticketId }, { $set: { lastActivityAt: at } });
          return;
        }
        const current = await findTicket(ticketId);
        const turn = current ? turnRules.turnAfterComment(current, actor.id, at) : null;
        await TicketModel.updateOne(
          { _id: ticketId },
          { $inc: { commentCount: 1 }, $set: { ...turn, lastActivityAt: at, lastPublicActivityAt: at } },
        );
      });
      // The author has seen their own words.
      await readMarkers.markSeen(ticketId, actor.id, at);
      await recordTicketEvent({
        ticketId,
        type: internal ? 'noted' : 'commented',
        actorId: actor.id,
        data: { commentId: String(created._id) },
      });
      const comment = (await withUserRefsOne<PopulatedComment>(await CommentModel.findById(created._id).lean(), AUTHOR))!;
      const ticket = await tickets.loadPopulated(ticketId);
      if (ticket) await events.publish(internal ? 'note.added' : 'comment.added', { ticket, comment });
      return comment;
    },

    /**
     * Oldest first, as a conversation reads. Staff-only notes are left out in the
     * query itself for anyone who may not read them.
     */
    async listComments(actor: Actor, ticketId: string, query: CommentListQuery): Promise<Paginated<PopulatedComment>> {
      const ticket = await tickets.loadForAction(actor, ticketId, 'read');
      const filter: Record<string, unknown> = { ticket: ticketId };
      // `$ne: true` rather than `false`: comments from before notes existed have no flag.
      if (!can(actor, 'ticket.readInternalNotes', ticket)) filter.internal = { $ne: true };
      return findPage<CommentFields, PopulatedComment>(
        { model: CommentModel, filter, sort: { createdAt: 1, _id: 1 }, resolve: (docs) => withUserRefs(docs, AUTHOR) },
        query,
      );
    },
  };
}

export type CommentService = ReturnType<typeof createCommentService>;
