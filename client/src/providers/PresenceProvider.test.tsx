import type { PresenceStatus } from '@relaydesk/shared';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../test/fakeApi.js';
import { makeUser, page, sessionOf } from '../test/fixtures.js';
import { renderApp } from '../test/renderApp.js';

const admin = makeUser({ name: 'Ada Admin', role: 'admin' });
const omar = makeUser({ name: 'Omar Backend', role: 'moderator' });

describe('presence', () => {
  const routes = {
    'GET /api/auth/me': () => ({ body: sessionOf(admin) }),
    'GET /api/users': (r: { query: URLSearchParams }) => ({ body: page(r.query.get('role') === 'moderator' ? [omar] : [admin]) }),
    'GET /api/presence': () => ({
      body: {
        items: [
          { user: { id: omar.id, name: omar.name, role: 'moderator' }, status: 'offline' },
          { user: { id: admin.id, name: admin.name, role: 'admin' }, status: 'online' },
        ],
      },
    }),
  };

  it('starts from the presence list and follows user_status_changed events', async () => {
    fakeApi(routes);
    const { sockets } = renderApp({ route: '/admin/moderators' });
    const card = () => screen.getAllByTestId('moderator-card').find((c) => c.textContent?.includes('Omar Backend'))!;
    await screen.findByText('Omar Backend');
    expect(await within(card()).findByText('Offline')).toBeInTheDocument();

    act(() => sockets.latest!.simulateConnect());
    act(() => sockets.latest!.serverEmit('user_status_changed', { userId: omar.id, status: 'dnd' }));
    expect(within(card()).getByText('Do not disturb')).toBeInTheDocument();
    expect(within(card()).getByRole('img', { name: 'Do not disturb' })).toBeInTheDocument();
  });

  it('still shows the board when the presence list cannot be loaded: dots read "unknown" until events arrive', async () => {
    fakeApi({ ...routes, 'GET /api/presence': () => ({ status: 503, body: { error: { code: 'unavailable', message: 'try again shortly' } } }) });
    const { sockets } = renderApp({ route: '/admin/moderators' });
    const card = () => screen.getAllByTestId('moderator-card').find((c) => c.textContent?.includes('Omar Backend'))!;
    await screen.findByText('Omar Backend');
    expect(within(card()).getByText('Presence unknown')).toBeInTheDocument();
    act(() => sockets.latest!.simulateConnect());
    act(() => sockets.latest!.serverEmit('user_status_changed', { userId: omar.id, status: 'online' }));
    expect(within(card()).getByText('Online')).toBeInTheDocument();
  });

  it('lets a person switch their own status from the navigation bar', async () => {
    const api = fakeApi({
      ...routes,
      'PATCH /api/auth/status': (r) => ({ body: sessionOf({ ...admin, presence: (r.body as { status: PresenceStatus }).status }) }),
    });
    renderApp({ route: '/admin/moderators' });
    await userEvent.click(await screen.findByRole('menuitemradio', { name: 'Do not disturb' }));
    expect(api.to('/api/auth/status', 'PATCH')[0]?.body).toEqual({ status: 'dnd' });
    expect(await screen.findByTestId('presence-switcher')).toHaveAccessibleName('Your status: Do not disturb. Change status');
  });
});
