import type { Ticket } from '@relaydesk/shared';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, type FakeRequest } from '../../test/fakeApi.js';
import { makeTicket, makeUser, page, sessionOf, ticketAbilities } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

const maya = makeUser({ name: 'Maya Frontend', role: 'moderator' });
const mine = { id: maya.id, name: maya.name, role: maya.role };

/** A server holding `tickets`: the pool is the unassigned ones, the queue lists by status. */
function serve(tickets: Ticket[]) {
  return fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(maya) }),
    'GET /api/tickets': (r: FakeRequest) => {
      if (r.query.get('assignee') === 'unassigned') return { body: page(tickets.filter((t) => !t.assignedTo)) };
      return { body: page(tickets.filter((t) => t.status === r.query.get('status')), { limit: 100 }) };
    },
    'POST /api/tickets/*/claim': (r: FakeRequest) => {
      const ticket = tickets.find((t) => r.path === `/api/tickets/${t.id}/claim`)!;
      if (ticket.assignedTo) return { status: 409, body: { error: { code: 'conflict', message: 'the ticket is already assigned to someone else' } } };
      Object.assign(ticket, { assignedTo: mine, abilities: ticketAbilities({ release: true }) });
      return { body: { ticket } };
    },
  });
}

const poolTitles = () => within(screen.getByTestId('pool')).getAllByRole('link').map((a) => a.textContent);

describe('the unassigned view', () => {
  it('is in the navigation for staff, and lists the pool with "Take it" only where claim is allowed', async () => {
    const api = serve([
      makeTicket({ title: 'Printer on fire', priority: 'urgent', abilities: ticketAbilities({ claim: true }) }),
      makeTicket({ title: 'Cannot take this one', abilities: ticketAbilities({ claim: false }) }),
    ]);
    renderApp({ route: '/queue' });
    await screen.findByRole('heading', { name: 'My queue' });
    await userEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Unassigned' }));
    expect(await screen.findByRole('heading', { name: 'Unassigned' })).toBeInTheDocument();
    await screen.findByTestId('pool');
    expect(poolTitles()).toEqual(['Printer on fire', 'Cannot take this one']);
    expect(api.requests.some((r) => r.path === '/api/tickets' && r.query.get('assignee') === 'unassigned')).toBe(true);
    const rows = screen.getAllByTestId('pool-ticket');
    expect(within(rows[0]!).getByRole('button', { name: 'Take it' })).toBeInTheDocument();
    expect(within(rows[1]!).queryByRole('button', { name: 'Take it' })).not.toBeInTheDocument();
  });

  it('takes a ticket: it leaves the pool and joins the moderator’s queue', async () => {
    const tickets = [
      makeTicket({ title: 'Printer on fire', abilities: ticketAbilities({ claim: true }) }),
      makeTicket({ title: 'Slow search', abilities: ticketAbilities({ claim: true }) }),
    ];
    const api = serve(tickets);
    renderApp({ route: '/queue/unassigned' });
    await screen.findByTestId('pool');
    const row = screen.getAllByTestId('pool-ticket')[0]!;
    await userEvent.click(within(row).getByRole('button', { name: 'Take it' }));
    expect(await screen.findByText('You took “Printer on fire”.')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${tickets[0]!.id}/claim`, 'POST')).toHaveLength(1);
    await screen.findByText('Slow search');
    expect(poolTitles()).toEqual(['Slow search']);

    await userEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'My queue' }));
    expect(await within(await screen.findByTestId('queue')).findByText('Printer on fire')).toBeInTheDocument();
  });

  it('refreshes when the server says a ticket’s assignee changed, as after someone gives one back', async () => {
    const held = makeTicket({ title: 'Given back', assignedTo: mine, abilities: ticketAbilities({ release: true }) });
    const tickets = [makeTicket({ title: 'Already waiting', abilities: ticketAbilities({ claim: true }) }), held];
    serve(tickets);
    const { sockets } = renderApp({ route: '/queue/unassigned' });
    await screen.findByTestId('pool');
    act(() => sockets.latest!.simulateConnect());
    expect(poolTitles()).toEqual(['Already waiting']);

    Object.assign(held, { assignedTo: null, abilities: ticketAbilities({ claim: true }) });
    act(() => sockets.latest!.serverEmit('ticket_updated', { ticketId: held.id, fields: ['assignedTo'], updatedAt: held.updatedAt }));
    expect(await within(screen.getByTestId('pool')).findByText('Given back')).toBeInTheDocument();
  });

  it('still says "You took" when the live update removes the row before the claim answers', async () => {
    const ticket = makeTicket({ title: 'Charged twice', abilities: ticketAbilities({ claim: true }) });
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(maya) }),
      'GET /api/tickets': () => ({ body: page([ticket].filter((t) => !t.assignedTo)) }),
      'POST /api/tickets/*/claim': async () => {
        // The server has assigned it, and says so over the socket, before its answer arrives.
        Object.assign(ticket, { assignedTo: mine, abilities: ticketAbilities({ release: true }) });
        await answered;
        return { body: { ticket } };
      },
    });
    const { sockets } = renderApp({ route: '/queue/unassigned' });
    await screen.findByTestId('pool');
    act(() => sockets.latest!.simulateConnect());
    await userEvent.click(screen.getByRole('button', { name: 'Take it' }));
    act(() => sockets.latest!.serverEmit('ticket_updated', { ticketId: ticket.id, fields: ['assignedTo'], updatedAt: ticket.updatedAt }));
    expect(await screen.findByText('Every open ticket has someone.')).toBeInTheDocument();
    answer();
    expect(await screen.findByText('You took “Charged twice”.')).toBeInTheDocument();
  });

  it('says so when every open ticket has someone', async () => {
    serve([]);
    renderApp({ route: '/queue/unassigned' });
    expect(await screen.findByText('Every open ticket has someone.')).toBeInTheDocument();
  });
});

describe('the queue, live', () => {
  it('drops a ticket given back and refreshes the moderator’s numbers when the assignee changes', async () => {
    const held = makeTicket({ title: 'Mine for now', assignedTo: mine });
    let active = 1;
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf({ ...maya, stats: { ...maya.stats, activeTickets: active } }) }),
      'GET /api/tickets': (r: FakeRequest) => ({ body: page([held].filter((t) => t.assignedTo && t.status === r.query.get('status')), { limit: 100 }) }),
    });
    const { sockets } = renderApp({ route: '/queue' });
    await within(await screen.findByTestId('queue')).findByText('Mine for now');
    expect(screen.getByTestId('stat-active')).toHaveTextContent('1');
    act(() => sockets.latest!.simulateConnect());

    held.assignedTo = null;
    active = 0;
    act(() => sockets.latest!.serverEmit('ticket_updated', { ticketId: held.id, fields: ['assignedTo'], updatedAt: held.updatedAt }));
    expect(await screen.findByText('Your queue is empty.')).toBeInTheDocument();
    await within(screen.getByTestId('stat-active')).findByText('0');
  });
});
