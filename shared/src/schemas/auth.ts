import { z } from 'zod';
import { workspaceAbilitiesSchema } from './abilities.js';
import { textSchema } from './common.js';
import { presenceStatusSchema, userSchema } from './user.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const emailSchema = z
  .email('must be a valid email address')
  .max(254)
  .transform((e) => e.toLowerCase());

export const signupBodySchema = z.strictObject({
  name: textSchema().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  email: emailSchema,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`),
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
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const authResponseSchema = sessionResponseSchema.extend({
  token: z.string(),
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

export const presenceBodySchema = z.strictObject({ status: presenceStatusSchema });
export type PresenceBody = z.infer<typeof presenceBodySchema>;
