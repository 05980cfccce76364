import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { RefreshTokenModel, type RefreshTokenFields } from './refreshTokenModel.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** What using a refresh token found: a live token (now revoked, to be replaced), or why it cannot be used. */
export type RefreshOutcome =
  | { kind: 'rotated'; userId: string; family: string }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'reused'; userId: string };

/**
 * The refresh token store: the only code that reads or writes refresh tokens.
 * Only hashes are stored, so a copy of the collection signs nobody in.
 */
export function createRefreshTokenStore({ ttlDays }: { ttlDays: number }) {
  return {
    /** Issues a token for `userId`; a new session unless `family` continues one. Returns the opaque value. */
    async issue(userId: string, family: string = randomUUID()): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      const now = Date.now();
      await RefreshTokenModel.create({ user: userId, tokenHash: hashOf(token), family, expiresAt: new Date(now + ttlDays * DAY_MS) });
      // Expired tokens are of no use to anyone; they go when their owner next signs in or refreshes.
      await RefreshTokenModel.deleteMany({ user: userId, expiresAt: { $lt: new Date(now) } });
      return token;
    },

    /**
     * Uses a token once: a live one is revoked (the caller issues its successor in the
     * same family); one already revoked revokes its whole family, since someone holds a copy.
     */
    async use(token: string): Promise<RefreshOutcome> {
      const found = await RefreshTokenModel.findOne({ tokenHash: hashOf(token) }).lean<RefreshTokenFields>();
      if (!found) return { kind: 'invalid' };
      const userId = String(found.user);
      if (found.revokedAt) {
        await this.revokeFamily(found.family);
        return { kind: 'reused', userId };
      }
      if (found.expiresAt.getTime() <= Date.now()) return { kind: 'expired' };
      // Conditional on still being live, so two concurrent uses cannot both rotate it.
      const result = await RefreshTokenModel.updateOne({ _id: found._id, revokedAt: null }, { $set: { revokedAt: new Date() } });
      if (result.modifiedCount === 0) {
        await this.revokeFamily(found.family);
        return { kind: 'reused', userId };
      }
      return { kind: 'rotated', userId, family: found.family };
    },

    /** Ends the session `token` belongs to; an unknown token changes nothing. */
    async revokeSessionOf(token: string): Promise<void> {
      const found = await RefreshTokenModel.findOne({ tokenHash: hashOf(token) }).select('family').lean();
      if (found) await this.revokeFamily(found.family);
    },

    async revokeFamily(family: string): Promise<void> {
      await RefreshTokenModel.updateMany({ family, revokedAt: null }, { $set: { revokedAt: new Date() } });
    },

    /** Ends every session of a user. */
    async revokeAllOf(userId: string): Promise<void> {
      if (!Types.ObjectId.isValid(userId)) return;
      await RefreshTokenModel.updateMany({ user: userId, revokedAt: null }, { $set: { revokedAt: new Date() } });
    },
  };
}

export type RefreshTokenStore = ReturnType<typeof createRefreshTokenStore>;
