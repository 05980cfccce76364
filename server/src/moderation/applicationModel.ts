import { APPLICATION_STATUSES, type ApplicationStatus } from '@relaydesk/shared';
import mongoose, { Schema, type Types } from 'mongoose';
import { toJsonPlugin } from '../platform/toJsonPlugin.js';

/** Marks the one application a user may have pending; see `openSlot`. */
export const PENDING_SLOT = 'pending';

export interface ModeratorApplicationFields {
  _id: Types.ObjectId;
  user: Types.ObjectId;
  skills: string[];
  motivation: string;
  status: ApplicationStatus;
  reviewedBy: Types.ObjectId | null;
  reviewedAt: Date | null;
  /**
   * `pending` while undecided, the application's own id once decided. With the
   * unique index on (user, openSlot) the database itself refuses a second
   * pending application, even under concurrent requests; a partial unique
   * index would say this more directly, but FerretDB does not support one.
   */
  openSlot: string;
  createdAt: Date;
  updatedAt: Date;
}

const applicationSchema = new Schema<ModeratorApplicationFields>(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    skills: { type: [String], default: [] },
    motivation: { type: String, required: true },
    status: { type: String, enum: APPLICATION_STATUSES, default: 'pending', required: true },
    reviewedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    reviewedAt: { type: Date, default: null },
    openSlot: { type: String, default: PENDING_SLOT, required: true, private: true },
  },
  { timestamps: true },
);
applicationSchema.index({ user: 1, openSlot: 1 }, { unique: true });
applicationSchema.index({ user: 1, createdAt: -1 });
applicationSchema.index({ status: 1, createdAt: -1 });
applicationSchema.plugin(toJsonPlugin);

export const ModeratorApplicationModel = mongoose.model<ModeratorApplicationFields>(
  'ModeratorApplication',
  applicationSchema,
);
