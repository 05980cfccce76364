import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeTicketDetail, makeUser, page, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

function setup() {
  const self = makeUser({ name: 'Maya Frontend', role: 'moderator' });
  const ticket = makeTicketDetail({ assignedTo: { id: self.id, name: self.name, role: 'moderator' } });
  const solvedId = 'e'.repeat(24);
  fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(self) }),
    [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket } }),
    [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page([], { limit: 50 }) }),
    [`GET /api/tickets/${ticket.id}/similar`]: () => ({
      body: {
        items: [
          {
            ticket: { id: solvedId, number: 9, title: 'Webhook signature mismatch', status: 'completed' },
            score: 7,
            coverage: 0.5,
            resolution: 'You were using the old secret; rotated it together.',
          },
        ],
      },
    }),
    [`POST /api/tickets/${ticket.id}/ask`]: () => ({
      status: 503,
      body: { error: { code: 'ai_unavailable', message: 'asking about a ticket needs the AI assistant, which is not available on this server' } },
    }),
    [`POST /api/tickets/${ticket.id}/draft-reply`]: () => ({
      body: {
        draft: {
          text: 'Hi Leo,\n\nThanks for ticket #13. You were using the old secret.',
          engine: 'local',
          sources: [solvedId],
          label: 'Suggestion from solved ticket #9: check it before sending.',
        },
      },
    }),
  });
  renderApp({ route: `/tickets/${ticket.id}` });
}

describe('copilot panel on a ticket', () => {
  it('puts a solved ticket’s answer, or a drafted reply, in the composer for the moderator to edit', async () => {
    setup();
    const user = userEvent.setup();
    expect(await screen.findByText('#9 Webhook signature mismatch')).toBeInTheDocument();
    const composer = await screen.findByLabelText('Add a comment');

    await user.click(screen.getByRole('button', { name: 'Use this answer' }));
    expect(composer).toHaveValue('You were using the old secret; rotated it together.');

    await user.clear(composer);
    await user.click(screen.getByRole('button', { name: 'Draft a reply' }));
    expect(await screen.findByText('Suggestion from solved ticket #9: check it before sending.')).toBeInTheDocument();
    expect(screen.getByLabelText('Suggested reply')).toHaveTextContent('Thanks for ticket #13. You were using the old secret.');
    // Shown first; only the moderator's click puts it in the composer.
    expect(composer).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Insert into reply' }));
    expect(composer).toHaveValue('Hi Leo,\n\nThanks for ticket #13. You were using the old secret.');
  });

  it('says why a question cannot be answered when no assistant is available', async () => {
    setup();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Ask the assistant about this ticket'), 'Has this happened before?');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The assistant is not available: asking about a ticket needs the AI assistant');
  });
});
