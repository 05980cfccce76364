import { ATTACHMENT_CONTENT_TYPES, type AttachmentContentType } from '@relaydesk/shared';
import mongoose, { Schema, type Types } from 'mongoose';
import { toJsonPlugin } from '../platform/toJsonPlugin.js';

/** A file attached to a ticket or one of its comments; the bytes live in the blob store under `_id`. */
export interface AttachmentFields {
  _id: Types.ObjectId;
  ticket: Types.ObjectId;
  /** The comment (or staff-only note) it belongs to; null for the ticket itself. */
  comment: Types.ObjectId | null;
  uploader: Types.ObjectId;
  /** Cleaned for display (see `cleanFileName`); never a path. */
  name: string;
  size: number;
  contentType: AttachmentContentType;
  /** Hex SHA-256 of the bytes, to check a download against and to find duplicates. */
  sha256: string;
  /** Copied from the comment when attached: a file on a staff-only note is as private as the note. */
  internal: boolean;
  /** The store that holds the bytes (`gridfs`, `s3`), so a deployment can change stores without losing old files' whereabouts. */
  store: string;
  createdAt: Date;
}

const attachmentSchema = new Schema<AttachmentFields>(
  {
    ticket: { type: Schema.Types.ObjectId, ref: 'Ticket', required: true },
    comment: { type: Schema.Types.ObjectId, ref: 'Comment', default: null },
    uploader: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    name: { type: String, required: true },
    size: { type: Number, required: true },
    contentType: { type: String, enum: ATTACHMENT_CONTENT_TYPES, required: true },
    sha256: { type: String, required: true },
    internal: { type: Boolean, default: false },
    store: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'attachments' },
);
attachmentSchema.index({ ticket: 1, createdAt: 1, _id: 1 });
attachmentSchema.plugin(toJsonPlugin);

export const AttachmentModel = mongoose.model<AttachmentFields>('Attachment', attachmentSchema);
