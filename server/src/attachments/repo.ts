import { Types } from 'mongoose';
import type { RefOrId } from '../users/presenter.js';
import { withUserRefs, withUserRefsOne } from '../users/refs.js';
import { AttachmentModel, type AttachmentFields } from './model.js';

export type PopulatedAttachment = Omit<AttachmentFields, 'uploader'> & { uploader: RefOrId };

const UPLOADER = ['uploader'];

/** Writes the description of a file whose bytes are already stored under `fields._id`. */
export async function insertAttachment(fields: Omit<AttachmentFields, 'createdAt'>): Promise<PopulatedAttachment> {
  const created = await AttachmentModel.create(fields);
  return (await withUserRefsOne<PopulatedAttachment>(created.toObject(), UPLOADER))!;
}

/** One attachment by id (a lookup every engine answers from its `_id` index), or null. */
export async function findAttachment(id: string): Promise<AttachmentFields | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return AttachmentModel.findById(id).lean<AttachmentFields>();
}

/**
 * A ticket's attachments, oldest first, with the uploaders' names. Without `includeInternal`
 * those on staff-only notes are left out in the query itself.
 */
export async function listTicketAttachments(ticketId: string, { includeInternal }: { includeInternal: boolean }): Promise<PopulatedAttachment[]> {
  const filter: Record<string, unknown> = { ticket: new Types.ObjectId(ticketId) };
  if (!includeInternal) filter.internal = { $ne: true };
  const docs = await AttachmentModel.find(filter).sort({ createdAt: 1, _id: 1 }).lean();
  return withUserRefs<PopulatedAttachment>(docs, UPLOADER);
}
