import type { CannedReply } from '@relaydesk/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeUser, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

const NOW = '2026-01-15T10:00:00.000Z';
/** The screen is a lazily loaded route: its first appearance may take longer than a query's default second on a busy machine. */
const FIRST_LOAD = { timeout: 10_000 };

function setup(abilities: CannedReply['abilities'] = { use: true, update: true, delete: true }) {
  const admin = makeUser({ name: 'Ada Admin', role: 'admin' });
  let items: CannedReply[] = [{ id: 'a'.repeat(24), title: 'Greeting', body: 'Hi {{requester.name}}', createdAt: NOW, updatedAt: NOW, abilities }];
  const api = fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(admin) }),
    'GET /api/canned-replies': () => ({ body: { items } }),
    'POST /api/canned-replies': (r) => {
      const created = { id: 'b'.repeat(24), ...(r.body as { title: string; body: string }), createdAt: NOW, updatedAt: NOW, abilities };
      items = [...items, created];
      return { status: 201, body: { cannedReply: created } };
    },
    'PATCH /api/canned-replies/*': (r) => {
      items = items.map((i) => (r.path.endsWith(i.id) ? { ...i, ...(r.body as object) } : i));
      return { body: { cannedReply: items[0] } };
    },
    'DELETE /api/canned-replies/*': (r) => {
      items = items.filter((i) => !r.path.endsWith(i.id));
      return { status: 204 };
    },
  });
  renderApp({ route: '/admin/canned-replies' });
  return { api };
}

// Typing through user-event is slow on a busy machine; these tests wait for events, never for time.
describe('canned replies admin', { timeout: 30_000 }, () => {
  it('creates a canned reply', async () => {
    const { api } = setup();
    expect(await screen.findByText('Greeting', {}, FIRST_LOAD)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'New canned reply' }));
    await userEvent.type(screen.getByLabelText('Title'), 'Restart');
    await userEvent.type(screen.getByLabelText('Body'), 'Please restart it, {{{{requester.name}}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Restart')).toBeInTheDocument();
    expect(api.to('/api/canned-replies', 'POST').map((r) => r.body)).toEqual([{ title: 'Restart', body: 'Please restart it, {{requester.name}}' }]);
  });

  it('edits and deletes a canned reply', async () => {
    const { api } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Greeting' }, FIRST_LOAD));
    const title = screen.getByLabelText('Title');
    await userEvent.clear(title);
    await userEvent.type(title, 'Hello');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Hello')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Delete Hello' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('No canned replies yet.')).toBeInTheDocument();
    expect(api.to(`/api/canned-replies/${'a'.repeat(24)}`, 'PATCH').map((r) => r.body)).toEqual([{ title: 'Hello', body: 'Hi {{requester.name}}' }]);
  });

  it('checks an unknown placeholder with the shared rule before sending', async () => {
    const { api } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'New canned reply' }, FIRST_LOAD));
    await userEvent.type(screen.getByLabelText('Title'), 'Oops');
    await userEvent.type(screen.getByLabelText('Body'), 'Hi {{{{customer.name}}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/unknown placeholder/)).toBeInTheDocument();
    expect(api.to('/api/canned-replies', 'POST')).toEqual([]);
  });

  it('shows edit and delete only where the reply’s abilities allow', async () => {
    setup({ use: true, update: false, delete: false });
    expect(await screen.findByText('Greeting', {}, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit Greeting' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete Greeting' })).not.toBeInTheDocument();
  });
});
