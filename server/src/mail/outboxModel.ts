import { MAIL_CATEGORIES, type MailCategory } from '@relaydesk/shared';
import mongoose, { Schema, type Types } from 'mongoose';
import { toJsonPlugin } from '../platform/toJsonPlugin.js';

/** An e-mail kept in the development outbox instead of being sent. */
export interface OutboxMessageFields {
  _id: Types.ObjectId;
  /** The sender's idempotency key: the same message offered twice is stored once. */
  key: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  category: MailCategory;
  ticketId: Types.ObjectId | null;
  userId: Types.ObjectId | null;
  createdAt: Date;
}

const outboxMessageSchema = new Schema<OutboxMessageFields>(
  {
    key: { type: String, required: true, private: true },
    to: { type: String, required: true, lowercase: true, trim: true },
    from: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    html: { type: String, default: '' },
    category: { type: String, enum: MAIL_CATEGORIES, required: true },
    ticketId: { type: Schema.Types.ObjectId, ref: 'Ticket', default: null },
    userId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'dev_outbox' },
);
outboxMessageSchema.index({ key: 1 }, { unique: true });
outboxMessageSchema.index({ createdAt: -1, _id: -1 });
outboxMessageSchema.plugin(toJsonPlugin);

/** Collection `dev_outbox`. */
export const OutboxMessageModel = mongoose.model<OutboxMessageFields>('OutboxMessage', outboxMessageSchema);
