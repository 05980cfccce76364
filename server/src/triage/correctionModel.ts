import { PRIORITIES, TRIAGE_CATEGORIES, type Priority, type TriageCategory } from '@relaydesk/shared';
import mongoose, { Schema, type Types } from 'mongoose';

/**
 * A person's correction of a triage, kept as a labelled example the local engine
 * learns from. One per ticket: a later correction replaces the earlier one, so a
 * ticket never counts twice.
 */
export interface TriageCorrectionFields {
  _id: Types.ObjectId;
  ticket: Types.ObjectId;
  title: string;
  description: string;
  priority: Priority;
  category: TriageCategory;
  relatedSkills: string[];
  correctedBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const triageCorrectionSchema = new Schema<TriageCorrectionFields>(
  {
    ticket: { type: Schema.Types.ObjectId, ref: 'Ticket', required: true, unique: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    priority: { type: String, enum: PRIORITIES, required: true },
    category: { type: String, enum: TRIAGE_CATEGORIES, required: true },
    relatedSkills: { type: [String], default: [] },
    correctedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true, collection: 'triage_corrections' },
);
triageCorrectionSchema.index({ updatedAt: -1 });

export const TriageCorrectionModel = mongoose.model<TriageCorrectionFields>('TriageCorrection', triageCorrectionSchema);
