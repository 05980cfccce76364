import mongoose, { Schema, type Types } from 'mongoose';

/**
 * One refresh token, stored as the SHA-256 of the opaque value the client holds.
 * Tokens rotated from one login share a `family`: the session. A token used a
 * second time means it was copied, so the whole family is revoked.
 */
export interface RefreshTokenFields {
  _id: Types.ObjectId;
  user: Types.ObjectId;
  tokenHash: string;
  family: string;
  expiresAt: Date;
  /** Set when the token was used (rotated) or its session ended; a revoked token never works again. */
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const refreshTokenSchema = new Schema<RefreshTokenFields>(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    tokenHash: { type: String, required: true },
    family: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
refreshTokenSchema.index({ tokenHash: 1 }, { unique: true });
refreshTokenSchema.index({ user: 1, revokedAt: 1 });
refreshTokenSchema.index({ family: 1 });

export const RefreshTokenModel = mongoose.model<RefreshTokenFields>('RefreshToken', refreshTokenSchema);
