import type { Attachment } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { abilitiesOn } from '../domain/authorize.js';
import type { TicketAccessFacts } from '../tickets/policy.js';
import { presentRequiredUserRef } from '../users/presenter.js';
import type { PopulatedAttachment } from './repo.js';

/** An attachment as its viewer may see it; the hash and the store stay on the server. */
export function presentAttachment(attachment: PopulatedAttachment, ticket: TicketAccessFacts, viewer: Actor): Attachment {
  return {
    id: String(attachment._id),
    ticketId: String(attachment.ticket),
    commentId: attachment.comment ? String(attachment.comment) : null,
    name: attachment.name,
    size: attachment.size,
    contentType: attachment.contentType,
    internal: attachment.internal === true,
    uploadedBy: presentRequiredUserRef(attachment.uploader),
    createdAt: attachment.createdAt.toISOString(),
    abilities: abilitiesOn(viewer, 'attachment', { ticket, internal: attachment.internal === true }),
  };
}
