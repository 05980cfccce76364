import { TICKET_EVENT_TYPES, type TicketEventType } from '@relaydesk/shared';
import mongoose, { Schema, type Types } from 'mongoose';
import { toJsonPlugin } from '../platform/toJsonPlugin.js';

/** One entry of a ticket's append-only audit timeline. Never updated, never deleted. */
export interface TicketEventFields {
  _id: Types.ObjectId;
  ticket: Types.ObjectId;
  type: TicketEventType;
  /** Who did it; null for the system (workflows). */
  actor: Types.ObjectId | null;
  from: string | null;
  to: string | null;
  data: Record<string, unknown>;
  /**
   * Set by workflows: the run and step that wrote the entry, so a replayed step
   * does not write it twice (see `recordTicketEventOnce`). Never shown.
   */
  dedupeKey: string | null;
  createdAt: Date;
}

const ticketEventSchema = new Schema<TicketEventFields>(
  {
    ticket: { type: Schema.Types.ObjectId, ref: 'Ticket', required: true },
    type: { type: String, enum: TICKET_EVENT_TYPES, required: true },
    actor: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    from: { type: String, default: null },
    to: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: () => ({}) },
    dedupeKey: { type: String, default: null, private: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, minimize: false },
);
ticketEventSchema.index({ ticket: 1, createdAt: 1, _id: 1 });
ticketEventSchema.plugin(toJsonPlugin);

export const TicketEventModel = mongoose.model<TicketEventFields>('TicketEvent', ticketEventSchema);

/**
 * Which timeline entry a workflow step's `dedupeKey` wrote (`_id` = the key), so
 * `recordTicketEventOnce` checks and writes by `_id` alone: an equality on
 * `{ticket, dedupeKey}` reads the whole timeline collection on FerretDB's SQLite
 * backend, and that collection grows with every ticket ever filed.
 */
export interface TicketEventKeyFields {
  _id: string;
  event: Types.ObjectId;
}

const ticketEventKeySchema = new Schema<TicketEventKeyFields>(
  { _id: { type: String, required: true }, event: { type: Schema.Types.ObjectId, required: true } },
  { versionKey: false, collection: 'ticket_event_keys' },
);

export const TicketEventKeyModel = mongoose.model<TicketEventKeyFields>('TicketEventKey', ticketEventKeySchema);
