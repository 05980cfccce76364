import { SERVER_EVENTS } from '@relaydesk/shared';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../test/fakeApi.js';
import { makeComment, makeUser, page, sessionOf } from '../test/fixtures.js';
import { renderApp } from '../test/renderApp.js';

/** Stands in for the browser's Notification API: records what was shown and what was asked. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static answer: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = FakeNotification.answer;
    return FakeNotification.answer;
  });
  onclick: (() => void) | null = null;
  close = vi.fn();
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
}

let visibility: DocumentVisibilityState = 'hidden';
const maya = makeUser({ id: 'd'.repeat(24), name: 'Maya Moderator', role: 'moderator' });

beforeEach(() => {
  FakeNotification.permission = 'default';
  FakeNotification.answer = 'granted';
  FakeNotification.shown = [];
  FakeNotification.requestPermission.mockClear();
  vi.stubGlobal('Notification', FakeNotification);
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  visibility = 'hidden';
  window.localStorage.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

async function setup() {
  fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(maya) }),
    'GET /api/tickets': () => ({ body: page([]) }),
    'GET /api/presence': () => ({ body: { items: [] } }),
  });
  const rendered = renderApp({ route: '/tickets' });
  await screen.findByRole('button', { name: `Account menu for ${maya.name}` }, { timeout: 10_000 });
  act(() => rendered.sockets.latest!.simulateConnect());
  const push = (event: string, payload: unknown) => act(() => rendered.sockets.latest!.serverEmit(event, payload));
  return { push };
}

const enable = async () => {
  await userEvent.click(screen.getByRole('button', { name: `Account menu for ${maya.name}` }));
  await userEvent.click(screen.getByRole('button', { name: 'Enable desktop notifications' }));
};

const assigned = (assigneeId: string) => ({
  ticketId: 'f'.repeat(24),
  number: 1042,
  title: 'VPN drops every hour',
  assignee: { id: assigneeId, name: 'Someone', role: 'moderator' },
  updatedAt: '2026-01-15T10:00:00.000Z',
});

describe('desktop notifications', { timeout: 30_000 }, () => {
  it('asks for permission only when the button is pressed, then shows a new assignment while the tab is hidden', async () => {
    const { push } = await setup();
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    await enable();
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('button', { name: 'Turn off desktop notifications' })).toBeInTheDocument();

    push(SERVER_EVENTS.ticketAssigned, assigned(maya.id));
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([['Assigned to you: #1042', 'VPN drops every hour']]);
  });

  it('shows a reply by someone else, but not one’s own, nor anything while the tab is visible', async () => {
    const { push } = await setup();
    await enable();
    const fromRita = makeComment({ body: 'It dropped again just now', author: { id: 'e'.repeat(24), name: 'Rita Requester', role: 'user' } });
    const fromMaya = makeComment({ body: 'Looking into it', author: { id: maya.id, name: maya.name, role: 'moderator' } });
    push(SERVER_EVENTS.commentAdded, { ticketId: fromRita.ticketId, comment: fromRita, updatedAt: fromRita.createdAt });
    push(SERVER_EVENTS.commentAdded, { ticketId: fromMaya.ticketId, comment: fromMaya, updatedAt: fromMaya.createdAt });
    visibility = 'visible';
    const later = makeComment({ body: 'Seen while looking', author: { id: 'e'.repeat(24), name: 'Rita Requester', role: 'user' } });
    push(SERVER_EVENTS.commentAdded, { ticketId: later.ticketId, comment: later, updatedAt: later.createdAt });

    expect(FakeNotification.shown.map((n) => [n.title, n.options.body, n.options.tag])).toEqual([
      ['New reply from Rita Requester', 'It dropped again just now', `comment:${fromRita.id}`],
    ]);
  });

  it('ignores assignments to others, and shows nothing before it is enabled or after it is turned off', async () => {
    const { push } = await setup();
    push(SERVER_EVENTS.ticketAssigned, assigned(maya.id));
    await enable();
    push(SERVER_EVENTS.ticketAssigned, assigned('c'.repeat(24)));
    await userEvent.click(screen.getByRole('button', { name: 'Turn off desktop notifications' }));
    push(SERVER_EVENTS.ticketAssigned, assigned(maya.id));
    expect(FakeNotification.shown).toEqual([]);
  });

  it('stays off when the browser refuses, and says where to change it', async () => {
    FakeNotification.answer = 'denied';
    const { push } = await setup();
    await enable();
    expect(await screen.findByText(/blocked in this browser’s site settings/)).toBeInTheDocument();
    push(SERVER_EVENTS.ticketAssigned, assigned(maya.id));
    expect(FakeNotification.shown).toEqual([]);
  });
});
