import type { Ticket } from '@relaydesk/shared';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, type FakeRequest } from '../../test/fakeApi.js';
import { makeTicket, makeUser, page, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

const maya = makeUser({ name: 'Maya Frontend', role: 'moderator', stats: { totalResolved: 7, avgResolutionHours: 5.5, activeTickets: 3, lastAssignedAt: null } });
const mine = { id: maya.id, name: maya.name, role: maya.role };
const someoneElse = { id: 'e'.repeat(24), name: 'Omar Backend', role: 'moderator' as const };

describe('moderator queue', () => {
  it('orders open assigned tickets by priority, then by how long they have waited, and shows the moderator’s numbers', async () => {
    const tickets: Ticket[] = [
      makeTicket({ title: 'Old low', priority: 'low', assignedTo: mine, createdAt: '2026-01-10T08:00:00.000Z' }),
      makeTicket({ title: 'New urgent', priority: 'urgent', assignedTo: mine, createdAt: '2026-01-15T09:00:00.000Z', status: 'in_progress' }),
      makeTicket({ title: 'Old urgent', priority: 'urgent', assignedTo: mine, createdAt: '2026-01-12T09:00:00.000Z' }),
      makeTicket({ title: 'Filed by me, not mine to work', priority: 'high', assignedTo: someoneElse }),
    ];
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(maya) }),
      'GET /api/tickets': (r: FakeRequest) => ({ body: page(tickets.filter((t) => t.status === r.query.get('status')), { limit: 100 }) }),
    });
    renderApp({ route: '/queue' });
    const queue = await screen.findByTestId('queue');
    expect(within(queue).getAllByRole('link').map((a) => a.textContent)).toEqual(['Old urgent', 'New urgent', 'Old low']);
    expect(screen.getByTestId('stat-resolved')).toHaveTextContent('7');
    expect(screen.getByTestId('stat-active')).toHaveTextContent('3');
    expect(screen.getByText('5.5 h')).toBeInTheDocument();
  });

  it('shows a new assignment the moment the server announces it, with a toast', async () => {
    const tickets: Ticket[] = [makeTicket({ title: 'Already here', assignedTo: mine })];
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(maya) }),
      'GET /api/tickets': (r: FakeRequest) => ({ body: page(tickets.filter((t) => t.status === r.query.get('status')), { limit: 100 }) }),
    });
    const { sockets } = renderApp({ route: '/queue' });
    await screen.findByText('Already here');
    act(() => sockets.latest!.simulateConnect());

    const arriving = makeTicket({ title: 'Fresh from triage', priority: 'high', assignedTo: mine });
    tickets.push(arriving);
    act(() =>
      sockets.latest!.serverEmit('ticket_assigned', { ticketId: arriving.id, number: arriving.number, title: arriving.title, assignee: mine, updatedAt: arriving.updatedAt }),
    );
    expect(await screen.findByText(`New ticket assigned to you: #${arriving.number} “Fresh from triage”`)).toBeInTheDocument();
    const row = (await within(screen.getByTestId('queue')).findByText('Fresh from triage')).closest('li')!;
    expect(within(row).getByText('New')).toBeInTheDocument();
  });

  it('says so when the queue is empty', async () => {
    fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(maya) }), 'GET /api/tickets': () => ({ body: page([], { limit: 100 }) }) });
    renderApp({ route: '/queue' });
    expect(await screen.findByText('Your queue is empty.')).toBeInTheDocument();
  });
});
