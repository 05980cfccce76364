import { z } from 'zod';
import { PRESENCE_STATUSES, ROLES } from '../enums.js';
import { userAbilitiesSchema } from './abilities.js';
import { isoDateSchema, objectIdSchema, paginationQuerySchema, skillListSchema, textSchema } from './common.js';

export const roleSchema = z.enum(ROLES);
export const presenceStatusSchema = z.enum(PRESENCE_STATUSES);

/** A moderator's running performance figures; they feed the assignment score. */
export const moderatorStatsSchema = z.object({
  totalResolved: z.number().int(),
  avgResolutionHours: z.number(),
  activeTickets: z.number().int(),
  lastAssignedAt: isoDateSchema.nullable(),
});
export type ModeratorStats = z.infer<typeof moderatorStatsSchema>;

/** A user as any API response shows it (never a password hash). */
export const userSchema = z.object({
  id: objectIdSchema,
  name: z.string(),
  email: z.email(),
  role: roleSchema,
  skills: z.array(z.string()),
  /** The presence the person chose; `offline` here means "appear offline". */
  presence: presenceStatusSchema,
  stats: moderatorStatsSchema,
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  /** What the caller may do to this user. */
  abilities: userAbilitiesSchema,
});
export type User = z.infer<typeof userSchema>;

/** The short form of a user embedded in tickets, comments and timelines. */
export const userRefSchema = z.object({
  id: objectIdSchema,
  name: z.string(),
  role: roleSchema,
});
export type UserRef = z.infer<typeof userRefSchema>;

export const userListQuerySchema = paginationQuerySchema.extend({
  role: roleSchema.optional(),
  q: textSchema().trim().max(100).optional(),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

/** What an admin may change on a user. */
export const userUpdateBodySchema = z
  .strictObject({
    role: roleSchema.optional(),
    skills: skillListSchema.optional(),
  })
  .refine((b) => b.role !== undefined || b.skills !== undefined, {
    message: 'give at least one of role or skills',
  });
export type UserUpdateBody = z.infer<typeof userUpdateBodySchema>;
