import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Types } from 'mongoose';
import type { Actor } from '../domain/actor.js';
import { authorize, can } from '../domain/authorize.js';
import type { DomainEvents } from '../domain/events.js';
import type { BlobStore } from '../platform/blobStore.js';
import { errors } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { findComment, findTicket } from '../tickets/repo.js';
import type { TicketService } from '../tickets/service.js';
import type { TicketFields } from '../tickets/ticketModel.js';
import { recordTicketEvent } from '../tickets/timeline.js';
import { findAttachment, insertAttachment, listTicketAttachments, type PopulatedAttachment } from './repo.js';
import { cleanFileName, sniffContentType } from './sniff.js';

export interface AttachmentServiceDeps {
  tickets: Pick<TicketService, 'loadForAction' | 'loadPopulated'>;
  store: BlobStore;
  events: DomainEvents;
  logger: Logger;
}

/** A file as the transport read it: the bytes whole, and what the uploader said about them. */
export interface IncomingFile {
  name: string | undefined;
  claimedType: string | undefined;
  bytes: Buffer;
}

/** Files on tickets and comments: who may add and fetch them, sniffing, storing, announcing. */
export function createAttachmentService({ tickets, store, events, logger }: AttachmentServiceDeps) {
  /**
   * Whether the actor may upload to this ticket at all (comment on it, or leave notes):
   * checked before a transport reads a large body, so a stranger is refused (404) or a
   * reader without rights forbidden (403) without the bytes ever being read.
   */
  async function assertMayUpload(actor: Actor, ticketId: string): Promise<void> {
    const ticket = await tickets.loadForAction(actor, ticketId, 'read');
    if (!can(actor, 'ticket.comment', ticket) && !can(actor, 'ticket.addInternalNote', ticket)) {
      authorize(actor, 'ticket.comment', ticket);
    }
  }

  /**
   * Adds a file to a ticket, or with `commentId` to one of the actor's own comments on it.
   * Permission follows the ticket policy: `comment` for the ticket or a public comment,
   * `addInternalNote` for a staff-only note, whose privacy the file takes on. The type is
   * decided from the bytes (415 when it is not accepted or not what was claimed).
   *
   * The bytes are stored under a fresh id before the document naming them is written, so a
   * process dying between the two leaves an unreferenced blob, never a listed file without
   * bytes; the timeline entry and the announcement follow the document.
   */
  async function upload(actor: Actor, ticketId: string, input: { commentId?: string; file: IncomingFile }): Promise<{ attachment: PopulatedAttachment; ticket: TicketFields }> {
    const ticket = await tickets.loadForAction(actor, ticketId, 'read');
    let internal = false;
    let commentId: Types.ObjectId | null = null;
    if (input.commentId) {
      const comment = await findComment(input.commentId);
      if (!comment || String(comment.ticket) !== ticketId) throw errors.notFound('comment');
      internal = comment.internal === true;
      // A note the actor may not read is, to them, not there.
      if (internal && !can(actor, 'ticket.readInternalNotes', ticket)) throw errors.notFound('comment');
      if (String(comment.author) !== actor.id) throw errors.forbidden('you may attach files only to your own comments');
      commentId = comment._id;
    }
    authorize(actor, internal ? 'ticket.addInternalNote' : 'ticket.comment', ticket);

    const { bytes } = input.file;
    if (bytes.length === 0) throw errors.validation('the file is empty', [{ path: 'file', message: 'must not be empty' }]);
    const verdict = await sniffContentType(bytes, input.file.claimedType);
    if (!verdict.ok) throw errors.unsupportedMediaType(verdict.message);

    const id = new Types.ObjectId();
    await store.put(id.toHexString(), bytes, { contentType: verdict.contentType });
    const attachment = await insertAttachment({
      _id: id,
      ticket: ticket._id,
      comment: commentId,
      uploader: new Types.ObjectId(actor.id),
      name: cleanFileName(input.file.name),
      size: bytes.length,
      contentType: verdict.contentType,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      internal,
      store: store.kind,
    });
    await recordTicketEvent({
      ticketId,
      type: internal ? 'note_attached' : 'attached',
      actorId: actor.id,
      data: { attachmentId: id.toHexString(), commentId: commentId ? String(commentId) : null, name: attachment.name },
    });
    const populated = await tickets.loadPopulated(ticketId);
    if (populated) await events.publish(internal ? 'note_attachment.added' : 'attachment.added', { ticket: populated, attachment });
    return { attachment, ticket };
  }

  /**
   * The file's description and its bytes for someone who may see it. Everyone else, whether
   * the file, its ticket or its note is hidden from them, is told it is not there.
   */
  async function open(actor: Actor, attachmentId: string): Promise<{ attachment: PopulatedAttachment; body: Readable }> {
    const attachment = await findAttachment(attachmentId);
    const ticket = attachment ? await findTicket(attachment.ticket) : null;
    if (!attachment || !ticket || !can(actor, 'attachment.download', { ticket, internal: attachment.internal === true })) {
      throw errors.notFound('attachment');
    }
    try {
      const body = await store.open(attachmentId);
      return { attachment, body };
    } catch (err) {
      logger.error({ err, attachmentId }, 'attachment bytes missing from the store');
      throw errors.unavailable('the file could not be read from storage; try again later');
    }
  }

  /** The ticket's files the actor may see, oldest first, with the ticket for presenting them. */
  async function listForTicket(actor: Actor, ticketId: string): Promise<{ attachments: PopulatedAttachment[]; ticket: TicketFields }> {
    const ticket = await tickets.loadForAction(actor, ticketId, 'read');
    const includeInternal = can(actor, 'ticket.readInternalNotes', ticket);
    return { attachments: await listTicketAttachments(ticketId, { includeInternal }), ticket };
  }

  return { assertMayUpload, upload, open, listForTicket };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
