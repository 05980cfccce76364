import type { ErrorCode } from '@relaydesk/shared';
import { NonRetriableError } from 'inngest';
import { isDomainError } from '../platform/errors.js';

/** Domain errors a retry cannot fix: the thing is gone, the input is wrong, or it is not allowed. */
const NON_RETRIABLE: ReadonlySet<ErrorCode> = new Set(['not_found', 'validation_failed', 'forbidden']);

/**
 * The workflow mapping of errors: by code, never by message. Non-retriable domain
 * errors become Inngest's NonRetriableError (the in-process runner honours it too);
 * anything else is thrown as it is and retried.
 */
export function toWorkflowError(err: unknown): unknown {
  if (isDomainError(err) && NON_RETRIABLE.has(err.code)) {
    return new NonRetriableError(`${err.code}: ${err.message}`, { cause: err });
  }
  return err;
}

/** Whether a run should stop at once instead of retrying. */
export function isNonRetriable(err: unknown): boolean {
  return err instanceof NonRetriableError || (err instanceof Error && err.name === 'NonRetriableError');
}

/** An error as a run keeps it: plain fields, with the domain code when there is one. */
export function describeWorkflowError(err: unknown): { name: string; message: string; code: string | null } {
  const cause = err instanceof NonRetriableError ? err.cause : err;
  const code = isDomainError(cause) ? cause.code : null;
  if (err instanceof Error) return { name: err.name, message: err.message.slice(0, 2_000), code };
  return { name: 'Error', message: String(err).slice(0, 2_000), code };
}
