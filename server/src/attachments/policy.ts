import type { AttachmentAction } from '@relaydesk/shared';
import { definePolicy, isAllowed } from '../domain/policy.js';
import { ticketPolicy, type TicketAccessFacts } from '../tickets/policy.js';

/** What an attachment's permissions depend on: its ticket, and whether it sits on a staff-only note. */
export interface AttachmentAccessFacts {
  ticket: TicketAccessFacts;
  internal: boolean;
}

type AttachmentRelation = 'ticketReader' | 'noteReader';

/**
 * Who may fetch an attachment, derived from the ticket policy: whoever may read the ticket
 * may download its public files; a file on a staff-only note only those who may read notes.
 * Uploading is governed by the ticket policy itself (`comment`, or `addInternalNote` for a
 * file on a note), checked by the attachment service.
 */
export const attachmentPolicy = definePolicy<AttachmentAccessFacts, AttachmentAction, AttachmentRelation>({
  relationsOf(actor, { ticket, internal }) {
    const relations = new Set<AttachmentRelation>();
    if (!internal && isAllowed(ticketPolicy, actor, 'read', ticket)) relations.add('ticketReader');
    if (internal && isAllowed(ticketPolicy, actor, 'readInternalNotes', ticket)) relations.add('noteReader');
    return relations;
  },
  rules: {
    download: ['ticketReader', 'noteReader'],
  },
});
