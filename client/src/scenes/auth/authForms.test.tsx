import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, validationError } from '../../test/fakeApi.js';
import { makeUser, page, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

const signedInRoutes = (user = makeUser()) => ({
  'GET /api/auth/me': () => ({ body: sessionOf(user) }),
  'GET /api/tickets': () => ({ body: page([]) }),
});

describe('log in', () => {
  it('shows the shared schema messages and sends nothing when the form is invalid', async () => {
    const api = fakeApi({});
    renderApp({ route: '/login', token: null });
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('must be a valid email address')).toBeInTheDocument();
    expect(screen.getByText('must not be empty')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(api.to('/api/auth/login', 'POST')).toHaveLength(0);
  });

  it('signs in, keeps the token for the next visit and opens the home screen', async () => {
    const user = makeUser();
    const api = fakeApi({
      'POST /api/auth/login': () => ({ body: { token: 'fresh.token.value', ...sessionOf(user) } }),
      ...signedInRoutes(user),
    });
    renderApp({ route: '/login', token: null });
    await userEvent.type(screen.getByLabelText('Email'), 'Uma@Example.test');
    await userEvent.type(screen.getByLabelText('Password'), 'user-demo-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { name: 'My tickets' })).toBeInTheDocument();
    // The shared schema lower-cases the email before it is sent.
    expect(api.to('/api/auth/login', 'POST')[0]?.body).toEqual({ email: 'uma@example.test', password: 'user-demo-pass' });
    expect(localStorage.getItem('relaydesk.token')).toBe('fresh.token.value');
  });

  it('shows a refused log-in as a form error', async () => {
    fakeApi({
      'POST /api/auth/login': () => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'wrong email or password' } } }),
    });
    renderApp({ route: '/login', token: null });
    await userEvent.type(screen.getByLabelText('Email'), 'uma@example.test');
    await userEvent.type(screen.getByLabelText('Password'), 'nope-nope');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');
    expect(screen.getByTestId('location')).toHaveTextContent('/login');
  });
});

describe('sign up', () => {
  it('rejects a short password with the server’s own message', async () => {
    fakeApi({});
    renderApp({ route: '/signup', token: null });
    await userEvent.type(await screen.findByLabelText('Name'), 'Pat');
    await userEvent.type(screen.getByLabelText('Email'), 'pat@example.test');
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByText('must be at least 8 characters')).toBeInTheDocument();
  });

  it('puts a server-side 400 detail under the field it names', async () => {
    fakeApi({ 'POST /api/auth/signup': () => validationError([{ path: 'name', message: 'must be at most 80 characters' }]) });
    renderApp({ route: '/signup', token: null });
    await userEvent.type(await screen.findByLabelText('Name'), 'Pat');
    await userEvent.type(screen.getByLabelText('Email'), 'pat@example.test');
    await userEvent.type(screen.getByLabelText('Password'), 'long-enough-pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByText('must be at most 80 characters')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveFocus());
  });

  it('shows a duplicate email (409) as a form error', async () => {
    fakeApi({
      'POST /api/auth/signup': () => ({ status: 409, body: { error: { code: 'conflict', message: 'an account with this email already exists' } } }),
    });
    renderApp({ route: '/signup', token: null });
    await userEvent.type(await screen.findByLabelText('Name'), 'Pat');
    await userEvent.type(screen.getByLabelText('Email'), 'pat@example.test');
    await userEvent.type(screen.getByLabelText('Password'), 'long-enough-pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('An account with this email already exists');
  });
});

describe('session', () => {
  it('survives a reload: a stored token opens the app without logging in', async () => {
    fakeApi(signedInRoutes(makeUser({ name: 'Uma Stored' })));
    renderApp({ route: '/', token: 'stored-token' });
    expect(await screen.findByRole('heading', { name: 'My tickets' })).toBeInTheDocument();
    expect(screen.getByTestId('current-user-name')).toHaveTextContent('Uma Stored');
  });

  it('sends an expired session back to log in with a message', async () => {
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
      'GET /api/tickets': () => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'the token has expired' } } }),
    });
    renderApp({ route: '/tickets', token: 'expired-token' });
    expect(await screen.findByText('Your session has expired. Please log in again.')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/login');
    expect(localStorage.getItem('relaydesk.token')).toBeNull();
  });

  it('renews an expired access token with the refresh token and stays signed in', async () => {
    const api = fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser({ name: 'Uma Renewed' })) }),
      'GET /api/tickets': (request) =>
        request.headers.get('Authorization') === 'Bearer renewed-token'
          ? { body: page([]) }
          : { status: 401, body: { error: { code: 'unauthenticated', message: 'invalid or expired token' } } },
      'POST /api/auth/refresh': () => ({ body: { token: 'renewed-token', refreshToken: 'renewed-refresh' } }),
    });
    localStorage.setItem('relaydesk.refreshToken', 'stored-refresh');
    renderApp({ route: '/tickets', token: 'expired-token' });
    await waitFor(() => expect(api.to('/api/tickets').at(-1)?.headers.get('Authorization')).toBe('Bearer renewed-token'));
    expect(await screen.findByRole('heading', { name: 'My tickets' })).toBeInTheDocument();
    expect(screen.queryByText('Your session has expired. Please log in again.')).not.toBeInTheDocument();
    expect(localStorage.getItem('relaydesk.token')).toBe('renewed-token');
    expect(localStorage.getItem('relaydesk.refreshToken')).toBe('renewed-refresh');
  });

  it('ends this session on the server when logging out, sending its refresh token', async () => {
    const api = fakeApi({ ...signedInRoutes(), 'POST /api/auth/logout': () => ({ status: 204 }) });
    localStorage.setItem('relaydesk.refreshToken', 'this-session');
    renderApp({ route: '/tickets', token: 'this-token' });
    await userEvent.click(await screen.findByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    const [logout] = api.to('/api/auth/logout', 'POST');
    expect(logout?.body).toEqual({ refreshToken: 'this-session' });
    expect(logout?.headers.get('Authorization')).toBe('Bearer this-token');
    expect(localStorage.getItem('relaydesk.refreshToken')).toBeNull();
  });

  it('logs out everywhere from the account menu', async () => {
    const api = fakeApi({ ...signedInRoutes(), 'POST /api/auth/logout-all': () => ({ status: 204 }) });
    renderApp({ route: '/tickets' });
    await userEvent.click(await screen.findByRole('button', { name: 'Log out everywhere' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(api.to('/api/auth/logout-all', 'POST')).toHaveLength(1);
    expect(localStorage.getItem('relaydesk.token')).toBeNull();
  });

  it('changes the password from the account menu, showing a wrong current password on its field', async () => {
    const api = fakeApi({
      ...signedInRoutes(),
      'PATCH /api/auth/password': (request) =>
        (request.body as { currentPassword: string }).currentPassword === 'right-password'
          ? { body: { token: 'after-change', refreshToken: 'after-change-refresh' } }
          : validationError([{ path: 'currentPassword', message: 'is not your current password' }]),
    });
    renderApp({ route: '/tickets' });
    await userEvent.click(await screen.findByRole('button', { name: 'Change password' }));
    await userEvent.type(screen.getByLabelText('Current password'), 'wrong-password');
    await userEvent.type(screen.getByLabelText('New password'), 'a-brand-new-secret');
    await userEvent.click(screen.getByRole('button', { name: 'Save new password', hidden: true }));
    expect(await screen.findByText('is not your current password')).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('Current password'));
    await userEvent.type(screen.getByLabelText('Current password'), 'right-password');
    await userEvent.click(screen.getByRole('button', { name: 'Save new password', hidden: true }));
    await waitFor(() => expect(localStorage.getItem('relaydesk.token')).toBe('after-change'));
    expect(localStorage.getItem('relaydesk.refreshToken')).toBe('after-change-refresh');
    expect(api.to('/api/auth/password', 'PATCH').at(-1)?.body).toEqual({ currentPassword: 'right-password', newPassword: 'a-brand-new-secret' });
  });

  it('logs out from the account menu', async () => {
    fakeApi(signedInRoutes());
    renderApp({ route: '/tickets' });
    await userEvent.click(await screen.findByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(localStorage.getItem('relaydesk.token')).toBeNull();
  });
});
