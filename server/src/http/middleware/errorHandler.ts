import { constants as zlibConstants } from 'node:zlib';
import type { ErrorBody, ErrorCode } from '@relaydesk/shared';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, isDomainError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';

export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  idempotency_in_progress: 409,
  idempotency_key_reused: 422,
  rate_limited: 429,
  unavailable: 503,
  ai_unavailable: 503,
  internal: 500,
};

/** The properties http-errors, body-parser and zlib put on the errors they raise. */
interface TaggedError {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  code?: unknown;
  encoding?: unknown;
  charset?: unknown;
}

/** zlib's error codes (Z_DATA_ERROR, Z_BUF_ERROR...): a body that does not decompress. */
const ZLIB_ERROR_CODES = new Set(
  Object.entries(zlibConstants)
    .filter(([name, value]) => name.startsWith('Z_') && value < 0)
    .map(([name]) => name),
);

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
};

/** Errors raised by express.json() carry a `type`; these are the caller's fault. */
function fromBodyParser(err: TaggedError, req: Request): DomainError | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return new DomainError('malformed_json', 'the request body is not valid JSON');
    case 'entity.too.large':
      return new DomainError('payload_too_large', 'the request body is too large (limit 100 kB)');
    case 'encoding.unsupported':
      return new DomainError(
        'validation_failed',
        `the request body's content encoding "${String(err.encoding)}" is not supported; send it uncompressed or as gzip, deflate or br`,
      );
    case 'charset.unsupported':
      return new DomainError('validation_failed', `the request body's charset "${String(err.charset)}" is not supported; send UTF-8 JSON`);
    case 'request.aborted':
      return new DomainError('validation_failed', 'the request was aborted');
  }
  // body-parser passes zlib's own error on (with status 400 and no type) when a body does not decompress.
  if (typeof err.code === 'string' && ZLIB_ERROR_CODES.has(err.code)) {
    const encoding = req.headers['content-encoding'] ?? 'compressed';
    return new DomainError('validation_failed', `the request body is not valid ${encoding} data (Content-Encoding: ${encoding})`);
  }
  return null;
}

/** Errors the caller caused but that did not come from our code: unreadable URLs, other http-errors. */
function fromRequestParsing(err: TaggedError): DomainError | null {
  // The router throws a URIError (status 400) when a path parameter is not valid percent-encoded UTF-8.
  if (err instanceof URIError) return new DomainError('validation_failed', 'the URL path contains a broken percent-encoding');
  // http-errors marks the 4xx errors it creates as safe to show; their status says whose fault it was.
  if (err.expose === true && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    return new DomainError(STATUS_CODES[err.status] ?? 'validation_failed', 'the request could not be read');
  }
  return null;
}

/** Maps every error to the one JSON error shape; internals never reach the caller. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const tagged = typeof err === 'object' && err !== null ? (err as TaggedError) : null;
    const known =
      (isDomainError(err) ? err : null) ?? (tagged ? (fromBodyParser(tagged, req) ?? fromRequestParsing(tagged)) : null);
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
