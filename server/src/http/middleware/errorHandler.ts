import type { ErrorBody, ErrorCode } from '@relaydesk/shared';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, isDomainError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';

export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Errors raised by express.json() carry a `type`; these are the caller's fault. */
function fromBodyParser(err: { type?: string; status?: number }): DomainError | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return new DomainError('malformed_json', 'the request body is not valid JSON');
    case 'entity.too.large':
      return new DomainError('payload_too_large', 'the request body is too large (limit 100 kB)');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError('validation_failed', 'the request body encoding is not supported; send UTF-8 JSON');
    case 'request.aborted':
      return new DomainError('validation_failed', 'the request was aborted');
    default:
      return null;
  }
}

/** Maps every error to the one JSON error shape; internals never reach the caller. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const known =
      (isDomainError(err) ? err : null) ?? (typeof err === 'object' && err ? fromBodyParser(err as { type?: string }) : null);
    if (known) {
      const body: ErrorBody = { error: { code: known.code, message: known.message, details: known.details } };
      res.status(HTTP_STATUS[known.code]).json(body);
      return;
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    const body: ErrorBody = { error: { code: 'internal', message: 'something went wrong on our side' } };
    res.status(500).json(body);
  };
}

export function apiNotFound(req: Request, res: Response) {
  const body: ErrorBody = { error: { code: 'not_found', message: `no such endpoint: ${req.method} ${req.path}` } };
  res.status(404).json(body);
}
