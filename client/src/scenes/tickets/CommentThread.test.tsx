import type { Comment, TicketAbilities } from '@relaydesk/shared';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeComment, makeTicketDetail, makeUser, page, sessionOf, ticketAbilities } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

const maya = { id: 'd'.repeat(24), name: 'Maya Frontend', role: 'moderator' as const };

function setup(abilities: Partial<TicketAbilities>, comments: Comment[] = []) {
  const self = makeUser({ id: maya.id, name: maya.name, role: 'moderator' });
  const ticket = makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities(abilities) });
  const api = fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(self) }),
    [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket } }),
    [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page(comments.map((c) => ({ ...c, ticketId: ticket.id })), { limit: 50 }) }),
    [`POST /api/tickets/${ticket.id}/comments`]: (request) => {
      const { body, internal = false } = request.body as { body: string; internal?: boolean };
      return { status: 201, body: { comment: makeComment({ ticketId: ticket.id, body, internal, author: maya }) } };
    },
  });
  const rendered = renderApp({ route: `/tickets/${ticket.id}` });
  return { ...rendered, api, ticket };
}

const commentNamed = async (body: string) => (await screen.findByText(body)).closest('[data-testid="comment"]') as HTMLElement;

describe('internal notes in the conversation', () => {
  it('sets a note apart with a warning tint and an "Only staff can see this" label; a reply has neither', async () => {
    setup({ addInternalNote: true, readInternalNotes: true }, [
      makeComment({ body: 'Public answer', author: maya }),
      makeComment({ body: 'Firmware bug, see KB-12', internal: true, author: maya }),
    ]);
    const note = await commentNamed('Firmware bug, see KB-12');
    expect(note).toHaveAttribute('data-internal', 'true');
    expect(note.className).toMatch(/bg-warning/);
    expect(within(note).getByText('Only staff can see this')).toBeInTheDocument();
    expect(within(note).getByText('Internal note')).toBeInTheDocument();

    const reply = await commentNamed('Public answer');
    expect(reply).not.toHaveAttribute('data-internal');
    expect(reply.className).not.toMatch(/bg-warning/);
    expect(within(reply).queryByText('Only staff can see this')).not.toBeInTheDocument();
  });

  it('offers no Reply / Internal note switch when the ticket’s abilities do not allow notes', async () => {
    setup({ addInternalNote: false });
    expect(await screen.findByLabelText('Add a comment')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Internal note' })).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Who sees what you write' })).not.toBeInTheDocument();
  });

  it('sends a note with internal: true from the switch, without announcing typing, and a reply without it', async () => {
    const { api, ticket, sockets } = setup({ addInternalNote: true, readInternalNotes: true });
    await screen.findByLabelText('Add a comment');
    act(() => sockets.latest!.simulateConnect());
    const noteSwitch = screen.getByRole('button', { name: 'Internal note' });
    expect(screen.getByRole('button', { name: 'Reply' })).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(noteSwitch);
    expect(noteSwitch).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText(/Only staff can see this\. Ctrl\+Enter sends\./)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Add an internal note'), 'Check the driver');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    const note = await commentNamed('Check the driver');
    expect(note).toHaveAttribute('data-internal', 'true');
    expect(sockets.latest!.emitted.filter((e) => e.event === 'typing')).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Reply' }));
    await userEvent.type(screen.getByLabelText('Add a comment'), 'Try again now');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await commentNamed('Try again now');

    expect(api.to(`/api/tickets/${ticket.id}/comments`, 'POST').map((r) => r.body)).toEqual([
      { body: 'Check the driver', internal: true },
      { body: 'Try again now' },
    ]);
  });
});
