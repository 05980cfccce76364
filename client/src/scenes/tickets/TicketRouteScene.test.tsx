import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeTicket, makeTicketDetail, makeUser, page, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

describe('ticket numbers in the client', () => {
  it('opens /tickets/1042 as ticket #1042: looked up by number, its thread then read by the ticket’s id', async () => {
    const ticket = makeTicketDetail({ number: 1042, title: 'Badge reader offline' });
    const api = fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
      'GET /api/tickets/by-number/1042': () => ({ body: { ticket } }),
      [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket } }),
      [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page([], { limit: 50 }) }),
    });
    renderApp({ route: '/tickets/1042' });
    expect(await screen.findByRole('heading', { name: 'Badge reader offline' })).toBeInTheDocument();
    expect(screen.getByTestId('ticket-number')).toHaveTextContent('#1042');
    expect(screen.getByTestId('location')).toHaveTextContent('/tickets/1042');
    expect(api.to('/api/tickets/by-number/1042')).toHaveLength(1);
    // The comments are asked for by the ticket's id, not the number.
    expect(api.to(`/api/tickets/${ticket.id}/comments`).length).toBeGreaterThan(0);
  });

  it('says a number it cannot resolve does not exist, or is not the caller’s to see', async () => {
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
      'GET /api/tickets/by-number/77': () => ({ status: 404, body: { error: { code: 'not_found', message: 'ticket not found' } } }),
    });
    renderApp({ route: '/tickets/77' });
    expect(await screen.findByText('Ticket #77 does not exist, or you cannot see it.')).toBeInTheDocument();
  });

  it('still opens a ticket by its id', async () => {
    const ticket = makeTicketDetail({ number: 5, title: 'Opened by id' });
    const api = fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
      [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket } }),
      [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page([], { limit: 50 }) }),
    });
    renderApp({ route: `/tickets/${ticket.id}` });
    expect(await screen.findByRole('heading', { name: 'Opened by id' })).toBeInTheDocument();
    expect(screen.getByTestId('ticket-number')).toHaveTextContent('#5');
    expect(api.requests.filter((r) => r.path.includes('by-number'))).toEqual([]);
  });

  it('shows each list row’s number as #1042', async () => {
    const tickets = [makeTicket({ number: 1042, title: 'Printer jam' }), makeTicket({ number: 7, title: 'VPN drop' })];
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
      'GET /api/tickets': () => ({ body: page(tickets) }),
    });
    renderApp({ route: '/tickets' });
    const row = (await screen.findByText('Printer jam')).closest('li')!;
    expect(within(row).getByTestId('ticket-number')).toHaveTextContent('#1042');
    expect(within(screen.getByText('VPN drop').closest('li')!).getByTestId('ticket-number')).toHaveTextContent('#7');
  });
});
