import { z } from 'zod';
import { APPLICATION_STATUSES } from '../enums.js';
import { isoDateSchema, objectIdSchema, paginationQuerySchema, skillListSchema, textSchema } from './common.js';
import { applicationAbilitiesSchema } from './abilities.js';
import { userRefSchema } from './user.js';

export const applicationStatusSchema = z.enum(APPLICATION_STATUSES);

export const modRequestCreateBodySchema = z.strictObject({
  skills: skillListSchema.refine((s) => s.length > 0, 'name at least one skill'),
  motivation: textSchema()
    .trim()
    .min(10, 'must be at least 10 characters')
    .max(2_000, 'must be at most 2000 characters'),
});
export type ModRequestCreateBody = z.infer<typeof modRequestCreateBodySchema>;

export const modRequestDecisionBodySchema = z.strictObject({
  status: z.enum(['approved', 'rejected']),
});
export type ModRequestDecisionBody = z.infer<typeof modRequestDecisionBodySchema>;

export const modRequestListQuerySchema = paginationQuerySchema.extend({
  status: applicationStatusSchema.optional(),
});
export type ModRequestListQuery = z.infer<typeof modRequestListQuerySchema>;

/** A user's application to become a moderator. */
export const modRequestSchema = z.object({
  id: objectIdSchema,
  user: userRefSchema,
  skills: z.array(z.string()),
  motivation: z.string(),
  status: applicationStatusSchema,
  reviewedBy: userRefSchema.nullable(),
  reviewedAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
  /** What the caller may do to this application. */
  abilities: applicationAbilitiesSchema,
});
export type ModRequest = z.infer<typeof modRequestSchema>;
