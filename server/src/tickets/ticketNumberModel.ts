import mongoose, { Schema, type Types } from 'mongoose';

/**
 * Which ticket carries a filing number: `_id` is the number as a string, so finding
 * `#1042`, or the twenty newest tickets, is a handful of lookups by `_id`. FerretDB
 * serves those from an index on both of its backends (a string `_id` is the only
 * filter its SQLite backend hands to the database), where an equality on any other
 * field reads the whole tickets collection. A list, because two tickets can share a
 * number after a Redis outage (see filingNumbers.ts).
 */
export interface TicketNumberFields {
  _id: string;
  tickets: Types.ObjectId[];
}

const ticketNumberSchema = new Schema<TicketNumberFields>(
  {
    _id: { type: String, required: true },
    tickets: { type: [Schema.Types.ObjectId], required: true },
  },
  { versionKey: false, collection: 'ticket_numbers' },
);

export const TicketNumberModel = mongoose.model<TicketNumberFields>('TicketNumber', ticketNumberSchema);
