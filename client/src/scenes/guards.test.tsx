import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../test/fakeApi.js';
import { makeUser, page, sessionOf } from '../test/fixtures.js';
import { renderApp } from '../test/renderApp.js';

const navLinks = () =>
  within(screen.getByRole('navigation', { name: 'Main' }))
    .getAllByRole('link')
    .map((a) => a.textContent);

describe('navigation and route guards', () => {
  it('offer an admin every area the workspace abilities name, home first', async () => {
    const admin = makeUser({ name: 'Ada Admin', role: 'admin' });
    fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(admin) }), 'GET /api/tickets': () => ({ body: page([]) }) });
    renderApp({ route: '/' });
    expect(await screen.findByRole('heading', { name: 'All tickets' })).toBeInTheDocument();
    expect(navLinks()).toEqual(['All tickets', 'My queue', 'Unassigned', 'New ticket', 'Applications', 'Users', 'Moderators', 'Analytics', 'Canned replies', 'Copilot runs']);
  });

  it('follow the abilities, not the role: an admin the server does not let manage users sees no Users and cannot open it', async () => {
    const admin = makeUser({ name: 'Ada Admin', role: 'admin' });
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(admin, { manageUsers: false, viewStats: false }) }),
      'GET /api/tickets': () => ({ body: page([]) }),
    });
    renderApp({ route: '/admin/users' });
    expect(await screen.findByText('This page is not available to your account.')).toBeInTheDocument();
    expect(navLinks()).not.toContain('Users');
    expect(navLinks()).not.toContain('Moderators');
    expect(navLinks()).not.toContain('Analytics');
    expect(navLinks()).toContain('Applications');
  });

  it('open a moderator’s session on their queue, and keep an end user out of it', async () => {
    const maya = makeUser({ name: 'Maya Frontend', role: 'moderator' });
    fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(maya) }), 'GET /api/tickets': () => ({ body: page([], { limit: 100 }) }) });
    const first = renderApp({ route: '/' });
    expect(await screen.findByRole('heading', { name: 'My queue' })).toBeInTheDocument();
    expect(navLinks()).toEqual(['My queue', 'Unassigned', 'My tickets', 'New ticket']);
    first.unmount();

    fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }), 'GET /api/tickets': () => ({ body: page([]) }) });
    renderApp({ route: '/queue' });
    expect(await screen.findByText('This page is not available to your account.')).toBeInTheDocument();
    expect(navLinks()).toEqual(['My tickets', 'New ticket', 'Become a moderator']);
  });
});
