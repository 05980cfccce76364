import type { TicketStatus } from '@relaydesk/shared';
import { Types } from 'mongoose';
import type { Mailer, MailTransport } from '../mail/mailer.js';
import { ticketUpdateEmail, type TicketUpdateItem } from '../mail/templates.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { PopulatedComment, PopulatedTicket } from '../tickets/presenter.js';
import { findTicket } from '../tickets/repo.js';
import { UserModel, wantsTicketEmails, type UserFields } from '../users/userModel.js';
import { RequesterDigestModel, type PendingUpdateFields, type RequesterDigestFields } from './model.js';

export interface RequesterUpdateServiceDeps {
  lock: KeyedLock;
  mailer: Mailer;
  /** Public address of the web app, for the link in each e-mail. */
  appUrl: string;
  /** After an e-mail, further updates wait this long and go out together. */
  windowMs: number;
  now?: () => Date;
}

/** Whether something was queued, and under which key (the workflow event's id derives from it). */
export type QueueOutcome = { queued: true; key: string } | { queued: false; reason: string };

/** When a ticket's pending updates should go out, or that nothing waits. */
export type DeliveryPlan = { kind: 'idle' } | { kind: 'deliver'; at: string };

export type DeliveryOutcome =
  | { status: 'sent'; transport: MailTransport; duplicate: boolean; items: number }
  | { status: 'skipped'; reason: string };

/** How many recent keys a digest remembers to drop a repeated announcement. */
const RECENT_KEYS = 100;

const refId = (ref: unknown): string | null => {
  if (!ref) return null;
  if (ref instanceof Types.ObjectId) return ref.toHexString();
  if (typeof ref === 'object' && '_id' in ref) return String((ref as { _id: unknown })._id);
  return String(ref);
};

type Requester = Pick<UserFields, '_id' | 'name' | 'email' | 'notifyByEmail'>;

async function findRequester(ticket: { createdBy: unknown }): Promise<Requester | null> {
  const id = refId(ticket.createdBy);
  if (!id || !Types.ObjectId.isValid(id)) return null;
  return UserModel.findById(id).select('name email notifyByEmail').lean<Requester>();
}

/**
 * E-mails to the person who filed a ticket about public staff replies and status
 * changes. Updates are queued per ticket; a workflow run per update asks when to
 * deliver (at once after a quiet window, otherwise when the window since the last
 * e-mail ends), claims what is pending and sends it as one e-mail. A claim is
 * stored before the send and removed after it, so a retried delivery re-sends the
 * same batch under the same idempotency key, and two runs never share an update.
 * Internal notes are never queued: only `comment.added` (public comments) feeds this.
 */
export function createRequesterUpdateService({ lock, mailer, appUrl, windowMs, now = () => new Date() }: RequesterUpdateServiceDeps) {
  const base = appUrl.replace(/\/+$/, '');
  const lockKey = (ticketId: string) => `requester-digest:${ticketId}`;

  async function readDigest(ticketId: string): Promise<RequesterDigestFields | null> {
    const digest = await RequesterDigestModel.findById(ticketId).lean<RequesterDigestFields>();
    // An upsert writes only the fields it sets; the rest read as their empty values.
    return digest && { ...digest, pending: digest.pending ?? [], claims: digest.claims ?? [], recentKeys: digest.recentKeys ?? [], lastSentAt: digest.lastSentAt ?? null };
  }

  async function queue(ticket: PopulatedTicket, update: PendingUpdateFields): Promise<QueueOutcome> {
    const requester = await findRequester(ticket);
    if (!requester) return { queued: false, reason: 'the requester no longer exists' };
    if (!wantsTicketEmails(requester)) return { queued: false, reason: 'the requester switched these e-mails off' };
    const ticketId = String(ticket._id);
    return lock.run(lockKey(ticketId), async () => {
      const digest = await readDigest(ticketId);
      if (digest?.recentKeys.includes(update.key)) return { queued: false, reason: 'already queued' };
      const pending = [...(digest?.pending ?? []), update];
      const recentKeys = [...(digest?.recentKeys ?? []), update.key].slice(-RECENT_KEYS);
      await RequesterDigestModel.updateOne({ _id: ticketId }, { $set: { pending, recentKeys, hasPending: true } }, { upsert: true });
      return { queued: true, key: update.key };
    });
  }

  return {
    /** Queues a public reply by staff for the requester; their own comments and notes never are. */
    async queueReply({ ticket, comment }: { ticket: PopulatedTicket; comment: PopulatedComment }): Promise<QueueOutcome> {
      if (comment.internal === true) return { queued: false, reason: 'internal notes are for staff only' };
      const author = comment.author && typeof comment.author === 'object' && 'role' in comment.author ? comment.author : null;
      if (!author || author.role === 'user') return { queued: false, reason: 'not a staff reply' };
      if (refId(comment.author) === refId(ticket.createdBy)) return { queued: false, reason: 'the requester wrote it' };
      return queue(ticket, {
        key: `comment:${String(comment._id)}`,
        kind: 'reply',
        authorName: author.name,
        body: comment.body,
        at: new Date(comment.createdAt),
      });
    },

    /** Queues a status change the requester did not make themselves. */
    async queueStatusChange(args: { ticket: PopulatedTicket; from: TicketStatus; to: TicketStatus; actorId: string | null }): Promise<QueueOutcome> {
      const { ticket, from, to, actorId } = args;
      if (from === to) return { queued: false, reason: 'no change' };
      if (actorId && actorId === refId(ticket.createdBy)) return { queued: false, reason: 'the requester changed it' };
      const at = ticket.updatedAt ? new Date(ticket.updatedAt) : now();
      return queue(ticket, { key: `status:${at.getTime()}:${from}:${to}`, kind: 'status', from, to, at });
    },

    /**
     * When the pending updates should go out: now if no e-mail went out within the
     * window, else when the window since the last one ends.
     */
    async planDelivery(ticketId: string): Promise<DeliveryPlan> {
      const digest = await readDigest(ticketId);
      if (!digest || digest.pending.length === 0) return { kind: 'idle' };
      const earliest = digest.lastSentAt ? digest.lastSentAt.getTime() + windowMs : 0;
      return { kind: 'deliver', at: new Date(Math.max(earliest, now().getTime())).toISOString() };
    },

    /** Moves every pending update into this batch's claim; claiming again returns the same claim. */
    async claim(ticketId: string, batchId: string): Promise<{ items: number }> {
      return lock.run(lockKey(ticketId), async () => {
        const digest = await readDigest(ticketId);
        if (!digest) return { items: 0 };
        const existing = digest.claims.find((c) => c.batchId === batchId);
        if (existing) return { items: existing.items.length };
        if (digest.pending.length === 0) return { items: 0 };
        const claims = [...digest.claims, { batchId, items: digest.pending, at: now() }];
        await RequesterDigestModel.updateOne({ _id: ticketId }, { $set: { claims, pending: [], hasPending: false } });
        return { items: digest.pending.length };
      });
    },

    /**
     * Sends this batch's claim as one e-mail (unless the requester has switched them
     * off since), then drops the claim. The idempotency key is the batch's, so a
     * retry after a crash between the send and the drop offers the same message again.
     */
    async deliver(ticketId: string, batchId: string): Promise<DeliveryOutcome> {
      const digest = await readDigest(ticketId);
      const claim = digest?.claims.find((c) => c.batchId === batchId);
      if (!claim || claim.items.length === 0) return { status: 'skipped', reason: 'nothing claimed' };
      const ticket = await findTicket(ticketId);
      const requester = ticket ? await findRequester(ticket) : null;
      let outcome: DeliveryOutcome;
      if (!ticket || !requester) {
        outcome = { status: 'skipped', reason: 'the ticket or its requester no longer exists' };
      } else if (!wantsTicketEmails(requester)) {
        outcome = { status: 'skipped', reason: 'the requester switched these e-mails off' };
      } else {
        const items: TicketUpdateItem[] = claim.items.map((i) =>
          i.kind === 'reply' ? { kind: 'reply', authorName: i.authorName ?? 'Support', body: i.body ?? '' } : { kind: 'status', from: i.from ?? '', to: i.to ?? '' },
        );
        const content = ticketUpdateEmail({
          name: requester.name,
          number: ticket.filingNumber,
          title: ticket.title,
          ticketUrl: `${base}/tickets/${ticket.filingNumber}`,
          items,
        });
        const receipt = await mailer.send({
          ...content,
          to: requester.email,
          ticketId,
          userId: String(requester._id),
          idempotencyKey: `requester-update:${ticketId}:${batchId}`,
        });
        outcome = { status: 'sent', transport: receipt.transport, duplicate: receipt.duplicate, items: items.length };
      }
      await lock.run(lockKey(ticketId), async () => {
        const current = await readDigest(ticketId);
        if (!current) return;
        const $set: Partial<RequesterDigestFields> = { claims: current.claims.filter((c) => c.batchId !== batchId) };
        if (outcome.status === 'sent') $set.lastSentAt = now();
        await RequesterDigestModel.updateOne({ _id: ticketId }, { $set });
      });
      return outcome;
    },

    /**
     * Tickets with updates still pending, for re-announcing after a process died
     * between queuing an update and sending its workflow event. Scans the digests
     * on FerretDB (one small document per ticket with staff replies); run once at start.
     */
    async ticketsWithPending(limit = 500): Promise<Array<{ ticketId: string; lastKey: string }>> {
      const digests = await RequesterDigestModel.find({ hasPending: true }).select('_id recentKeys').limit(limit).lean<RequesterDigestFields[]>();
      return digests.map((d) => ({ ticketId: String(d._id), lastKey: d.recentKeys.at(-1) ?? 'pending' }));
    },
  };
}

export type RequesterUpdateService = ReturnType<typeof createRequesterUpdateService>;
