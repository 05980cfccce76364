import { z } from 'zod';
import { workspaceAbilitiesSchema } from './abilities.js';
import { textSchema } from './common.js';
import { userPreferencesSchema } from './preferences.js';
import { presenceStatusSchema, userSchema } from './user.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const emailSchema = z
  .email('must be a valid email address')
  .max(254)
  .transform((e) => e.toLowerCase());

/** What a new password must be, at signup and when changing it. */
const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const signupBodySchema = z.strictObject({
  name: textSchema().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignupBody = z.infer<typeof signupBodySchema>;

export const loginBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, 'must not be empty').max(PASSWORD_MAX_LENGTH),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

/** The signed-in person and what they may do across the product (`GET /api/auth/me`). */
export const sessionResponseSchema = z.object({
  user: userSchema,
  abilities: workspaceAbilitiesSchema,
  /** The signed-in person's own settings. */
  preferences: userPreferencesSchema,
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

/** An opaque refresh token as the client sends it back; the server issues 43-character base64url strings. */
const refreshTokenSchema = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const authResponseSchema = sessionResponseSchema.extend({
  token: z.string(),
  /** Trades for a new access token at `POST /api/auth/refresh`; each one works once. */
  refreshToken: z.string(),
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

/** A short-lived access token and the refresh token that replaces it. */
export const tokenPairSchema = z.object({ token: z.string(), refreshToken: z.string() });
export type TokenPair = z.infer<typeof tokenPairSchema>;

/** `POST /api/auth/refresh`. */
export const refreshBodySchema = z.strictObject({ refreshToken: refreshTokenSchema });
export type RefreshBody = z.infer<typeof refreshBodySchema>;

/** `POST /api/auth/logout`: the session's refresh token, when the client has one. */
export const logoutBodySchema = z.strictObject({ refreshToken: refreshTokenSchema.optional() });
export type LogoutBody = z.infer<typeof logoutBodySchema>;

/** `PATCH /api/auth/password`; the new password follows the signup rules. */
export const passwordChangeBodySchema = z.strictObject({
  currentPassword: z.string().min(1, 'must not be empty').max(PASSWORD_MAX_LENGTH),
  newPassword: newPasswordSchema,
});
export type PasswordChangeBody = z.infer<typeof passwordChangeBodySchema>;

export const presenceBodySchema = z.strictObject({ status: presenceStatusSchema });
export type PresenceBody = z.infer<typeof presenceBodySchema>;
