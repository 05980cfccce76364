import type { Ticket } from '@relaydesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, type FakeRequest } from '../../test/fakeApi.js';
import { makeTicket, makeUser, page, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';
import { TICKETS_PER_PAGE } from './TicketListScene.js';

const allTickets: Ticket[] = Array.from({ length: 23 }, (_, i) =>
  makeTicket({ title: `Ticket number ${i + 1}`, status: i % 3 === 0 ? 'completed' : 'todo' }),
);

/** A server that paginates, filters by status and searches titles like the real one. */
function ticketsEndpoint(request: FakeRequest) {
  const pageNumber = Number(request.query.get('page') ?? 1);
  const limit = Number(request.query.get('limit') ?? 20);
  const status = request.query.get('status');
  const q = request.query.get('q')?.toLowerCase();
  const matching = allTickets.filter((t) => (!status || t.status === status) && (!q || t.title.toLowerCase().includes(q)));
  return { body: page(matching.slice((pageNumber - 1) * limit, pageNumber * limit), { page: pageNumber, limit, total: matching.length }) };
}

const titles = () => within(screen.getByRole('list', { name: 'Tickets' })).getAllByRole('link').map((a) => a.textContent);

describe('ticket list', () => {
  it('pages through the server’s pages', async () => {
    const api = fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }), 'GET /api/tickets': ticketsEndpoint });
    renderApp({ route: '/tickets' });

    expect(await screen.findByText('Ticket number 1')).toBeInTheDocument();
    expect(titles()).toHaveLength(TICKETS_PER_PAGE);
    expect(screen.getByText(/Page 1 of 3/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Ticket number 11')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/tickets?page=2');
    expect(api.to('/api/tickets').at(-1)?.query.get('page')).toBe('2');

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Ticket number 23')).toBeInTheDocument();
    expect(titles()).toHaveLength(3);
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });

  it('filters by status on the server and starts again at page 1', async () => {
    const api = fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }), 'GET /api/tickets': ticketsEndpoint });
    renderApp({ route: '/tickets?page=2' });
    expect(await screen.findByText('Ticket number 11')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'completed');
    await waitFor(() => expect(screen.getByText(/Page 1 of 1 · 8 tickets/)).toBeInTheDocument());
    const last = api.to('/api/tickets').at(-1);
    expect(last?.query.get('status')).toBe('completed');
    expect(last?.query.get('page')).toBe('1');
  });

  it('searches once typing pauses', async () => {
    const api = fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }), 'GET /api/tickets': ticketsEndpoint });
    renderApp({ route: '/tickets' });
    await screen.findByText('Ticket number 1');
    // No delay between keystrokes: a loaded machine then cannot slip a debounce pause in mid-word.
    await userEvent.setup({ delay: null }).type(screen.getByLabelText('Search tickets'), 'number 2');
    await waitFor(() => expect(titles()).toEqual(['Ticket number 2', 'Ticket number 20', 'Ticket number 21', 'Ticket number 22', 'Ticket number 23']));
    const searches = api.to('/api/tickets').filter((r) => r.query.has('q')).map((r) => r.query.get('q'));
    // Debounced: the last search is the whole text, and keystrokes did not each fire one.
    expect(searches.at(-1)).toBe('number 2');
    expect(searches.length).toBeLessThan('number 2'.length / 2);
  });

  it('says so when there are no tickets, and when filters match none', async () => {
    fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }), 'GET /api/tickets': () => ({ body: page([]) }) });
    renderApp({ route: '/tickets' });
    expect(await screen.findByText('No tickets yet.')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'todo');
    expect(await screen.findByText('No tickets match these filters.')).toBeInTheDocument();
  });

  it('shows a failed load with a way to retry', async () => {
    let calls = 0;
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
      'GET /api/tickets': (request) => {
        calls += 1;
        return calls === 1 ? { status: 500, body: { error: { code: 'internal', message: 'something went wrong on our side' } } } : ticketsEndpoint(request);
      },
    });
    renderApp({ route: '/tickets' });
    expect(await screen.findByText('Could not load tickets.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Ticket number 1')).toBeInTheDocument();
  });
});
