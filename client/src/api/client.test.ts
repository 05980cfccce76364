import { describe, expect, it, vi } from 'vitest';
import { fakeApi, validationError } from '../test/fakeApi.js';
import { ApiError, apiRequest, buildApiUrl, describeError, renewAccessToken, setUnauthenticatedHandler, tokenStore } from './client.js';
import { applyServerErrors, fieldErrorMessage } from './formErrors.js';

describe('apiRequest', () => {
  it('sends the stored token and a JSON body, and resolves with the parsed answer', async () => {
    const api = fakeApi({ 'POST /api/tickets': () => ({ status: 201, body: { ticket: { id: 't1' } } }) });
    tokenStore.set('abc.def.ghi');
    const result = await apiRequest<{ ticket: { id: string } }>('/tickets', { method: 'POST', body: { title: 'Hi' } });
    expect(result.ticket.id).toBe('t1');
    const [request] = api.requests;
    expect(request?.headers.get('Authorization')).toBe('Bearer abc.def.ghi');
    expect(request?.headers.get('Content-Type')).toBe('application/json');
    expect(request?.body).toEqual({ title: 'Hi' });
  });

  it('leaves empty filters out of the query string', () => {
    expect(buildApiUrl('/tickets', { page: 2, status: undefined, q: '', priority: null, limit: 10 })).toBe('/api/tickets?page=2&limit=10');
  });

  it('turns a validation error body into an ApiError with its code and field details', async () => {
    fakeApi({ 'POST /api/auth/signup': () => validationError([{ path: 'email', message: 'must be a valid email address' }]) });
    const error = await apiRequest('/auth/signup', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', details: [{ path: 'email', message: 'must be a valid email address' }] });
  });

  it('reports a non-JSON gateway error as "unavailable", not as a crash', async () => {
    fakeApi({ 'GET /api/tickets': () => ({ status: 502, text: '<html>Bad Gateway</html>' }) });
    await expect(apiRequest('/tickets')).rejects.toMatchObject({ status: 502, code: 'unavailable' });
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const error = await apiRequest('/tickets').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network' });
    expect(describeError(error)).toBe('Cannot reach the server; check your connection');
  });

  it('tells the session when a request carrying a token is refused with 401', async () => {
    fakeApi({ 'GET /api/auth/me': () => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'the session has expired' } } }) });
    const onExpired = vi.fn();
    const unregister = setUnauthenticatedHandler(onExpired);
    tokenStore.set('old-token');
    await expect(apiRequest('/auth/me')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(onExpired).toHaveBeenCalledTimes(1);
    unregister();
  });

  it('does not treat a failed log-in (no token sent) as an expired session', async () => {
    fakeApi({ 'POST /api/auth/login': () => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'wrong email or password' } } }) });
    const onExpired = vi.fn();
    const unregister = setUnauthenticatedHandler(onExpired);
    await expect(apiRequest('/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({ message: 'wrong email or password' });
    expect(onExpired).not.toHaveBeenCalled();
    unregister();
  });
});

describe('renewing the access token after a 401', () => {
  const refused = { status: 401, body: { error: { code: 'unauthenticated', message: 'invalid or expired token' } } };
  const bearerOf = (request: { headers: Headers }) => request.headers.get('Authorization');

  it('trades the refresh token once, stores the new pair and retries the request with the new token', async () => {
    const api = fakeApi({
      'GET /api/tickets': (request) => (bearerOf(request) === 'Bearer new-access' ? { body: { items: ['t1'] } } : refused),
      'POST /api/auth/refresh': () => ({ body: { token: 'new-access', refreshToken: 'new-refresh' } }),
    });
    const onExpired = vi.fn();
    const unregister = setUnauthenticatedHandler(onExpired);
    tokenStore.setPair({ token: 'old-access', refreshToken: 'old-refresh' });

    await expect(apiRequest('/tickets')).resolves.toEqual({ items: ['t1'] });
    expect(api.to('/api/auth/refresh', 'POST').map((r) => r.body)).toEqual([{ refreshToken: 'old-refresh' }]);
    expect(api.to('/api/auth/refresh', 'POST').map(bearerOf)).toEqual([null]);
    expect(api.to('/api/tickets').map(bearerOf)).toEqual(['Bearer old-access', 'Bearer new-access']);
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual(['new-access', 'new-refresh']);
    expect(onExpired).not.toHaveBeenCalled();
    unregister();
  });

  it('lets requests refused together share one refresh, since a refresh token works only once', async () => {
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const api = fakeApi({
      'GET /api/tickets': (request) => (bearerOf(request) === 'Bearer new-access' ? { body: { items: [] } } : refused),
      'GET /api/auth/me': (request) => (bearerOf(request) === 'Bearer new-access' ? { body: { user: { id: 'u1' } } } : refused),
      'POST /api/auth/refresh': async () => {
        await answered;
        return { body: { token: 'new-access', refreshToken: 'new-refresh' } };
      },
    });
    tokenStore.setPair({ token: 'old-access', refreshToken: 'old-refresh' });

    const both = Promise.all([apiRequest('/tickets'), apiRequest('/auth/me'), apiRequest('/tickets')]);
    await vi.waitFor(() => expect(api.to('/api/auth/refresh', 'POST')).toHaveLength(1));
    release();
    await expect(both).resolves.toEqual([{ items: [] }, { user: { id: 'u1' } }, { items: [] }]);
    expect(api.to('/api/auth/refresh', 'POST')).toHaveLength(1);
    // A request refused after the renewal uses the token already renewed.
    tokenStore.set('new-access');
    await expect(renewAccessToken('old-access')).resolves.toBe('new-access');
    expect(api.to('/api/auth/refresh', 'POST')).toHaveLength(1);
  });

  it('ends the session when the refresh token is refused, without retrying again', async () => {
    const api = fakeApi({
      'GET /api/tickets': () => refused,
      'POST /api/auth/refresh': () => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'invalid, expired or revoked refresh token' } } }),
    });
    const onExpired = vi.fn();
    const unregister = setUnauthenticatedHandler(onExpired);
    tokenStore.setPair({ token: 'old-access', refreshToken: 'revoked' });

    await expect(apiRequest('/tickets')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(onExpired).toHaveBeenCalledTimes(1);
    expect(api.to('/api/tickets')).toHaveLength(1);
    expect(api.to('/api/auth/refresh', 'POST')).toHaveLength(1);
    unregister();
  });

  it('keeps the session when the refresh could not reach the server', async () => {
    fakeApi({
      'GET /api/tickets': () => refused,
      'POST /api/auth/refresh': () => ({ status: 503, text: '<html>Service Unavailable</html>' }),
    });
    const onExpired = vi.fn();
    const unregister = setUnauthenticatedHandler(onExpired);
    tokenStore.setPair({ token: 'old-access', refreshToken: 'still-good' });

    await expect(apiRequest('/tickets')).rejects.toMatchObject({ code: 'unavailable' });
    expect(onExpired).not.toHaveBeenCalled();
    expect(tokenStore.getRefresh()).toBe('still-good');
    unregister();
  });

  it('forgets the refresh token with the access token when the session ends here', () => {
    tokenStore.setPair({ token: 'a', refreshToken: 'r' });
    tokenStore.set(null);
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual([null, null]);
  });
});

describe('applyServerErrors', () => {
  it('puts each detail on its field, nested paths on the nearest field, and returns the rest', () => {
    const setError = vi.fn();
    const error = new ApiError(400, 'validation_failed', 'invalid', [
      { path: 'skills.0', message: 'must be at most 40 characters' },
      { path: 'motivation', message: 'must be at least 10 characters' },
      { path: '(root)', message: 'Unrecognized key: "role"' },
    ]);
    const rest = applyServerErrors<{ skills: string; motivation: string }>(error, setError, ['skills', 'motivation']);
    expect(setError).toHaveBeenCalledWith('skills', { type: 'server', message: 'must be at most 40 characters' }, { shouldFocus: true });
    expect(setError).toHaveBeenCalledWith('motivation', { type: 'server', message: 'must be at least 10 characters' }, { shouldFocus: false });
    expect(rest).toBe('Unrecognized key: "role"');
  });

  it('returns the message of any other error for the form as a whole', () => {
    const setError = vi.fn();
    const rest = applyServerErrors(new ApiError(409, 'conflict', 'an account with this email already exists'), setError, []);
    expect(rest).toBe('An account with this email already exists');
    expect(setError).not.toHaveBeenCalled();
  });

  it('finds a message one level down in a field error', () => {
    expect(fieldErrorMessage([{ message: 'must not be empty', type: 'too_small' }])).toBe('must not be empty');
    expect(fieldErrorMessage(undefined)).toBeUndefined();
  });
});
