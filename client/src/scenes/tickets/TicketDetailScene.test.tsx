import type { Comment } from '@relaydesk/shared';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeComment, makeTicketDetail, makeUser, page, sessionOf, ticketAbilities } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

const maya = { id: 'd'.repeat(24), name: 'Maya Frontend', role: 'moderator' as const };

function setup({ self = makeUser(), ticket = makeTicketDetail({ assignedTo: maya }) } = {}) {
  const first = makeComment({ ticketId: ticket.id, body: 'First reply', author: maya });
  const posted: Comment[] = [];
  const api = fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(self) }),
    [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket } }),
    [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page([first], { limit: 50 }) }),
    [`POST /api/tickets/${ticket.id}/comments`]: (request) => {
      const author = { id: self.id, name: self.name, role: self.role };
      const comment = makeComment({ ticketId: ticket.id, body: (request.body as { body: string }).body, author });
      posted.push(comment);
      return { status: 201, body: { comment } };
    },
  });
  const rendered = renderApp({ route: `/tickets/${ticket.id}` });
  return { ...rendered, api, ticket, self, posted };
}

const commentBodies = () => screen.getAllByTestId('comment').map((c) => within(c).getByText(/./, { selector: 'p.mt-1' }).textContent);

describe('ticket detail, live', () => {
  it('joins the ticket’s room once connected and shows a comment pushed by the server without reloading', async () => {
    const { sockets, ticket } = setup();
    expect(await screen.findByText('First reply')).toBeInTheDocument();
    act(() => sockets.latest!.simulateConnect());
    expect(sockets.latest!.emitted).toContainEqual({ event: 'join_ticket', body: { ticketId: ticket.id } });

    act(() =>
      sockets.latest!.serverEmit('comment_added', {
        ticketId: ticket.id,
        comment: makeComment({ ticketId: ticket.id, body: 'Pushed live', author: maya }),
      }),
    );
    expect(await screen.findByText('Pushed live')).toBeInTheDocument();
    expect(commentBodies()).toEqual(['First reply', 'Pushed live']);
  });

  it('shows who else is viewing and who is typing, and forgets the typist after a while', async () => {
    const { sockets, ticket, self } = setup();
    await screen.findByText('First reply');
    act(() => sockets.latest!.simulateConnect());
    act(() => sockets.latest!.serverEmit('ticket_viewers', { ticketId: ticket.id, viewers: [maya, { id: self.id, name: self.name, role: self.role }] }));
    expect(within(screen.getByTestId('ticket-viewers')).getByText('Maya Frontend')).toBeInTheDocument();
    expect(within(screen.getByTestId('ticket-viewers')).queryByText(self.name)).not.toBeInTheDocument();

    act(() => sockets.latest!.serverEmit('typing', { ticketId: ticket.id, user: maya }));
    expect(screen.getByTestId('typing-indicator')).toHaveTextContent('Maya is typing…');
    await act(() => new Promise((r) => setTimeout(r, 4_200)));
    expect(screen.getByTestId('typing-indicator')).toHaveTextContent('');
  }, 10_000);

  it('posts a comment once, even when the server also pushes it back', async () => {
    const { sockets, ticket, posted } = setup();
    await screen.findByText('First reply');
    act(() => sockets.latest!.simulateConnect());
    await userEvent.type(screen.getByLabelText('Add a comment'), 'Thanks!');
    expect(sockets.latest!.emitted.filter((e) => e.event === 'typing')).toEqual([{ event: 'typing', body: { ticketId: ticket.id } }]);
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Thanks!')).toBeInTheDocument();
    expect(screen.getByLabelText('Add a comment')).toHaveValue('');
    act(() => sockets.latest!.serverEmit('comment_added', { ticketId: ticket.id, comment: posted[0] }));
    expect(commentBodies()).toEqual(['First reply', 'Thanks!']);
  });

  it('rejects an empty comment with the shared message', async () => {
    const { api, ticket } = setup();
    await screen.findByText('First reply');
    await userEvent.type(screen.getByLabelText('Add a comment'), '   ');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('must not be empty')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/comments`, 'POST')).toHaveLength(0);
  });

  it('shows the insights and the score breakdown to the assigned moderator, with status buttons', async () => {
    const self = makeUser({ id: maya.id, name: maya.name, role: 'moderator' });
    const ticket = makeTicketDetail({
      assignedTo: maya,
      summary: 'Login button spins after password entry.',
      relatedSkills: ['react', 'auth'],
      helpfulNotes: 'Check the console for CORS errors.',
      triagedBy: 'local',
      priority: 'high',
      abilities: ticketAbilities({ changeStatus: true }),
      assignment: {
        moderatorId: maya.id,
        score: 0.82,
        skillMatch: 0.9,
        availability: 0.7,
        performance: 0.8,
        candidates: [],
        reason: 'Best skill match among online moderators.',
        assignedAt: '2026-01-15T10:00:00.000Z',
      },
    });
    setup({ self, ticket });
    expect(await screen.findByTestId('insights-summary')).toHaveTextContent('Login button spins after password entry.');
    expect(screen.getByText('Check the console for CORS errors.')).toBeInTheDocument();
    expect(screen.getByText('Best skill match among online moderators.')).toBeInTheDocument();
    expect(screen.getByLabelText('Skill match 90%')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'In progress' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('leaves the room when the person navigates away, and joins again after a reconnect', async () => {
    const { sockets, ticket } = setup();
    await screen.findByText('First reply');
    const socket = sockets.latest!;
    act(() => socket.simulateConnect());
    act(() => socket.simulateDisconnect());
    act(() => socket.simulateConnect());
    expect(socket.emitted.filter((e) => e.event === 'join_ticket')).toHaveLength(2);
    await userEvent.click(screen.getByRole('link', { name: '← Tickets' }));
    expect(socket.emitted.at(-1)).toEqual({ event: 'leave_ticket', body: { ticketId: ticket.id } });
  });
});
