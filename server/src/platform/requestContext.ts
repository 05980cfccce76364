import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What the work under way belongs to: the HTTP request that started it, and the
 * workflow run when a runner executes one. Carried by AsyncLocalStorage, so code
 * deep in a service logs it without receiving it as an argument.
 */
export interface RequestContext {
  requestId: string;
  /** Set while a workflow run executes. */
  runId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `context` as the current request context, for everything it awaits or schedules. */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The current request context, or undefined outside any request or run. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The id of the request the current work belongs to, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Short and of a safe charset, so a caller's id can go into logs and headers as it is. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `X-Request-Id` when it is acceptable, otherwise a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate !== undefined && ACCEPTABLE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}
