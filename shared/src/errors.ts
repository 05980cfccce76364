import { z } from 'zod';

/**
 * Stable error codes. Every transport maps these (HTTP status, socket ack,
 * workflow retry policy); nothing maps errors by their message text.
 */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'payload_too_large',
  /** A file whose type (decided from its bytes) is not accepted, or does not match what the upload claims. */
  'unsupported_media_type',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  /** Another request with the same Idempotency-Key is still running. */
  'idempotency_in_progress',
  /** The Idempotency-Key was used before for a different request. */
  'idempotency_key_reused',
  'rate_limited',
  'unavailable',
  'ai_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorDetailSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** The body of every error response: `{ error: { code, message, details? } }`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(errorDetailSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Turns zod issues into the `details` list of an error body. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
