import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, validationError } from '../../test/fakeApi.js';
import { makeTicketDetail, makeUser, page, sessionOf } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

describe('new ticket', () => {
  it('rejects a too-short title and an empty description before sending', async () => {
    const api = fakeApi({ 'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }) });
    renderApp({ route: '/tickets/new' });
    await userEvent.type(await screen.findByLabelText('Title'), 'ab');
    await userEvent.click(screen.getByRole('button', { name: 'File ticket' }));
    expect(await screen.findByText('must be at least 3 characters')).toBeInTheDocument();
    expect(screen.getByText('must not be empty')).toBeInTheDocument();
    expect(api.to('/api/tickets', 'POST')).toHaveLength(0);
  });

  it('files the ticket trimmed and opens it', async () => {
    const ticket = makeTicketDetail({ title: 'Printer on fire' });
    const api = fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
      'POST /api/tickets': () => ({ status: 201, body: { ticket } }),
      [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket } }),
      [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page([]) }),
    });
    renderApp({ route: '/tickets/new' });
    await userEvent.type(await screen.findByLabelText('Title'), '  Printer on fire  ');
    await userEvent.type(screen.getByLabelText('Description'), 'Smoke everywhere.');
    await userEvent.click(screen.getByRole('button', { name: 'File ticket' }));
    expect(await screen.findByRole('heading', { name: 'Printer on fire' })).toBeInTheDocument();
    expect(api.to('/api/tickets', 'POST')[0]?.body).toEqual({ title: 'Printer on fire', description: 'Smoke everywhere.' });
  });

  it('shows the server’s field errors on the fields', async () => {
    fakeApi({
      'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
      'POST /api/tickets': () => validationError([{ path: 'description', message: 'must be at most 10000 characters' }]),
    });
    renderApp({ route: '/tickets/new' });
    await userEvent.type(await screen.findByLabelText('Title'), 'A title');
    await userEvent.type(screen.getByLabelText('Description'), 'Text');
    await userEvent.click(screen.getByRole('button', { name: 'File ticket' }));
    expect(await screen.findByText('must be at most 10000 characters')).toBeInTheDocument();
  });
});

describe('moderator application', () => {
  const routes = {
    'GET /api/auth/me': () => ({ body: sessionOf(makeUser()) }),
    'GET /api/mod-requests': () => ({ body: page([]) }),
  };

  it('asks for at least one skill and a real motivation', async () => {
    fakeApi(routes);
    renderApp({ route: '/apply' });
    await userEvent.type(await screen.findByLabelText('Motivation'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Send application' }));
    expect(await screen.findByText('name at least one skill')).toBeInTheDocument();
    expect(screen.getByText('must be at least 10 characters')).toBeInTheDocument();
  });

  it('checks each skill with the shared rule', async () => {
    fakeApi(routes);
    renderApp({ route: '/apply' });
    await userEvent.type(await screen.findByLabelText('Skills'), `react, ${'x'.repeat(41)}`);
    await userEvent.type(screen.getByLabelText('Motivation'), 'I like helping people out.');
    await userEvent.click(screen.getByRole('button', { name: 'Send application' }));
    expect(await screen.findByText('must be at most 40 characters')).toBeInTheDocument();
  });

  it('sends skills as a normalised list and then shows the application as pending', async () => {
    const applications: unknown[] = [];
    const api = fakeApi({
      ...routes,
      'GET /api/mod-requests': () => ({ body: page(applications) }),
      'POST /api/mod-requests': (request) => {
        const body = request.body as { skills: string[]; motivation: string };
        const created = {
          id: 'b'.repeat(24),
          user: { id: 'c'.repeat(24), name: 'Uma User', role: 'user' },
          ...body,
          status: 'pending',
          reviewedBy: null,
          reviewedAt: null,
          createdAt: '2026-01-15T10:00:00.000Z',
          abilities: { read: true, decide: false },
        };
        applications.push(created);
        return { status: 201, body: { request: created } };
      },
    });
    renderApp({ route: '/apply' });
    await userEvent.type(await screen.findByLabelText('Skills'), 'React, CSS, react');
    await userEvent.type(screen.getByLabelText('Motivation'), 'I fix front-end bugs all day.');
    await userEvent.click(screen.getByRole('button', { name: 'Send application' }));
    expect(await screen.findByTestId('application-pending')).toBeInTheDocument();
    expect(api.to('/api/mod-requests', 'POST')[0]?.body).toEqual({ skills: ['react', 'css'], motivation: 'I fix front-end bugs all day.' });
  });
});
