import type { TicketBulkBody, TicketListItem } from '@relaydesk/shared';
import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, type FakeRequest } from '../../test/fakeApi.js';
import { makeComment, makeListItem, makeTicketDetail, makeUser, page, sessionOf, ticketAbilities } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

// These screens render the whole app; on a machine busy with other test runs a first
// render can take longer than the default second, which says nothing about the queue.
configure({ asyncUtilTimeout: 5_000 });
vi.setConfig({ testTimeout: 20_000 });

const admin = makeUser({ role: 'admin', name: 'Ada Admin' });
const moderator = makeUser({ role: 'moderator', name: 'Maya Moderator' });
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const sla = (over: Partial<NonNullable<TicketListItem['sla']>> = {}): NonNullable<TicketListItem['sla']> => ({
  firstResponseDueAt: inMinutes(30),
  firstRespondedAt: null,
  resolutionDueAt: inMinutes(600),
  resolvedAt: null,
  pausedSince: null,
  warned: { firstResponse: false, resolution: false },
  breached: { firstResponse: false, resolution: false },
  ...over,
});

const items: TicketListItem[] = [
  makeListItem({ title: 'Printer on fire', unread: true, waitingOn: 'staff', waitingSince: inMinutes(-120), sla: sla() }),
  makeListItem({ title: 'VPN drops hourly', waitingOn: 'requester', sla: sla({ breached: { firstResponse: true, resolution: false } }) }),
  makeListItem({ title: 'Password reset', waitingOn: 'staff', sla: sla({ firstRespondedAt: inMinutes(-5), pausedSince: inMinutes(-1) }) }),
];

function queueApi(role: 'admin' | 'moderator' = 'admin', extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(role === 'admin' ? admin : moderator) }),
    'GET /api/tickets': () => ({ body: page(items) }),
    'GET /api/users': () => ({ body: page([moderator]) }),
    ...extra,
  });
}

const rows = () => screen.getAllByTestId('ticket-row');
const lastListRequest = (api: ReturnType<typeof fakeApi>) => api.to('/api/tickets').at(-1)!;

afterEach(() => vi.restoreAllMocks());

describe('the queue keeps its view in the URL', () => {
  it('reads filters, sort and the SLA view from a bookmarked address and sends them to the server', async () => {
    const api = queueApi();
    renderApp({ route: '/tickets?sla=breached&sort=due&status=todo,waiting&assignee=unassigned' });
    await screen.findByText('Printer on fire');
    const sent = lastListRequest(api).query;
    expect(sent.get('sla')).toBe('breached');
    expect(sent.get('sort')).toBe('due');
    expect(sent.get('status')).toBe('todo,waiting');
    expect(sent.get('assignee')).toBe('unassigned');
    expect(screen.getByRole('tab', { name: 'Breached' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByLabelText('Sort')).toHaveValue('due');
  });

  it('writes each choice into the URL, back to page 1', async () => {
    const api = queueApi();
    renderApp({ route: '/tickets?page=2' });
    await screen.findByText('Printer on fire');
    await userEvent.click(screen.getByRole('tab', { name: 'Due in the next hour' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/tickets?sla=due_soon'));
    await userEvent.selectOptions(screen.getByLabelText('Sort'), 'waiting');
    await userEvent.selectOptions(screen.getByLabelText('Assignee'), 'me');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/tickets?sla=due_soon&sort=waiting&assignee=me'));
    await waitFor(() => expect(lastListRequest(api).query.get('assignee')).toBe('me'));
    expect(lastListRequest(api).query.get('sort')).toBe('waiting');
    expect(lastListRequest(api).query.get('page')).toBe('1');
  });

  it('offers requesters no staff views, and sends none of them', async () => {
    const api = fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
      'GET /api/tickets': () => ({ body: page([makeListItem({ title: 'My own ticket', unread: true })]) }),
    });
    renderApp({ route: '/tickets?sla=breached&assignee=me' });
    await screen.findByText('My own ticket');
    expect(screen.queryByRole('tab', { name: 'Breached' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Assignee')).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: /select/i })).not.toBeInTheDocument();
    expect(screen.queryByTestId('sla-badge')).not.toBeInTheDocument();
    expect(lastListRequest(api).query.has('sla')).toBe(false);
    expect(lastListRequest(api).query.has('assignee')).toBe(false);
    expect(within(screen.getByLabelText('Sort')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Newest', 'Oldest']);
  });
});

describe('queue rows', () => {
  it('mark unread tickets, say whose turn it is, and show each SLA state', async () => {
    queueApi();
    renderApp({ route: '/tickets' });
    await screen.findByText('Printer on fire');
    const [fire, vpn, password] = rows();
    expect(fire).toHaveAttribute('data-unread', 'true');
    expect(within(fire!).getByTestId('unread-dot')).toBeInTheDocument();
    expect(within(fire!).getByRole('link')).toHaveClass('font-bold');
    expect(vpn).not.toHaveAttribute('data-unread');
    expect(within(fire!).getByTestId('waiting-on')).toHaveTextContent('Waiting on us 2 hours');
    expect(within(vpn!).getByTestId('waiting-on')).toHaveTextContent('Waiting on requester');
    expect(within(fire!).getByTestId('sla-badge')).toHaveAttribute('data-tone', 'success');
    expect(within(fire!).getByTestId('sla-badge')).toHaveTextContent(/First response due in (29m|30m)/);
    expect(within(vpn!).getByTestId('sla-badge')).toHaveAttribute('data-tone', 'error');
    expect(within(password!).getByTestId('sla-badge')).toHaveAttribute('data-tone', 'ghost');
  });

  it('tick on one shared clock, not one timer per row', async () => {
    const setInterval = vi.spyOn(window, 'setInterval');
    queueApi();
    renderApp({ route: '/tickets' });
    await screen.findByText('Printer on fire');
    expect(screen.getAllByTestId('sla-badge')).toHaveLength(3);
    expect(setInterval.mock.calls.filter(([handler]) => (handler as () => void).name === 'tick')).toHaveLength(1);
  });
});

describe('queue keyboard', () => {
  it('moves with j and k and opens the ticket with Enter', async () => {
    queueApi();
    renderApp({ route: '/tickets' });
    await screen.findByText('Printer on fire');
    await userEvent.keyboard('jjjk');
    expect(rows()[1]).toHaveAttribute('aria-current', 'true');
    expect(rows()[0]).not.toHaveAttribute('aria-current');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/tickets/${items[1]!.id}`));
  });

  it('clears the unread mark of a ticket once it has been opened', async () => {
    const detail = makeTicketDetail({ ...items[0]!, timeline: [] });
    queueApi('admin', {
      [`GET /api/tickets/${detail.id}`]: () => ({ body: { ticket: detail } }),
      [`GET /api/tickets/${detail.id}/comments`]: () => ({ body: page([], { limit: 50 }) }),
    });
    renderApp({ route: '/tickets' });
    await screen.findByText('Printer on fire');
    expect(rows()[0]).toHaveAttribute('data-unread', 'true');
    await userEvent.keyboard('j{Enter}');
    await screen.findByRole('heading', { name: 'Printer on fire' });
    await userEvent.click(screen.getByRole('link', { name: '← Tickets' }));
    await screen.findByRole('list', { name: 'Tickets' });
    expect(rows()[0]).not.toHaveAttribute('data-unread');
  });

  it('ignores the keys while typing in a field, and lists the shortcuts on ?', async () => {
    queueApi();
    renderApp({ route: '/tickets' });
    await screen.findByText('Printer on fire');
    await userEvent.type(screen.getByLabelText('Search tickets'), 'j');
    expect(rows().some((row) => row.getAttribute('aria-current'))).toBe(false);
    (document.activeElement as HTMLElement).blur();
    await userEvent.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Open the selected ticket')).toBeInTheDocument();
  });
});

describe('bulk actions', () => {
  it('lets an admin pick tickets and change them at once, showing what failed', async () => {
    const api = queueApi('admin', {
      'POST /api/tickets/bulk': (request: FakeRequest) => {
        const body = request.body as TicketBulkBody;
        return {
          body: {
            results: [
              { id: body.ids[0], ok: true },
              { id: body.ids[1], ok: false, error: { code: 'conflict', message: 'the ticket changed meanwhile' } },
            ],
            succeeded: 1,
            failed: 1,
          },
        };
      },
    });
    renderApp({ route: '/tickets' });
    await screen.findByText('Printer on fire');
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText(`Select #${items[0]!.number}`));
    await userEvent.click(screen.getByLabelText(`Select #${items[1]!.number}`));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(within(bar).getByTestId('bulk-count')).toHaveTextContent('2 selected');
    await userEvent.selectOptions(within(bar).getByLabelText('Action'), 'priority');
    await userEvent.selectOptions(within(bar).getByLabelText('New priority'), 'urgent');
    await userEvent.click(within(bar).getByRole('button', { name: 'Apply to 2' }));
    expect(await within(bar).findByTestId('bulk-outcome')).toHaveTextContent('1 changed, 1 not changed');
    expect(within(bar).getByText(`#${items[1]!.number}: the ticket changed meanwhile`)).toBeInTheDocument();
    expect(api.to('/api/tickets/bulk', 'POST')[0]?.body).toEqual({ ids: [items[0]!.id, items[1]!.id], action: 'priority', priority: 'urgent' });
  });

  it('selects the whole page at once, and assigns to a chosen moderator', async () => {
    const api = queueApi('admin', { 'POST /api/tickets/bulk': () => ({ body: { results: [], succeeded: 3, failed: 0 } }) });
    renderApp({ route: '/tickets' });
    await screen.findByText('Printer on fire');
    await userEvent.click(screen.getByLabelText('Select all on this page'));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(within(bar).getByTestId('bulk-count')).toHaveTextContent('3 selected');
    await userEvent.selectOptions(within(bar).getByLabelText('Action'), 'assign');
    expect(within(bar).getByRole('button', { name: 'Apply to 3' })).toBeDisabled();
    await userEvent.selectOptions(await within(bar).findByLabelText('Assignee'), await within(bar).findByRole('option', { name: moderator.name }));
    await userEvent.click(within(bar).getByRole('button', { name: 'Apply to 3' }));
    await waitFor(() => expect(api.to('/api/tickets/bulk', 'POST')).toHaveLength(1));
    expect(api.to('/api/tickets/bulk', 'POST')[0]?.body).toMatchObject({ action: 'assign', moderatorId: moderator.id });
  });

  it('offers no selection to moderators', async () => {
    queueApi('moderator');
    renderApp({ route: '/tickets' });
    await screen.findByText('Printer on fire');
    expect(screen.queryByRole('checkbox', { name: /select/i })).not.toBeInTheDocument();
  });
});

describe('ticket page shortcuts', () => {
  it('r focuses the composer for a reply and n for an internal note', async () => {
    const ticket = makeTicketDetail({
      title: 'Printer on fire',
      assignedTo: { id: moderator.id, name: moderator.name, role: 'moderator' },
      abilities: ticketAbilities({ changeStatus: true, addInternalNote: true, readInternalNotes: true }),
    });
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(moderator) }),
      [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket } }),
      [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page([makeComment({ ticketId: ticket.id })], { limit: 50 }) }),
      [`GET /api/tickets/${ticket.id}/similar`]: () => ({ body: { items: [] } }),
      [`GET /api/users/${ticket.createdBy.id}/context`]: () => ({ status: 404, body: { error: { code: 'not_found', message: 'no' } } }),
      'GET /api/canned-replies': () => ({ body: page([]) }),
    });
    renderApp({ route: `/tickets/${ticket.id}` });
    await screen.findByRole('heading', { name: 'Printer on fire' });

    await userEvent.keyboard('n');
    await waitFor(() => expect(screen.getByLabelText('Add an internal note')).toHaveFocus());
    act(() => (document.activeElement as HTMLElement).blur());
    fireEvent.keyDown(document.body, { key: 'r' });
    await waitFor(() => expect(screen.getByLabelText('Add a comment')).toHaveFocus());
    // Typing r in the composer writes an r rather than jumping anywhere.
    await userEvent.keyboard('rn');
    expect(screen.getByLabelText('Add a comment')).toHaveValue('rn');
  });
});
