import type { AssignmentCandidatesResponse, TicketDetail } from '@relaydesk/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, validationError, type FakeRequest } from '../../test/fakeApi.js';
import { makeTicketDetail, makeUser, page, sessionOf, ticketAbilities } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

const maya = { id: 'd'.repeat(24), name: 'Maya Frontend', role: 'moderator' as const };
const omar = { id: 'e'.repeat(24), name: 'Omar Backend', role: 'moderator' as const };
const bea = { id: 'f'.repeat(24), name: 'Bea Billing', role: 'moderator' as const };
const admin = makeUser({ name: 'Ada Admin', role: 'admin' });

type Answer = { status?: number; body?: unknown };

/** The ticket page for `self`, with the new ticket endpoints answering as `answers` says (default: the updated ticket). */
function setup({
  self = admin,
  ticket,
  answers = {},
}: {
  self?: ReturnType<typeof makeUser>;
  ticket: TicketDetail;
  answers?: Partial<Record<'triage' | 'assign' | 'claim' | 'release' | 'candidates', (r: FakeRequest) => Answer>>;
}) {
  let current = ticket;
  const ok = () => ({ body: { ticket: current } });
  const api = fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(self) }),
    [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket: current } }),
    [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page([], { limit: 50 }) }),
    [`PATCH /api/tickets/${ticket.id}/triage`]: answers.triage ?? ok,
    [`POST /api/tickets/${ticket.id}/assign`]: answers.assign ?? ok,
    [`POST /api/tickets/${ticket.id}/claim`]: answers.claim ?? ok,
    [`POST /api/tickets/${ticket.id}/release`]: answers.release ?? ok,
    [`GET /api/tickets/${ticket.id}/candidates`]: answers.candidates ?? (() => ({ body: candidates })),
    // The copilot panel beside the insights: nothing similar solved yet.
    [`GET /api/tickets/${ticket.id}/similar`]: () => ({ body: { items: [] } }),
  });
  renderApp({ route: `/tickets/${ticket.id}` });
  const serverChanges = (changes: Partial<TicketDetail>) => (current = { ...current, ...changes });
  return { api, ticket, serverChanges };
}

const candidates: AssignmentCandidatesResponse = {
  items: [
    {
      ...omar,
      moderatorId: omar.id,
      score: 0.71,
      skillMatch: 0.8,
      availability: 0.6,
      performance: 0.7,
      presence: 'online',
      eligible: true,
      activeTickets: 2,
      capacity: 10,
      standing: 'Chosen: online, 2/10 active, best skill match',
    },
    {
      ...bea,
      moderatorId: bea.id,
      score: 0.9,
      skillMatch: 1,
      availability: 0,
      performance: 0.8,
      presence: 'online',
      eligible: false,
      activeTickets: 10,
      capacity: 10,
      standing: 'Not eligible: at capacity (10/10 active tickets)',
    },
  ],
  recommended: omar.id,
  reason: 'Omar Backend has the best skill match among online moderators with room.',
};

const heading = () => screen.findByRole('heading', { name: 'Something is broken' });

describe('editing triage', () => {
  it('offers "Edit triage" only when the ticket’s correctTriage ability allows it', async () => {
    setup({ self: makeUser({ ...maya, role: 'moderator' }), ticket: makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities({ correctTriage: false }) }) });
    await heading();
    expect(screen.getByRole('heading', { name: /Insights/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit triage' })).not.toBeInTheDocument();
  });

  it('shows how sure the engine was, and the helpful notes as a list without stray dashes', async () => {
    setup({
      ticket: makeTicketDetail({
        assignedTo: maya,
        triagedBy: 'local',
        priority: 'high',
        triageConfidence: 0.723,
        helpfulNotes: '- Check the console for CORS errors.\nAsk which browser they use.\n\n-   Try a private window.',
      }),
    });
    await heading();
    expect(screen.getByTestId('triage-confidence')).toHaveTextContent('72% sure');
    const notes = within(screen.getByTestId('helpful-notes')).getAllByRole('listitem').map((li) => li.textContent);
    expect(notes).toEqual(['Check the console for CORS errors.', 'Ask which browser they use.', 'Try a private window.']);
  });

  it('says nothing about confidence once a person has corrected the priority', async () => {
    setup({ ticket: makeTicketDetail({ assignedTo: maya, triagedBy: 'local', triageConfidence: null, summary: 'Login fails.' }) });
    await screen.findByTestId('insights-summary');
    expect(screen.queryByTestId('triage-confidence')).not.toBeInTheDocument();
  });

  it('sends only what the person changed, and shows the corrected values', async () => {
    const ticket = makeTicketDetail({
      assignedTo: maya,
      triagedBy: 'local',
      priority: 'medium',
      category: 'bug',
      relatedSkills: ['react'],
      triageConfidence: 0.6,
      abilities: ticketAbilities({ correctTriage: true }),
    });
    const { api, serverChanges } = setup({ ticket });
    await heading();
    await userEvent.click(screen.getByRole('button', { name: 'Edit triage' }));
    await userEvent.selectOptions(screen.getByLabelText('Priority'), 'urgent');
    const skills = screen.getByLabelText('Related skills');
    await userEvent.clear(skills);
    await userEvent.type(skills, 'React, CSS,  checkout');
    serverChanges({ priority: 'urgent', relatedSkills: ['react', 'css', 'checkout'], triageConfidence: null });
    await userEvent.click(screen.getByRole('button', { name: 'Save triage' }));

    expect(await screen.findByText('Triage corrected.')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/triage`, 'PATCH').map((r) => r.body)).toEqual([
      { priority: 'urgent', relatedSkills: ['react', 'css', 'checkout'] },
    ]);
    expect(await within(screen.getByTestId('insights-priority')).findByText('Urgent')).toBeInTheDocument();
    expect(screen.queryByTestId('triage-confidence')).not.toBeInTheDocument();
    expect(within(screen.getByTestId('insights-skills')).getByText('checkout')).toBeInTheDocument();
  });

  it('puts the server’s validation message on the field it names, and a refusal above the buttons', async () => {
    const ticket = makeTicketDetail({ assignedTo: maya, triagedBy: 'local', abilities: ticketAbilities({ correctTriage: true }) });
    let attempt = 0;
    setup({
      ticket,
      answers: {
        triage: () =>
          ++attempt === 1
            ? validationError([{ path: 'relatedSkills.0', message: 'must be at most 40 characters' }])
            : { status: 403, body: { error: { code: 'forbidden', message: 'you may not correct this ticket' } } },
      },
    });
    await heading();
    await userEvent.click(screen.getByRole('button', { name: 'Edit triage' }));
    await userEvent.type(screen.getByLabelText('Related skills'), 'kubernetes');
    await userEvent.click(screen.getByRole('button', { name: 'Save triage' }));
    expect(await screen.findByText('must be at most 40 characters')).toBeInTheDocument();
    expect(screen.getByLabelText('Related skills')).toHaveAttribute('aria-invalid', 'true');

    await userEvent.click(screen.getByRole('button', { name: 'Save triage' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('You may not correct this ticket');
  });

  it('says in the timeline who corrected what, and what it was before', async () => {
    const ticket = makeTicketDetail({ assignedTo: maya });
    ticket.timeline = [
      {
        id: 'c'.repeat(24),
        ticketId: ticket.id,
        type: 'triage_corrected',
        actor: { id: admin.id, name: admin.name, role: 'admin' },
        from: 'priority: medium',
        to: 'priority: urgent',
        data: {},
        createdAt: '2026-01-15T10:05:00.000Z',
      },
    ];
    setup({ ticket });
    expect(await screen.findByText('Ada Admin corrected the triage: priority: urgent (was priority: medium)')).toBeInTheDocument();
  });

  it('checks the skills in the browser with the shared rules before sending', async () => {
    const ticket = makeTicketDetail({ assignedTo: maya, triagedBy: 'local', abilities: ticketAbilities({ correctTriage: true }) });
    const { api } = setup({ ticket });
    await heading();
    await userEvent.click(screen.getByRole('button', { name: 'Edit triage' }));
    await userEvent.type(screen.getByLabelText('Related skills'), 'x'.repeat(41));
    await userEvent.click(screen.getByRole('button', { name: 'Save triage' }));
    expect(await screen.findByText('must be at most 40 characters')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/triage`, 'PATCH')).toHaveLength(0);
  });
});

describe('the assignment explanation', () => {
  it('gives every stored candidate a presence, a score and the sentence saying where they stood, and marks the winner', async () => {
    setup({
      ticket: makeTicketDetail({
        assignedTo: omar,
        triagedBy: 'local',
        assignment: {
          moderatorId: omar.id,
          score: 0.62,
          skillMatch: 0.5,
          availability: 0.8,
          performance: 0.7,
          reason: 'Omar Backend was next in turn among close scores.',
          assignedAt: '2026-01-15T10:00:00.000Z',
          candidates: [
            { moderatorId: maya.id, name: maya.name, score: 0.64, skillMatch: 0.6, availability: 0.7, performance: 0.6, presence: 'online', standing: 'Within 5% of the best; Omar Backend was next in turn' },
            { moderatorId: omar.id, name: omar.name, score: 0.62, skillMatch: 0.5, availability: 0.8, performance: 0.7, presence: 'online', standing: 'Chosen: online, 1/10 active, next in turn' },
            { moderatorId: bea.id, name: bea.name, score: 0.8, skillMatch: 0.9, availability: 0.6, performance: 0.8, presence: 'offline', standing: 'Offline: everyone eligible who is online ranks first' },
          ],
        },
      }),
    });
    const rows = await screen.findAllByTestId('assignment-candidate');
    const row = (name: string) => rows.find((r) => within(r).queryByText(name))!;
    expect(within(row('Maya Frontend')).getByText('64%')).toBeInTheDocument();
    expect(within(row('Maya Frontend')).getByText('Within 5% of the best; Omar Backend was next in turn')).toBeInTheDocument();
    expect(within(row('Omar Backend')).getByText('Chosen')).toBeInTheDocument();
    expect(row('Omar Backend')).toHaveAttribute('aria-current', 'true');
    expect(within(row('Bea Billing')).getByText('Offline')).toBeInTheDocument();
    expect(within(row('Bea Billing')).getByText('Offline: everyone eligible who is online ranks first')).toBeInTheDocument();
    expect(within(row('Bea Billing')).queryByText('Chosen')).not.toBeInTheDocument();
  });
});

describe('choosing the assignee', () => {
  const assignable = () => makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities({ assign: true }) });

  it('is offered only when the ticket’s assign ability allows it', async () => {
    setup({ ticket: makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities({ assign: false, reassign: true }) }) });
    await heading();
    expect(screen.queryByRole('button', { name: 'Choose assignee' })).not.toBeInTheDocument();
  });

  it('lists the candidates best first with their standing, eligible or not, and assigns the one chosen', async () => {
    const { api, ticket, serverChanges } = setup({ ticket: assignable() });
    await heading();
    await userEvent.click(screen.getByRole('button', { name: 'Choose assignee' }));
    const dialog = await screen.findByRole('dialog', { name: 'Choose assignee' });
    expect(await within(dialog).findByTestId('candidates-reason')).toHaveTextContent('Omar Backend has the best skill match');
    const rows = within(dialog).getAllByTestId('candidate');
    expect(rows.map((r) => r.querySelector('.font-medium')?.textContent)).toEqual(['Omar Backend', 'Bea Billing']);
    expect(within(rows[0]!).getByText('Chosen: online, 2/10 active, best skill match')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Recommended')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Not eligible')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Not eligible: at capacity (10/10 active tickets)')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('10/10 active')).toBeInTheDocument();

    serverChanges({ assignedTo: omar });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Assign to Omar Backend' }));
    expect(await screen.findByText('Assigned to Omar Backend.')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/assign`, 'POST').map((r) => r.body)).toEqual([{ moderatorId: omar.id }]);
    expect(screen.queryByRole('dialog', { name: 'Choose assignee' })).not.toBeInTheDocument();
    expect(await within(screen.getByTestId('ticket-assignee')).findByText('Omar Backend')).toBeInTheDocument();
  });

  it('offers "Assign anyway" when the server refuses someone at capacity, and then sends force', async () => {
    const { api, ticket } = setup({
      ticket: assignable(),
      answers: {
        assign: (r) =>
          (r.body as { force?: boolean }).force
            ? { body: { ticket: { ...assignable(), assignedTo: bea } } }
            : { status: 409, body: { error: { code: 'conflict', message: 'Bea Billing is at capacity (10/10 active tickets); send force: true to assign anyway' } } },
      },
    });
    await heading();
    await userEvent.click(screen.getByRole('button', { name: 'Choose assignee' }));
    const dialog = await screen.findByRole('dialog', { name: 'Choose assignee' });
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Assign to Bea Billing' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Bea Billing is at capacity (10/10 active tickets)');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Assign anyway' }));
    expect(await screen.findByText('Assigned to Bea Billing.')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/assign`, 'POST').map((r) => r.body)).toEqual([
      { moderatorId: bea.id },
      { moderatorId: bea.id, force: true },
    ]);
  });

  it('offers no forcing for a refusal that is not a conflict', async () => {
    setup({
      ticket: assignable(),
      answers: { assign: () => ({ status: 403, body: { error: { code: 'forbidden', message: 'only admins may assign tickets' } } }) },
    });
    await heading();
    await userEvent.click(screen.getByRole('button', { name: 'Choose assignee' }));
    const dialog = await screen.findByRole('dialog', { name: 'Choose assignee' });
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Assign to Omar Backend' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Only admins may assign tickets');
    expect(within(dialog).queryByRole('button', { name: 'Assign anyway' })).not.toBeInTheDocument();
  });
});

describe('taking and giving back', () => {
  it('shows neither "Take it" nor "Give back" without the claim and release abilities', async () => {
    setup({ self: makeUser(), ticket: makeTicketDetail({ assignedTo: maya }) });
    await heading();
    expect(screen.queryByRole('button', { name: 'Take it' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Give back' })).not.toBeInTheDocument();
  });

  it('takes an unassigned ticket with "Take it" when claim is allowed', async () => {
    const self = makeUser({ ...maya, role: 'moderator' });
    const { api, ticket, serverChanges } = setup({ self, ticket: makeTicketDetail({ assignedTo: null, abilities: ticketAbilities({ claim: true }) }) });
    await heading();
    expect(screen.getByText('Nobody has it yet; it waits in the unassigned queue.')).toBeInTheDocument();
    serverChanges({ assignedTo: maya, abilities: ticketAbilities({ release: true, changeStatus: true }) });
    await userEvent.click(screen.getByRole('button', { name: 'Take it' }));
    expect(await screen.findByText('You took “Something is broken”.')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/claim`, 'POST')).toHaveLength(1);
    expect(await within(screen.getByTestId('ticket-assignee')).findByText('Maya Frontend')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Take it' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Give back' })).toBeInTheDocument();
  });

  it('says why a claim was refused', async () => {
    setup({
      self: makeUser({ ...maya, role: 'moderator' }),
      ticket: makeTicketDetail({ assignedTo: null, abilities: ticketAbilities({ claim: true }) }),
      answers: { claim: () => ({ status: 409, body: { error: { code: 'conflict', message: 'the ticket is already assigned to someone else' } } }) },
    });
    await heading();
    await userEvent.click(screen.getByRole('button', { name: 'Take it' }));
    expect(await screen.findByText('Could not take it: The ticket is already assigned to someone else')).toBeInTheDocument();
  });

  it('gives the ticket back only after a confirmation', async () => {
    const self = makeUser({ ...maya, role: 'moderator' });
    const { api, ticket, serverChanges } = setup({ self, ticket: makeTicketDetail({ assignedTo: maya, abilities: ticketAbilities({ release: true }) }) });
    await heading();
    await userEvent.click(screen.getByRole('button', { name: 'Give back' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Give this ticket back?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/release`, 'POST')).toHaveLength(0);

    serverChanges({ assignedTo: null, abilities: ticketAbilities({ claim: true }) });
    await userEvent.click(screen.getByRole('button', { name: 'Give back' }));
    await userEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Give back' }));
    expect(await screen.findByText('The ticket is back in the unassigned queue.')).toBeInTheDocument();
    expect(api.to(`/api/tickets/${ticket.id}/release`, 'POST')).toHaveLength(1);
    expect(await screen.findByRole('button', { name: 'Take it' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Give back' })).not.toBeInTheDocument();
  });
});
