import type { Comment, TicketDetail } from '@relaydesk/shared';
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
  let current: TicketDetail = ticket;
  const accepted = () => ({ status: 202, body: { accepted: true, ticketId: ticket.id } });
  const api = fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(self) }),
    [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket: current } }),
    [`POST /api/tickets/${ticket.id}/retriage`]: accepted,
    [`POST /api/tickets/${ticket.id}/reassign`]: accepted,
    [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page([first], { limit: 50 }) }),
    [`POST /api/tickets/${ticket.id}/comments`]: (request) => {
      const author = { id: self.id, name: self.name, role: self.role };
      const comment = makeComment({ ticketId: ticket.id, body: (request.body as { body: string }).body, author });
      posted.push(comment);
      return { status: 201, body: { comment } };
    },
  });
  const rendered = renderApp({ route: `/tickets/${ticket.id}` });
  /** What the server answers for the ticket from now on, as after a background change. */
  const serverChanges = (changes: Partial<TicketDetail>) => (current = { ...current, ...changes });
  return { ...rendered, api, ticket, self, posted, serverChanges };
}

const commentBodies = () => screen.getAllByTestId('comment').map((c) => within(c).getByText(/./, { selector: '.mt-1 > p' }).textContent);

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

const omar = { id: 'e'.repeat(24), name: 'Omar Backend', role: 'moderator' as const };
const statusButtons = () => screen.queryAllByRole('button', { name: /^(To do|In progress|Completed)$/ });

describe('ticket detail controls follow the ticket’s abilities', () => {
  it('shows a moderator who is not the assignee no status control, but lets them comment when the server allows it', async () => {
    const self = makeUser({ name: 'Omar Backend', role: 'moderator' });
    setup({ self, ticket: makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities({ changeStatus: false }) }) });
    await screen.findByText('First reply');
    expect(statusButtons()).toHaveLength(0);
    expect(screen.getByLabelText('Add a comment')).toBeInTheDocument();
  });

  it('shows no status control when changeStatus is false, even to an admin', async () => {
    const self = makeUser({ name: 'Ada Admin', role: 'admin' });
    setup({ self, ticket: makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities({ changeStatus: false, retriage: false, reassign: false }) }) });
    await screen.findByText('First reply');
    expect(statusButtons()).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Re-run triage' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reassign' })).not.toBeInTheDocument();
  });

  it('shows the status control to whoever the server lets change it, whatever their role', async () => {
    setup({ self: makeUser(), ticket: makeTicketDetail({ abilities: ticketAbilities({ changeStatus: true }) }) });
    await screen.findByText('First reply');
    expect(statusButtons().map((b) => b.textContent)).toEqual(['To do', 'In progress', 'Completed']);
  });

  it('hides the composer when the ticket’s abilities do not include commenting', async () => {
    setup({ ticket: makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities({ comment: false }) }) });
    await screen.findByText('First reply');
    expect(screen.queryByLabelText('Add a comment')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send' })).not.toBeInTheDocument();
  });

  it('offers no re-run to the person who filed the ticket', async () => {
    setup();
    await screen.findByText('First reply');
    expect(screen.queryByRole('button', { name: 'Re-run triage' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reassign' })).not.toBeInTheDocument();
  });

  it('re-runs triage when retriage is allowed, and shows the new insights when the server announces them', async () => {
    const self = makeUser({ name: 'Ada Admin', role: 'admin' });
    const ticket = makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities({ changeStatus: true, retriage: true, reassign: true }) });
    const { api, sockets, serverChanges } = setup({ self, ticket });
    await screen.findByText('First reply');
    act(() => sockets.latest!.simulateConnect());

    await userEvent.click(screen.getByRole('button', { name: 'Re-run triage' }));
    expect(await screen.findByText('Triage requested')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/retriage`, 'POST')).toHaveLength(1);
    expect(api.to(`/api/tickets/${ticket.id}/reassign`, 'POST')).toHaveLength(0);

    serverChanges({ summary: 'Checkout crashes on submit.', triagedBy: 'local' });
    act(() => sockets.latest!.serverEmit('ticket_updated', { ticketId: ticket.id, fields: ['summary'], updatedAt: ticket.updatedAt }));
    expect(await screen.findByTestId('insights-summary')).toHaveTextContent('Checkout crashes on submit.');
  });

  it('reassigns when reassign is allowed, and shows the new assignee when the server announces it', async () => {
    const self = makeUser({ name: 'Ada Admin', role: 'admin' });
    const ticket = makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities({ reassign: true }) });
    const { api, sockets, serverChanges } = setup({ self, ticket });
    await screen.findByText('First reply');
    act(() => sockets.latest!.simulateConnect());
    expect(screen.queryByRole('button', { name: 'Re-run triage' })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Reassign' }));
    expect(await screen.findByText('Reassignment requested')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/reassign`, 'POST')).toHaveLength(1);

    serverChanges({ assignedTo: omar });
    act(() =>
      sockets.latest!.serverEmit('ticket_assigned', { ticketId: ticket.id, number: ticket.number, title: ticket.title, assignee: omar, updatedAt: ticket.updatedAt }),
    );
    expect(await within(screen.getByTestId('ticket-assignee')).findByText('Omar Backend')).toBeInTheDocument();
  });
});
