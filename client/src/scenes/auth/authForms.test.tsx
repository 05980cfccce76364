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
    await userEvent.type(screen.getByLabelText('Name'), 'Pat');
    await userEvent.type(screen.getByLabelText('Email'), 'pat@example.test');
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByText('must be at least 8 characters')).toBeInTheDocument();
  });

  it('puts a server-side 400 detail under the field it names', async () => {
    fakeApi({ 'POST /api/auth/signup': () => validationError([{ path: 'name', message: 'must be at most 80 characters' }]) });
    renderApp({ route: '/signup', token: null });
    await userEvent.type(screen.getByLabelText('Name'), 'Pat');
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
    await userEvent.type(screen.getByLabelText('Name'), 'Pat');
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

  it('logs out from the account menu', async () => {
    fakeApi(signedInRoutes());
    renderApp({ route: '/tickets' });
    await userEvent.click(await screen.findByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(localStorage.getItem('relaydesk.token')).toBeNull();
  });
});
