import { errorBodySchema, tokenPairSchema, type ErrorCode, type ErrorDetail, type TokenPair } from '@relaydesk/shared';
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
const REFRESH_TOKEN_KEY = 'relaydesk.refreshToken';

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStored(key: string, value: string | null): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // Storage can be unavailable (private mode); the session then lasts until reload.
  }
}

const tokenListeners = new Set<() => void>();

/**
 * Where the session's access token and refresh token live between reloads. Listeners
 * hear every change made in this tab (other tabs' changes arrive as `storage` events).
 */
export const tokenStore = {
  get(): string | null {
    return readStored(TOKEN_KEY);
  },
  getRefresh(): string | null {
    return readStored(REFRESH_TOKEN_KEY);
  },
  /** Sets the access token; null ends the session here, refresh token included. */
  set(token: string | null): void {
    writeStored(TOKEN_KEY, token);
    if (!token) writeStored(REFRESH_TOKEN_KEY, null);
    tokenListeners.forEach((listener) => listener());
  },
  /** Stores a new access token with the refresh token that renews it. */
  setPair(pair: TokenPair): void {
    writeStored(REFRESH_TOKEN_KEY, pair.refreshToken);
    this.set(pair.token);
  },
  /** Calls `listener` after every change made in this tab; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    tokenListeners.add(listener);
    return () => tokenListeners.delete(listener);
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

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(buildApiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'cannot reach the server; check your connection');
  }
}

let renewal: Promise<string | null> | null = null;

/** The new access token, or null when the server refused the refresh token; other failures reject. */
async function exchangeRefreshToken(): Promise<string | null> {
  const refreshToken = tokenStore.getRefresh();
  if (!refreshToken) return null;
  const response = await send('/auth/refresh', { method: 'POST', body: { refreshToken } }, null);
  const payload = await readJson(response);
  if (response.status === 401) return null;
  const pair = tokenPairSchema.safeParse(payload);
  if (!response.ok || !pair.success) throw errorFromResponse(response.status, payload);
  tokenStore.setPair(pair.data);
  return pair.data.token;
}

/**
 * Renews the access token with the stored refresh token, resolving with the new one, or
 * null when the session cannot go on; rejects with an ApiError when the server could not
 * be asked (offline, overloaded), which ends nothing. Single-flight: requests refused together share one
 * exchange, since a refresh token works only once and a second use would end the session.
 * When the stored token already differs from `stale`, someone renewed it meanwhile.
 */
export function renewAccessToken(stale: string | null = tokenStore.get()): Promise<string | null> {
  const current = tokenStore.get();
  if (current && current !== stale) return Promise.resolve(current);
  renewal ??= exchangeRefreshToken().finally(() => {
    renewal = null;
  });
  return renewal;
}

/**
 * Calls the JSON API with the stored bearer token. A 401 on a request that carried one
 * renews the token once and tries again; if that fails, the session has ended. Resolves
 * with the parsed body; rejects with an ApiError whatever went wrong, never with a raw
 * fetch error.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let token = tokenStore.get();
  let response = await send(path, options, token);
  if (response.status === 401 && token) {
    const renewed = await renewAccessToken(token);
    if (renewed) {
      token = renewed;
      response = await send(path, options, token);
    }
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
