import mongoose, { Schema, type Types } from 'mongoose';

/** A saved answer staff insert into their replies. */
export interface CannedReplyFields {
  _id: Types.ObjectId;
  title: string;
  body: string;
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const cannedReplySchema = new Schema<CannedReplyFields>(
  {
    title: { type: String, required: true, trim: true },
    body: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true, collection: 'canned_replies' },
);

export const CannedReplyModel = mongoose.model<CannedReplyFields>('CannedReply', cannedReplySchema);
