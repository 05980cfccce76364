import mongoose, { Schema, type Types } from 'mongoose';

/** Something the requester should hear about, copied when it happened (only what they may read). */
export interface PendingUpdateFields {
  /** What it was, e.g. `comment:<id>` or `status:<at>:<to>`; queuing the same key twice keeps one. */
  key: string;
  kind: 'reply' | 'status';
  /** A reply's author and text. */
  authorName?: string;
  body?: string;
  /** A status change. */
  from?: string;
  to?: string;
  at: Date;
}

/** Updates taken by one delivery (a workflow run), kept until its e-mail is sent. */
export interface DigestClaimFields {
  batchId: string;
  items: PendingUpdateFields[];
  at: Date;
}

/**
 * One per ticket, keyed by the ticket's id so every read and write is an `_id`
 * lookup (the one filter FerretDB pushes down everywhere). Written only under the
 * ticket's keyed lock, each change in one document write, so a process dying
 * between two writes leaves either the old or the new state, never half of each.
 */
export interface RequesterDigestFields {
  _id: Types.ObjectId;
  pending: PendingUpdateFields[];
  claims: DigestClaimFields[];
  /** The latest keys queued, so an update announced twice is queued once. */
  recentKeys: string[];
  /** Maintained for the start-up look for updates whose workflow event was lost. */
  hasPending: boolean;
  lastSentAt: Date | null;
}

const pendingUpdateSchema = new Schema<PendingUpdateFields>(
  {
    key: { type: String, required: true },
    kind: { type: String, enum: ['reply', 'status'], required: true },
    authorName: String,
    body: String,
    from: String,
    to: String,
    at: { type: Date, required: true },
  },
  { _id: false },
);

const requesterDigestSchema = new Schema<RequesterDigestFields>(
  {
    pending: { type: [pendingUpdateSchema], default: [] },
    claims: {
      type: [new Schema<DigestClaimFields>({ batchId: String, items: [pendingUpdateSchema], at: Date }, { _id: false })],
      default: [],
    },
    recentKeys: { type: [String], default: [] },
    hasPending: { type: Boolean, default: false },
    lastSentAt: { type: Date, default: null },
  },
  { collection: 'requester_digests', versionKey: false },
);

export const RequesterDigestModel = mongoose.model<RequesterDigestFields>('RequesterDigest', requesterDigestSchema);
