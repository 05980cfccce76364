import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeModRequest, makeUser, page, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

const admin = makeUser({ name: 'Ada Admin', role: 'admin' });

describe('users screen', () => {
  it('offers Edit on exactly the accounts whose abilities allow an update', async () => {
    const editable = makeUser({ name: 'Uma User', abilities: { read: true, update: true } });
    const locked = makeUser({ name: 'Root Admin', role: 'admin', abilities: { read: true, update: false } });
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(admin) }),
      'GET /api/users': () => ({ body: page([editable, locked]) }),
    });
    renderApp({ route: '/admin/users' });
    const row = async (name: string) => (await screen.findByText(name)).closest('tr')!;
    expect(within(await row('Uma User')).getByRole('button', { name: 'Edit Uma User' })).toBeInTheDocument();
    expect(within(await row('Root Admin')).queryByRole('button')).not.toBeInTheDocument();
  });
});

describe('applications screen', () => {
  it('offers approve and reject only on applications the caller may decide, and records a decision', async () => {
    const decidable = makeModRequest({ user: { id: 'c'.repeat(24), name: 'Leo User', role: 'user' } });
    const readOnly = makeModRequest({ user: { id: 'f'.repeat(24), name: 'Rae User', role: 'user' }, abilities: { read: true, decide: false } });
    const api = fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(admin) }),
      'GET /api/mod-requests': () => ({ body: page([decidable, readOnly]) }),
      [`PATCH /api/mod-requests/${decidable.id}`]: () => ({ body: { request: { ...decidable, status: 'approved' } } }),
    });
    renderApp({ route: '/admin/applications' });
    const card = async (name: string) => (await screen.findByText(name)).closest('li')!;
    expect(within(await card('Rae User')).queryByRole('button')).not.toBeInTheDocument();

    await userEvent.click(within(await card('Leo User')).getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Leo User was approved and is now a moderator.')).toBeInTheDocument();
    expect(api.to(`/api/mod-requests/${decidable.id}`, 'PATCH')[0]?.body).toEqual({ status: 'approved' });
  });
});
