import { z } from 'zod';
import { cannedReplyAbilitiesSchema } from './abilities.js';
import { isoDateSchema, objectIdSchema, textSchema } from './common.js';

export const CANNED_REPLY_TITLE_MAX = 120;
export const CANNED_REPLY_BODY_MAX = 5_000;

/** A placeholder a canned reply's body may carry, filled in when it is inserted. */
export const CANNED_REPLY_PLACEHOLDERS = ['requester.name', 'ticket.number', 'agent.name'] as const;
export type CannedReplyPlaceholder = (typeof CANNED_REPLY_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([a-z.]+)\s*\}\}/gi;

/** Placeholders in a body that are not among CANNED_REPLY_PLACEHOLDERS. */
export function unknownPlaceholders(body: string): string[] {
  return [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !(CANNED_REPLY_PLACEHOLDERS as readonly string[]).includes(name));
}

/** The body with each known placeholder replaced by its value; unknown ones stay as written. */
export function fillPlaceholders(body: string, values: Partial<Record<CannedReplyPlaceholder, string>>): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => values[name as CannedReplyPlaceholder] ?? whole);
}

const titleSchema = textSchema().trim().min(1, 'must not be empty').max(CANNED_REPLY_TITLE_MAX, `must be at most ${CANNED_REPLY_TITLE_MAX} characters`);
const bodySchema = textSchema()
  .trim()
  .min(1, 'must not be empty')
  .max(CANNED_REPLY_BODY_MAX, `must be at most ${CANNED_REPLY_BODY_MAX} characters`)
  .refine((body) => unknownPlaceholders(body).length === 0, {
    message: `unknown placeholder; use ${CANNED_REPLY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
  });

export const cannedReplyCreateBodySchema = z.strictObject({ title: titleSchema, body: bodySchema });
export type CannedReplyCreateBody = z.infer<typeof cannedReplyCreateBodySchema>;

export const cannedReplyUpdateBodySchema = z
  .strictObject({ title: titleSchema.optional(), body: bodySchema.optional() })
  .refine((b) => b.title !== undefined || b.body !== undefined, { message: 'give at least one of title or body' });
export type CannedReplyUpdateBody = z.infer<typeof cannedReplyUpdateBodySchema>;

export const cannedReplyListQuerySchema = z.object({
  q: textSchema().trim().max(100, 'must be at most 100 characters').optional(),
});
export type CannedReplyListQuery = z.infer<typeof cannedReplyListQuerySchema>;

/** A saved answer staff insert into a reply. */
export const cannedReplySchema = z.object({
  id: objectIdSchema,
  title: z.string(),
  body: z.string(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  abilities: cannedReplyAbilitiesSchema,
});
export type CannedReply = z.infer<typeof cannedReplySchema>;
