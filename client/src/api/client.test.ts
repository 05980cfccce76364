import { describe, expect, it, vi } from 'vitest';
import { fakeApi, validationError } from '../test/fakeApi.js';
import { ApiError, apiRequest, buildApiUrl, describeError, setUnauthenticatedHandler, tokenStore } from './client.js';
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
