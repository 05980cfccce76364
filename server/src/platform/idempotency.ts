import { createHash } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';

/**
 * One client-chosen Idempotency-Key of one caller: the request it was first used
 * for (as a fingerprint) and, once answered, the response to replay. `_id` is the
 * hash of caller and key, so the database's unique `_id` lets exactly one request
 * claim a key. FerretDB has no TTL indexes: `expiresAt` is checked on read instead.
 */
interface IdempotencyRecordFields {
  _id: string;
  fingerprint: string;
  state: 'in_progress' | 'done';
  status: number | null;
  body: string | null;
  /** While in progress: after this a crashed claim may be taken over. */
  leaseUntil: Date;
  expiresAt: Date;
}

const idempotencySchema = new Schema<IdempotencyRecordFields>(
  {
    _id: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, enum: ['in_progress', 'done'], required: true },
    status: { type: Number, default: null },
    body: { type: String, default: null },
    leaseUntil: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'idempotencykeys' },
);

const IdempotencyModel = mongoose.model<IdempotencyRecordFields>('IdempotencyKey', idempotencySchema);

/** What claiming a key found. */
export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

export interface IdempotencyStoreOptions {
  /** How long an answered key replays its response. */
  ttlMs: number;
  /** How long a claim stays exclusive without an answer (a process that died mid-request). */
  leaseMs: number;
  now?: () => Date;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

const isDuplicateKey = (err: unknown) => (err as { code?: unknown } | null)?.code === 11000;

/** Stores Idempotency-Keys per caller in MongoDB, expiring them by timestamp. */
export function createIdempotencyStore({ ttlMs, leaseMs, now = () => new Date() }: IdempotencyStoreOptions) {
  const idOf = (callerId: string, key: string) => hash(`${callerId}\n${key}`);

  return {
    /** A stable digest of what a request asks for, to tell a retry from another request under the same key. */
    fingerprint: (parts: readonly string[]) => hash(parts.join('\n')),

    /**
     * Claims the key for this request, or says why not: an answered request (replay
     * it), one still running, or a different request under the same key.
     */
    async claim(callerId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
      const _id = idOf(callerId, key);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const at = now();
        try {
          await IdempotencyModel.create({
            _id,
            fingerprint,
            state: 'in_progress',
            leaseUntil: new Date(at.getTime() + leaseMs),
            expiresAt: new Date(at.getTime() + ttlMs),
          });
          return { kind: 'claimed' };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        const existing = await IdempotencyModel.findById(_id).lean();
        if (!existing) continue;
        const isExpired = existing.expiresAt <= at;
        const isAbandoned = existing.state === 'in_progress' && existing.leaseUntil <= at;
        if (isExpired || isAbandoned) {
          // Conditional on what was read, so two takers cannot both delete and claim.
          await IdempotencyModel.deleteOne({ _id, state: existing.state, leaseUntil: existing.leaseUntil, expiresAt: existing.expiresAt });
          continue;
        }
        if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
        if (existing.state === 'done') return { kind: 'replay', status: existing.status!, body: existing.body! };
        return { kind: 'in_progress' };
      }
      return { kind: 'in_progress' };
    },

    /** Keeps the response of a claimed key for replay. */
    async complete(callerId: string, key: string, response: { status: number; body: string }): Promise<void> {
      await IdempotencyModel.updateOne(
        { _id: idOf(callerId, key), state: 'in_progress' },
        { $set: { state: 'done', status: response.status, body: response.body } },
      );
    },

    /** Gives a claimed key up (the request failed on the server's side), so a retry runs again. */
    async release(callerId: string, key: string): Promise<void> {
      await IdempotencyModel.deleteOne({ _id: idOf(callerId, key), state: 'in_progress' });
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
