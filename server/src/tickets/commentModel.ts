import mongoose, { Schema, type Types } from 'mongoose';
import { toJsonPlugin } from '../platform/toJsonPlugin.js';

export interface CommentFields {
  _id: Types.ObjectId;
  ticket: Types.ObjectId;
  author: Types.ObjectId;
  body: string;
  /** A staff-only note; absent on comments written before notes existed, which are public. */
  internal: boolean;
  createdAt: Date;
}

const commentSchema = new Schema<CommentFields>(
  {
    ticket: { type: Schema.Types.ObjectId, ref: 'Ticket', required: true },
    author: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    body: { type: String, required: true },
    internal: { type: Boolean, default: false },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
commentSchema.index({ ticket: 1, createdAt: 1, _id: 1 });
commentSchema.plugin(toJsonPlugin);

export const CommentModel = mongoose.model<CommentFields>('Comment', commentSchema);
