import { errorBodySchema, type ErrorCode, type ErrorDetail } from '@relaydesk/shared';
import { env } from '../env.js';

/** Codes an ApiError may carry: the server's stable codes plus the two the browser itself detects. */
type ApiErrorCode = ErrorCode | 'network' | 'bad_response';

/** A failed API call, carrying the server's stable error code and per-field details. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
  }
}

/** Narrows an unknown thrown value to an ApiError. */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

const TOKEN_KEY = 'relaydesk.token';

/** Where the session token lives between reloads. */
export const tokenStore = {
  get(): string | null {
    try {
      return localStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(token: string | null): void {
    try {
      if (token) localStorage.setItem(TOKEN_KEY, token);
      else localStorage.removeItem(TOKEN_KEY);
    } catch {
      // Storage can be unavailable (private mode); the session then lasts until reload.
    }
  },
};

type UnauthenticatedListener = (error: ApiError) => void;
let onUnauthenticated: UnauthenticatedListener | null = null;

/**
 * Registers what happens when a request that carried a token is refused with 401
 * (expired or revoked session). Returns a function that unregisters it.
 */
export function setUnauthenticatedHandler(listener: UnauthenticatedListener | null): () => void {
  onUnauthenticated = listener;
  return () => {
    if (onUnauthenticated === listener) onUnauthenticated = null;
  };
}

/** A query-string value; undefined, null and empty strings are left out. */
type QueryValue = string | number | boolean | null | undefined;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

/** Builds `/api/...?...` with empty filters dropped, so cache keys and URLs stay canonical. */
export function buildApiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${env.apiOrigin}/api${path}${search ? `?${search}` : ''}`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorFromResponse(status: number, payload: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(payload);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(status, code, message, details ?? []);
  }
  if (status === 404) return new ApiError(status, 'not_found', 'no such endpoint');
  if (status === 401) return new ApiError(status, 'unauthenticated', 'please log in again');
  if (status === 429) return new ApiError(status, 'rate_limited', 'too many requests; try again later');
  if (status >= 500) return new ApiError(status, 'unavailable', 'the server is not answering properly; try again shortly');
  return new ApiError(status, 'bad_response', `unexpected answer from the server (HTTP ${status})`);
}

/**
 * Calls the JSON API with the stored bearer token. Resolves with the parsed body;
 * rejects with an ApiError whatever went wrong, never with a raw fetch error.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = tokenStore.get();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(buildApiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'cannot reach the server; check your connection');
  }

  const payload = await readJson(response);
  if (response.ok) return payload as T;

  const error = errorFromResponse(response.status, payload);
  // Only a request that carried a token can mean "your session ended"; a failed login is just a failed login.
  if (error.status === 401 && token && tokenStore.get() === token) onUnauthenticated?.(error);
  throw error;
}

/** A message fit to show a person for any error a query or mutation may reject with. */
export function describeError(error: unknown): string {
  if (isApiError(error)) return capitalize(error.message);
  if (error instanceof Error) return capitalize(error.message);
  return 'Something went wrong.';
}

function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
