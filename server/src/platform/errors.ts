import type { ErrorCode, ErrorDetail } from '@relaydesk/shared';

/**
 * A failure the caller can act on, with a stable code. Services throw these;
 * each transport (HTTP, socket ack, workflow) maps the code, never the message.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

export const errors = {
  validation: (message: string, details?: ErrorDetail[]) => new DomainError('validation_failed', message, details),
  unauthenticated: (message = 'authentication required') => new DomainError('unauthenticated', message),
  forbidden: (message = 'you may not do this') => new DomainError('forbidden', message),
  notFound: (what: string) => new DomainError('not_found', `${what} not found`),
  conflict: (message: string) => new DomainError('conflict', message),
  payloadTooLarge: (message: string) => new DomainError('payload_too_large', message),
  unsupportedMediaType: (message: string) => new DomainError('unsupported_media_type', message),
  unavailable: (message: string) => new DomainError('unavailable', message),
  idempotencyInProgress: () =>
    new DomainError('idempotency_in_progress', 'a request with this Idempotency-Key is still being processed; retry shortly'),
  idempotencyKeyReused: () =>
    new DomainError('idempotency_key_reused', 'this Idempotency-Key was already used for a different request'),
};

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
