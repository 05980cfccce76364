import { SERVER_EVENTS } from '@relaydesk/shared';
import { useCallback, useSyncExternalStore } from 'react';
import { useNavigate } from 'react-router';
import { useSocketEvent } from './useSocketEvent.js';

/** What the browser allows, or `unsupported` where it has no Notification API. */
export type DesktopPermission = NotificationPermission | 'unsupported';

/** The person's own switch, kept per browser: permission alone cannot be taken back from a page. */
const OPT_IN_KEY = 'relaydesk:desktop-notifications';

const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

function currentPermission(): DesktopPermission {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification.permission : 'unsupported';
}

function isOptedIn(): boolean {
  try {
    return window.localStorage.getItem(OPT_IN_KEY) === 'on';
  } catch {
    return false;
  }
}

function setOptedIn(on: boolean) {
  try {
    window.localStorage.setItem(OPT_IN_KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused (private mode): the choice lasts until the tab closes.
  }
  changed();
}

/**
 * Whether desktop notifications are on in this browser, and the controls. `enable`
 * asks the browser for permission, which browsers allow only from a user gesture:
 * call it from a click handler.
 */
export function useDesktopNotificationSettings() {
  const permission = useSyncExternalStore(subscribe, currentPermission, () => 'unsupported' as DesktopPermission);
  const optedIn = useSyncExternalStore(subscribe, isOptedIn, () => false);
  const enable = useCallback(async () => {
    if (currentPermission() === 'unsupported') return;
    const answer = currentPermission() === 'granted' ? 'granted' : await window.Notification.requestPermission();
    setOptedIn(answer === 'granted');
  }, []);
  const disable = useCallback(() => setOptedIn(false), []);
  return { permission, isOn: optedIn && permission === 'granted', enable, disable };
}

function notify(title: string, options: { body: string; tag: string; path: string }, navigate: (path: string) => void) {
  if (!isOptedIn() || currentPermission() !== 'granted' || document.visibilityState !== 'hidden') return;
  const notification = new window.Notification(title, { body: options.body, tag: options.tag });
  notification.onclick = () => {
    window.focus();
    navigate(options.path);
    notification.close();
  };
}

const preview = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

/**
 * Shows a desktop notification for a new assignment to `selfId`, or a reply by
 * someone else on a ticket the server tells this person about, while the tab is
 * hidden (a visible tab already shows them). Each has a tag, so an event replayed
 * after a reconnect replaces its notification instead of adding a second.
 */
export function useDesktopNotifications(selfId: string) {
  const navigate = useNavigate();
  const go = useCallback((path: string) => void navigate(path), [navigate]);

  useSocketEvent(SERVER_EVENTS.ticketAssigned, (payload) => {
    if (payload.assignee.id !== selfId) return;
    notify(`Assigned to you: #${payload.number}`, { body: payload.title, tag: `assigned:${payload.ticketId}:${payload.updatedAt}`, path: `/tickets/${payload.number}` }, go);
  });

  useSocketEvent(SERVER_EVENTS.commentAdded, ({ ticketId, comment }) => {
    if (comment.author.id === selfId) return;
    const title = comment.internal ? `Internal note from ${comment.author.name}` : `New reply from ${comment.author.name}`;
    notify(title, { body: preview(comment.body), tag: `comment:${comment.id}`, path: `/tickets/${ticketId}` }, go);
  });
}
