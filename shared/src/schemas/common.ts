import { z } from 'zod';

/**
 * Text a person typed, to be stored or searched for: any string without NUL
 * characters, which no one types, which C-string consumers (logs, exports,
 * some database engines) cut at, and which the database refuses in a search.
 */
export function textSchema() {
  return z.string().regex(/^[^\0]*$/, 'must not contain NUL characters');
}

/** A MongoDB ObjectId as it travels in JSON and URLs: 24 hexadecimal characters. */
export const objectIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character hexadecimal id');
export type ObjectIdString = z.infer<typeof objectIdSchema>;

export const idParamsSchema = z.strictObject({ id: objectIdSchema });

/** A timestamp as it travels in JSON. */
export const isoDateSchema = z.iso.datetime({ offset: true });

export const MAX_PAGE_SIZE = 100;

/** `?page&limit` for every paginated list; query strings arrive as text, hence the coercion. */
export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});

/** The envelope of every paginated list response. */
export function paginatedSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
    totalPages: z.number().int(),
  });
}
export interface Paginated<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  totalPages: number;
}

/** A skill name as entered by a person: trimmed, lower-cased, short. */
export const skillSchema = textSchema()
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .transform((s) => s.toLowerCase());

export const skillListSchema = z
  .array(skillSchema)
  .max(30, 'at most 30 skills')
  .transform((skills) => [...new Set(skills)]);
