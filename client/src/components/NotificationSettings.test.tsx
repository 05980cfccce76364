import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../test/fakeApi.js';
import { makeUser, page, sessionOf } from '../test/fixtures.js';
import { renderApp } from '../test/renderApp.js';

describe('e-mail preference in the account menu', { timeout: 30_000 }, () => {
  it('shows the stored choice and switches ticket e-mails off through the preferences endpoint', async () => {
    const uma = makeUser({ name: 'Uma User' });
    const api = fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(uma) }),
      'GET /api/tickets': () => ({ body: page([]) }),
      'PATCH /api/auth/preferences': (r) => ({ body: { ...sessionOf(uma), preferences: r.body } }),
    });
    renderApp({ route: '/tickets' });
    await userEvent.click(await screen.findByRole('button', { name: 'Account menu for Uma User' }, { timeout: 10_000 }));
    const toggle = screen.getByRole('checkbox', { name: 'E-mail me about my tickets' });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    expect(api.to('/api/auth/preferences', 'PATCH').map((r) => r.body)).toEqual([{ notifyByEmail: false }]);
    expect(await screen.findByRole('checkbox', { name: 'E-mail me about my tickets' })).not.toBeChecked();
  });
});
