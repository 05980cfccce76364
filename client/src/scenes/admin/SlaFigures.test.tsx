import { PRIORITIES, type DashboardStats } from '@relaydesk/shared';
import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeUser, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';
import { formatDuration } from './SlaFigures.js';

const admin = makeUser({ name: 'Ada Admin', role: 'admin' });
const none = { met: 0, breached: 0, rate: null };
const days = Array.from({ length: 14 }, (_, i) => `2026-11-${String(17 + i).padStart(2, '0')}`);

function statsWith(sla: Partial<DashboardStats['sla']>): DashboardStats {
  return {
    totals: { tickets: 3, unassigned: 0, byStatus: { todo: 1, in_progress: 1, waiting: 0, completed: 1 }, byPriority: { low: 0, medium: 3, high: 0, urgent: 0 } },
    daily: days.map((date) => ({ date, created: 0, completed: 0 })),
    moderators: [],
    sla: {
      attainment: { byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, { firstResponse: none, resolution: none }])) as DashboardStats['sla']['attainment']['byPriority'], byModerator: [] },
      breachesPerDay: days.map((date) => ({ date, firstResponse: 0, resolution: 0 })),
      medianFirstResponseMinutes: null,
      medianResolutionMinutes: null,
      ...sla,
    },
    generatedAt: '2026-11-30T08:00:00.000Z',
  } as DashboardStats;
}

describe('service levels on the analytics page', () => {
  // The page (and Recharts) loads lazily; load it once up front so each test waits only on its own data.
  beforeAll(async () => {
    await import('./AnalyticsScene.js');
  }, 60_000);

  it('shows attainment, medians, per-moderator shares and breaches per day from the stats', async () => {
    const stats = statsWith({
      attainment: {
        byPriority: {
          ...statsWith({}).sla.attainment.byPriority,
          high: { firstResponse: { met: 3, breached: 1, rate: 0.75 }, resolution: { met: 1, breached: 0, rate: 1 } },
          low: { firstResponse: { met: 1, breached: 0, rate: 1 }, resolution: none },
        },
        byModerator: [{ id: 'a'.repeat(24), name: 'Maya Moderator', firstResponse: { met: 2, breached: 1, rate: 0.667 }, resolution: { met: 1, breached: 0, rate: 1 } }],
      },
      breachesPerDay: days.map((date, i) => ({ date, firstResponse: i === 13 ? 2 : 0, resolution: i === 12 ? 1 : 0 })),
      medianFirstResponseMinutes: 12.4,
      medianResolutionMinutes: 200,
    });
    fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(admin) }), 'GET /api/stats': () => ({ body: stats }) });
    renderApp({ route: '/admin/analytics' });

    const totals = await screen.findByTestId('sla-totals', {}, { timeout: 10_000 });
    // 4 of 5 first responses in time across priorities; 1 of 1 resolutions.
    expect(within(totals).getByText('First response in time').parentElement).toHaveTextContent('80%1 breached');
    expect(within(totals).getByText('Resolved in time').parentElement).toHaveTextContent('100%0 breached');
    expect(within(totals).getByText('Median first response').parentElement).toHaveTextContent('12 min');
    expect(within(totals).getByText('Median resolution').parentElement).toHaveTextContent('3.3 h');

    const byPriority = screen.getByRole('table', { name: 'SLA attainment by priority' });
    expect(within(byPriority).getByRole('row', { name: /High/ })).toHaveTextContent('75% (3 met, 1 breached)');
    expect(within(byPriority).getByRole('row', { name: /Urgent/ })).toHaveTextContent('no decided tickets');
    const byModerator = screen.getByRole('table', { name: 'SLA attainment by moderator' });
    expect(within(byModerator).getByRole('row', { name: /Maya/ })).toHaveTextContent('67% (2 met, 1 breached)');
    const breaches = screen.getByRole('table', { name: 'SLA breaches per day' });
    expect(within(breaches).getByRole('row', { name: /30 Nov/ })).toHaveTextContent('30 Nov20');
    expect(within(breaches).getByRole('row', { name: /29 Nov/ })).toHaveTextContent('29 Nov01');
  }, 30_000);

  it('says plainly when nothing has been decided yet', async () => {
    fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(admin) }), 'GET /api/stats': () => ({ body: statsWith({}) }) });
    renderApp({ route: '/admin/analytics' });
    const totals = await screen.findByTestId('sla-totals', {}, { timeout: 10_000 });
    expect(within(totals).getByText('First response in time').parentElement).toHaveTextContent('—0 breached');
    expect(within(totals).getByText('Median first response').parentElement).toHaveTextContent('—');
    expect(screen.getByText('No assigned ticket has met or missed a target yet.')).toBeInTheDocument();
  });
});

describe('formatDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0.5)).toBe('30 s');
    expect(formatDuration(12.4)).toBe('12 min');
    expect(formatDuration(90)).toBe('1.5 h');
    expect(formatDuration(3 * 1440)).toBe('3.0 d');
  });
});
