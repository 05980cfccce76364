import { vi } from 'vitest';

/** What a fake endpoint sees of a request. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

/** What a fake endpoint answers: a status and a JSON body (or raw text). */
interface FakeResponse {
  status?: number;
  body?: unknown;
  text?: string;
}

type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/**
 * Replaces global fetch with a table of `"METHOD /api/path"` handlers. Paths
 * may end in `/:id`-style segments written as `*`. Unknown routes answer the
 * server's JSON 404. Every request is recorded for assertions.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const requests: FakeRequest[] = [];
  const compiled = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}$`);
    return { method, regex, handler };
  });

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.toString(), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const request: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      headers: new Headers(init.headers),
    };
    requests.push(request);
    const route = compiled.find((r) => r.method === method && r.regex.test(url.pathname));
    const answer: FakeResponse = route
      ? await route.handler(request)
      : { status: 404, body: { error: { code: 'not_found', message: `no such endpoint: ${method} ${url.pathname}` } } };
    const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    const status = answer.status ?? 200;
    // A 204 may carry no body at all; Response refuses even an empty one.
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);

  return {
    requests,
    /** Requests to one path, optionally of one method. */
    to(path: string, method = 'GET') {
      return requests.filter((r) => r.path === path && r.method === method);
    },
  };
}

/** The server's validation error body. */
export function validationError(details: Array<{ path: string; message: string }>): FakeResponse {
  return {
    status: 400,
    body: {
      error: {
        code: 'validation_failed',
        message: `invalid request body: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
        details,
      },
    },
  };
}
