import type { CannedReply, Role } from '@relaydesk/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeTicketDetail, makeUser, sessionOf, ticketAbilities } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';
import { isAtLineStart } from './CannedReplyPicker.js';

const NOW = '2026-01-15T10:00:00.000Z';
const reply = (id: string, title: string, body: string): CannedReply => ({
  id: id.repeat(24),
  title,
  body,
  createdAt: NOW,
  updatedAt: NOW,
  abilities: { use: true, update: false, delete: false },
});
const LIBRARY = [
  reply('a', 'Greeting', 'Hi {{requester.name}}, thanks for ticket #{{ticket.number}}.\n\n— {{agent.name}}'),
  reply('b', 'Restart the router', 'Please **restart the router** and tell us if it helps.'),
  reply('c', 'Closing', 'We are closing this ticket; reply to reopen it.'),
];

function setup(role: Role = 'moderator') {
  const self = makeUser({ name: 'Maya Moderator', role });
  const ticket = makeTicketDetail({
    number: 1042,
    createdBy: { id: 'e'.repeat(24), name: 'Rita Requester', role: 'user' },
    abilities: ticketAbilities({ comment: true, addInternalNote: role !== 'user' }),
  });
  const api = fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(self) }),
    [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket } }),
    [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: { items: [], page: 1, limit: 50, total: 0, totalPages: 0 } }),
    'GET /api/canned-replies': () => ({ body: { items: LIBRARY } }),
  });
  renderApp({ route: `/tickets/${ticket.id}` });
  return { api };
}

/** The first render of a ticket page may take longer than a query's default second on a busy machine. */
const composer = () => screen.findByLabelText('Add a comment', {}, { timeout: 10_000 }) as Promise<HTMLTextAreaElement>;

// Typing through user-event is slow on a busy machine; these tests wait for events, never for time.
describe('inserting a canned reply', { timeout: 30_000 }, () => {
  it('opens on "/" in an empty composer, searches, and inserts the chosen body with placeholders filled', async () => {
    setup();
    const box = await composer();
    await userEvent.click(box);
    await userEvent.keyboard('/');
    const search = await screen.findByRole('combobox', { name: 'Search canned replies' });
    expect(search).toHaveFocus();
    const options = async () => within(await screen.findByRole('listbox', { name: 'Canned replies' })).getAllByRole('option');
    expect(await options()).toHaveLength(3);

    await userEvent.type(search, 'greet');
    expect((await options()).map((o) => within(o).getByText(/./, { selector: '.font-medium' }).textContent)).toEqual(['Greeting']);
    await userEvent.keyboard('{Enter}');

    expect(box.value).toBe('Hi Rita Requester, thanks for ticket #1042.\n\n— Maya Moderator');
    expect(screen.queryByRole('combobox', { name: 'Search canned replies' })).not.toBeInTheDocument();
    expect(box).toHaveFocus();
  });

  it('inserts at the caret from the "Canned reply" button, keeping the text around it', async () => {
    setup();
    const box = await composer();
    await userEvent.type(box, 'Hello!\n\nBye');
    // Caret after "Hello!\n\n".
    box.setSelectionRange(8, 8);
    await userEvent.click(screen.getByRole('button', { name: 'Canned reply' }));
    await userEvent.click(await screen.findByRole('option', { name: /Restart the router/ }));
    expect(box.value).toBe('Hello!\n\nPlease **restart the router** and tell us if it helps.Bye');
  });

  it('moves with the arrow keys and closes on Escape without inserting anything', async () => {
    setup();
    const box = await composer();
    await userEvent.click(box);
    await userEvent.keyboard('/');
    await screen.findByRole('listbox', { name: 'Canned replies' });
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('option', { name: /Restart the router/ })).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('canned-reply-picker')).not.toBeInTheDocument();
    expect(box.value).toBe('');
  });

  it('treats "/" in the middle of a line as a slash', async () => {
    setup();
    const box = await composer();
    await userEvent.type(box, 'and/or');
    expect(box.value).toBe('and/or');
    expect(screen.queryByTestId('canned-reply-picker')).not.toBeInTheDocument();
  });

  it('says so when nothing matches the search', async () => {
    setup();
    await userEvent.click(await composer());
    await userEvent.keyboard('/');
    await userEvent.type(await screen.findByRole('combobox', { name: 'Search canned replies' }), 'zzz');
    expect(screen.getByText('No canned reply matches.')).toBeInTheDocument();
  });

  it('offers nothing to someone whose abilities do not include canned replies: no button, "/" is typed', async () => {
    const { api } = setup('user');
    const box = await composer();
    await userEvent.type(box, '/');
    expect(box.value).toBe('/');
    expect(screen.queryByRole('button', { name: 'Canned reply' })).not.toBeInTheDocument();
    expect(api.to('/api/canned-replies', 'GET')).toEqual([]);
  });
});

describe('isAtLineStart', () => {
  it('is true at the very start and right after a line break, false elsewhere', () => {
    expect(isAtLineStart('', 0)).toBe(true);
    expect(isAtLineStart('ab\ncd', 3)).toBe(true);
    expect(isAtLineStart('ab\ncd', 2)).toBe(false);
    expect(isAtLineStart('ab', 1)).toBe(false);
  });
});
