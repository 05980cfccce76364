import mongoose, { Schema, type Types } from 'mongoose';

/**
 * Dashboard counters: one document for all-time totals (`totals`) and one per UTC
 * day (`day:yyyy-mm-dd`), their fields nested counters written only by `$inc`.
 * `totals.seq` counts the writes, so a reconcile run can tell whether anyone wrote
 * while it was reading. Kept apart from the tickets so the dashboard reads a few
 * small documents by `_id`, the lookup every backend pushes down.
 */
export interface StatsCounterFields {
  _id: string;
  [field: string]: unknown;
}

const counterSchema = new Schema<StatsCounterFields>({ _id: { type: String, required: true } }, { strict: false, versionKey: false });

export const StatsCounterModel = mongoose.model<StatsCounterFields>('StatsCounter', counterSchema, 'stats_counters');

/**
 * The share of the counters a ticket was last counted with (see `ticketContribution`),
 * keyed by the ticket's id: what a change is diffed against, and what a reconcile
 * run sums to check the counters.
 */
export interface StatsShareFields {
  _id: Types.ObjectId;
  entries: string[];
}

const shareSchema = new Schema<StatsShareFields>({ _id: { type: Schema.Types.ObjectId, required: true }, entries: { type: [String], default: [] } }, { versionKey: false });

export const StatsShareModel = mongoose.model<StatsShareFields>('StatsShare', shareSchema, 'stats_shares');
