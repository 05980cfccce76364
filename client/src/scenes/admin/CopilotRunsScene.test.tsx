import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeUser, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

describe('copilot runs screen', () => {
  it('lists each run with its engine, tokens, tools and fallback reason, and is offered to admins only', async () => {
    const admin = makeUser({ name: 'Ada Admin', role: 'admin' });
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(admin) }),
      'GET /api/copilot/runs': () => ({
        body: {
          items: [
            {
              id: 'run-1',
              ticketId: 'a'.repeat(24),
              kind: 'draft',
              stage: 'done',
              engine: 'local',
              model: 'gemini-2.0-flash',
              modelCalls: 1,
              promptTokens: 120,
              responseTokens: 0,
              durationMs: 830,
              tools: [{ name: 'read_ticket', durationMs: 4 }],
              fallbackReason: 'unavailable: stub status 429',
              createdAt: '2026-11-30T08:00:00.000Z',
              finishedAt: '2026-11-30T08:00:01.000Z',
            },
          ],
          page: 1,
          pageSize: 20,
          total: 1,
        },
      }),
    });
    renderApp({ route: '/admin/copilot' });
    const row = (await screen.findByText('unavailable: stub status 429')).closest('tr')!;
    expect(within(row).getByText('read_ticket')).toBeInTheDocument();
    expect(within(row).getByText('120 / 0')).toBeInTheDocument();
    expect(within(row).getByText('830 ms')).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Copilot runs' }).length).toBeGreaterThan(0);
  });

  it('is not offered to a moderator', async () => {
    const moderator = makeUser({ name: 'Maya Mod', role: 'moderator' });
    fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(moderator) }), 'GET /api/tickets': () => ({ body: { items: [], nextCursor: null } }) });
    renderApp({ route: '/admin/copilot' });
    expect(await screen.findByRole('navigation')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Copilot runs' })).not.toBeInTheDocument();
  });
});
