import { SERVER_EVENTS, type UserRef } from '@relaydesk/shared';
import type { Logger } from '../platform/logger.js';
import { ticketRoom } from './rooms.js';
import type { RealtimeIo } from './types.js';

/** Tells a ticket room who is in it. */
export interface ViewerBroadcaster {
  /** Something changed in the ticket's room; the room hears the new list shortly. */
  changed(ticketId: string): void;
  /** The people in the ticket's room now, on every process, one entry per person. */
  viewersOf(ticketId: string): Promise<UserRef[]>;
  close(): void;
}

/**
 * Builds the viewer list from the room itself (`fetchSockets` asks every process), so it
 * is right across processes and loses a crashed process's sockets with it. Changes to one
 * ticket within `debounceMs` make one broadcast, not one per tab.
 */
export function createViewerBroadcaster({
  io,
  debounceMs,
  logger,
}: {
  io: RealtimeIo;
  debounceMs: number;
  logger: Logger;
}): ViewerBroadcaster {
  const pending = new Map<string, NodeJS.Timeout>();

  async function viewersOf(ticketId: string): Promise<UserRef[]> {
    const sockets = await io.in(ticketRoom(ticketId)).fetchSockets();
    const people = new Map<string, UserRef>();
    for (const s of sockets) {
      const actor = s.data.actor;
      if (actor) people.set(actor.id, { id: actor.id, name: actor.name, role: actor.role });
    }
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  async function broadcast(ticketId: string) {
    const viewers = await viewersOf(ticketId);
    io.to(ticketRoom(ticketId)).emit(SERVER_EVENTS.ticketViewers, { ticketId, viewers });
  }

  return {
    changed(ticketId) {
      if (pending.has(ticketId)) return;
      const timer = setTimeout(() => {
        pending.delete(ticketId);
        broadcast(ticketId).catch((err: unknown) => logger.warn({ err, ticketId }, 'could not list ticket viewers'));
      }, debounceMs);
      pending.set(ticketId, timer);
    },
    viewersOf,
    close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
