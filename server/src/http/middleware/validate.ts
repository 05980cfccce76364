import { describeIssues } from '@relaydesk/shared';
import type { z } from 'zod';
import { errors } from '../../platform/errors.js';

type Part = 'body' | 'query' | 'path';

/**
 * Parses one part of a request with its shared schema. A failure is a 400 whose
 * message names each offending field, and whose details list them.
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: Part): z.infer<S> {
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const details = describeIssues(result.error.issues);
  const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  throw errors.validation(`invalid request ${part}: ${summary}`, details);
}
