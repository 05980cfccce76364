import type { Ticket, TicketDetail, User } from '@relaydesk/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useLocation } from 'react-router';
import { mergeCommentIntoCache } from '../api/tickets.js';
import { queryKeys } from '../api/queryKeys.js';
import { useSocketEvent } from '../hooks/useSocketEvent.js';
import { statusLabel } from '../lib/labels.js';
import { useToast } from './ToastProvider.js';

/**
 * Turns server pushes into cache updates, so every screen showing the affected
 * data refetches (or, for comments, appends) without its own wiring; and
 * announces what concerns the signed-in person with a toast.
 */
export function RealtimeSync({ self }: { self: User }) {
  const queryClient = useQueryClient();
  const { showToast } = useToast();
  const hasBeenReady = useRef(false);
  const { pathname } = useLocation();
  // No "Open" button for the ticket already on screen.
  const linkTo = (ticketId: string) =>
    pathname === `/tickets/${ticketId}` ? undefined : { to: `/tickets/${ticketId}`, label: 'Open' };

  /** `#1042 “Title”` for a ticket this tab has seen, or null. */
  const knownLabel = (ticketId: string): string | null => {
    const detail = queryClient.getQueryData<TicketDetail>(queryKeys.tickets.detail(ticketId));
    if (detail) return `#${detail.number} “${detail.title}”`;
    for (const [, page] of queryClient.getQueriesData<{ items: Ticket[] }>({ queryKey: queryKeys.tickets.lists() })) {
      const found = page?.items.find((t) => t.id === ticketId);
      if (found) return `#${found.number} “${found.title}”`;
    }
    return null;
  };

  // A reconnect the server could not recover missed events: refetch everything on screen.
  useSocketEvent('session_ready', ({ recovered }) => {
    if (hasBeenReady.current && !recovered) void queryClient.invalidateQueries();
    hasBeenReady.current = true;
  });

  useSocketEvent('session_ended', ({ reason }) => {
    if (reason !== 'role_changed') {
      // The socket's token ran out or was revoked. Asking the API settles whether the session
      // goes on (a 401 renews the token, and the socket reconnects with it) or has ended (signed out).
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      return;
    }
    // A new role: the menu, the lists and what the socket may see all change; the old token
    // is refused now, so the first request renews it.
    void queryClient.invalidateQueries();
    showToast({ tone: 'info', message: 'Your role has changed; RelayDesk has been updated to match.' });
  });

  useSocketEvent('ticket_created', () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
  });

  useSocketEvent('comment_added', ({ ticketId, comment }) => {
    mergeCommentIntoCache(queryClient, comment);
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.detail(ticketId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.lists() });
  });

  useSocketEvent('status_updated', ({ ticketId, to, actor }) => {
    const title = knownLabel(ticketId);
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    if (actor?.id !== self.id) {
      showToast({
        tone: to === 'completed' ? 'success' : 'info',
        message: `${title ?? 'A ticket'} is now ${statusLabel(to).toLowerCase()}${actor ? ` (by ${actor.name})` : ''}.`,
        link: linkTo(ticketId),
      });
    }
  });

  useSocketEvent('ticket_assigned', ({ ticketId, number, title, assignee }) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    if (assignee.id === self.id) {
      showToast({ tone: 'info', message: `New ticket assigned to you: #${number} “${title}”`, link: linkTo(ticketId) });
    }
  });

  useSocketEvent('ticket_updated', ({ ticketId, fields }) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.detail(ticketId) });
    // Every list, the unassigned pool and the queue included: a release moves a ticket between them.
    void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.lists() });
    if (fields.includes('assignedTo')) {
      // Who may take it, and who could, changed; so did someone's active count.
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.candidates(ticketId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    }
  });

  return null;
}
