import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { errors } from '../../platform/errors.js';
import type { IdempotencyStore } from '../../platform/idempotency.js';
import { currentActor } from './auth.js';

/** 1 to 255 printable ASCII characters, as clients generate them (UUIDs, ULIDs, hashes). */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** JSON with object keys sorted, so the same body sent with its fields in another order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Makes a creating route safe to retry: with an `Idempotency-Key` header, the first
 * request under that key (per caller) runs and its response is kept; a retry with
 * the same method, path and body gets that response again (`Idempotent-Replayed:
 * true`) without running the route. The same key on a different request is
 * `idempotency_key_reused` (422); while the first is still running, another is
 * `idempotency_in_progress` (409). A server-side failure (5xx) is not kept, so the
 * retry runs. Mount after authentication.
 */
export function idempotent(store: IdempotencyStore): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('Idempotency-Key');
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      const message = 'must be 1 to 255 printable characters';
      throw errors.validation(`invalid Idempotency-Key header: ${message}`, [{ path: 'Idempotency-Key', message }]);
    }
    const callerId = currentActor(res).id;
    const fingerprint = store.fingerprint([req.method, `${req.baseUrl}${req.path}`, canonicalJson(req.body)]);
    const claim = await store.claim(callerId, key, fingerprint);
    if (claim.kind === 'replay') {
      res.status(claim.status).set('Idempotent-Replayed', 'true').type('json').send(claim.body);
      return;
    }
    if (claim.kind === 'in_progress') throw errors.idempotencyInProgress();
    if (claim.kind === 'mismatch') throw errors.idempotencyKeyReused();

    // The response is stored before it is sent, so a retry that follows it at once replays it.
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      const status = res.statusCode;
      const kept = status >= 500 ? store.release(callerId, key) : store.complete(callerId, key, { status, body: JSON.stringify(body) });
      // If keeping it fails the caller still gets its answer; the claim lapses with its lease.
      void kept.catch(() => undefined).then(() => send(body));
      return res;
    };
    next();
  };
}
