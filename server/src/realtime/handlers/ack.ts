import { describeIssues, type Ack } from '@relaydesk/shared';
import type { z } from 'zod';
import { isDomainError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';

type ErrorAck = Extract<Ack, { error: unknown }>;

/** Maps any failure to an error acknowledgement; internals never reach the client. */
export function toAckError(err: unknown, logger: Logger, event: string): ErrorAck {
  if (isDomainError(err)) return { error: { code: err.code, message: err.message } };
  logger.error({ err, event }, 'socket event handler failed');
  return { error: { code: 'internal', message: 'something went wrong on our side' } };
}

export interface AcknowledgedOptions<S extends z.ZodType> {
  event: string;
  schema: S;
  logger: Logger;
  /** Whether this socket may send another event now; a refusal is acknowledged as `rate_limited`. */
  allow?: () => boolean;
}

/**
 * Wraps a client event handler in the contract every client event keeps: exactly one
 * payload and an acknowledgement callback; the payload parsed with its shared schema;
 * `{ ok: true }` on success, `{ error: { code, message } }` otherwise. A message without
 * a callback is dropped: there is no way to tell its sender why. Nothing a client sends
 * can make the handler throw.
 */
export function acknowledged<S extends z.ZodType>(
  { event, schema, logger, allow }: AcknowledgedOptions<S>,
  handle: (body: z.infer<S>) => Promise<void>,
): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') {
      logger.debug({ event }, 'socket event without acknowledgement ignored');
      return;
    }
    const reply = (res: Ack) => (ack as (res: Ack) => void)(res);
    if (allow && !allow()) {
      reply({ error: { code: 'rate_limited', message: 'too many messages; slow down' } });
      return;
    }
    if (args.length !== 2) {
      reply({ error: { code: 'validation_failed', message: `${event} takes one payload object and an acknowledgement` } });
      return;
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      const summary = describeIssues(parsed.error.issues)
        .map((d) => `${d.path}: ${d.message}`)
        .join('; ');
      reply({ error: { code: 'validation_failed', message: `invalid ${event} payload: ${summary}` } });
      return;
    }
    handle(parsed.data).then(
      () => reply({ ok: true }),
      (err: unknown) => reply(toAckError(err, logger, event)),
    );
  };
}

/** A fixed-window counter: at most `limit` events per `windowMs` per socket. */
export function createEventBudget(limit: number, windowMs: number, now: () => number = Date.now): () => boolean {
  let windowStart = now();
  let used = 0;
  return () => {
    const at = now();
    if (at - windowStart >= windowMs) {
      windowStart = at;
      used = 0;
    }
    used += 1;
    return used <= limit;
  };
}
