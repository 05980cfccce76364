import type { BusinessHours, Priority, SlaTarget } from '@relaydesk/shared';
import mongoose, { Schema, type Types } from 'mongoose';

/** The one stored policy (`_id: 'current'`); absent until an admin first saves one. */
export interface SlaPolicyFields {
  _id: string;
  targets: Record<Priority, SlaTarget>;
  businessHours: BusinessHours | null;
  updatedBy: Types.ObjectId | null;
  updatedAt: Date;
}

/** One saved change, kept for the record: who, when, and the policy before and after. */
export interface SlaPolicyChangeFields {
  _id: Types.ObjectId;
  changedBy: Types.ObjectId;
  before: string;
  after: string;
  /** Open tickets whose clocks were planned again. */
  ticketsReplanned: number;
  createdAt: Date;
}

const slaPolicySchema = new Schema<SlaPolicyFields>(
  {
    _id: { type: String, required: true },
    // Kept as plain data: the shared schema validates it on the way in.
    targets: { type: Schema.Types.Mixed, required: true },
    businessHours: { type: Schema.Types.Mixed, default: null },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'sla_policies', minimize: false },
);

const slaPolicyChangeSchema = new Schema<SlaPolicyChangeFields>(
  {
    changedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    before: { type: String, required: true },
    after: { type: String, required: true },
    ticketsReplanned: { type: Number, default: 0 },
  },
  { collection: 'sla_policy_changes', timestamps: { createdAt: true, updatedAt: false } },
);

export const SlaPolicyModel = mongoose.model<SlaPolicyFields>('SlaPolicy', slaPolicySchema);
export const SlaPolicyChangeModel = mongoose.model<SlaPolicyChangeFields>('SlaPolicyChange', slaPolicyChangeSchema);
