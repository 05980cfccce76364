import type { AskResponse, CopilotRunKind, CopilotStage, DraftReplyResponse, PresenceStatus, Role, TicketStatus } from '@relaydesk/shared';
import type { Logger } from '../platform/logger.js';
import type { PopulatedAttachment } from '../attachments/repo.js';
import type { PopulatedComment, PopulatedTicket } from '../tickets/presenter.js';

/**
 * What services announce after a write has succeeded. Adapters subscribe:
 * the real-time layer pushes to browsers, the workflow layer sends workflow events,
 * caches drop what changed. Services never talk to those directly.
 */
export interface DomainEventMap {
  'user.signed_up': { userId: string; name: string; email: string };
  'user.updated': { userId: string; fields: string[] };
  /**
   * Sessions of a user ended: every one of them (their token version was bumped), or,
   * with `tokenId`, only connections opened with that access token (a single sign-out).
   */
  'user.sessions_revoked': { userId: string; reason: 'signed_out' | 'password_changed'; tokenId?: string };
  'user.presence_changed': { userId: string; status: PresenceStatus };
  /** What others now see (live connections layered on the stored choice), from the presence service. */
  'presence.changed': { userId: string; role: Role; status: PresenceStatus };
  'ticket.created': { ticket: PopulatedTicket };
  'ticket.status_changed': {
    ticket: PopulatedTicket;
    from: TicketStatus;
    to: TicketStatus;
    actorId: string | null;
  };
  'ticket.assigned': { ticket: PopulatedTicket; moderatorId: string; previousModeratorId: string | null };
  /** The assignee gave the ticket back, or an admin took it from them: it waits in the unassigned pool. */
  'ticket.unassigned': { ticket: PopulatedTicket; previousModeratorId: string; actorId: string | null };
  'ticket.updated': { ticket: PopulatedTicket; fields: string[] };
  /** An admin asked for the ticket to be triaged again, or assigned again; the workflow layer runs it. */
  'ticket.retriage_requested': { ticketId: string; actorId: string };
  /** `actorId` null: the system asked (an SLA breach while the assignee is away). */
  'ticket.reassign_requested': { ticketId: string; actorId: string | null };
  /** A ticket's service-level clock passed its warning or its target (announced once per moment). */
  'ticket.sla_alert': { ticket: PopulatedTicket; clock: 'firstResponse' | 'resolution'; milestone: 'warning' | 'breach' };
  /** A public comment: everyone on the ticket may hear of it. */
  'comment.added': { ticket: PopulatedTicket; comment: PopulatedComment };
  /**
   * A staff-only note. A separate event so that no subscriber written for public
   * comments (mail, previews) can pass a note on: only the real-time layer
   * subscribes, and it sends the note to the ticket's staff alone.
   */
  'note.added': { ticket: PopulatedTicket; comment: PopulatedComment };
  /** A file attached to a ticket or a public comment: everyone on the ticket may hear of it. */
  'attachment.added': { ticket: PopulatedTicket; attachment: PopulatedAttachment };
  /** A file attached to a staff-only note: like `note.added`, only the real-time layer subscribes, for the ticket's staff. */
  'note_attachment.added': { ticket: PopulatedTicket; attachment: PopulatedAttachment };
  /** A person corrected a ticket's triage: a new labelled example for the local engine. */
  'triage.corrected': { ticketId: string; priority: string };
  'mod_request.submitted': { applicationId: string; userId: string };
  'mod_request.decided': { applicationId: string; userId: string; status: 'approved' | 'rejected' };
  /** A staff member asked the copilot for a draft or an answer; the workflow layer runs it. */
  'copilot.requested': { requestId: string; ticketId: string; actorId: string; kind: CopilotRunKind; question?: string };
  /** A copilot request moved on (queued, drafting); only the staff member who asked hears of it. */
  'copilot.progress': { requestId: string; ticketId: string; actorId: string; kind: CopilotRunKind; stage: CopilotStage };
  /** A copilot request finished, with its draft or answer; only the staff member who asked hears of it. */
  'copilot.finished': {
    requestId: string;
    ticketId: string;
    actorId: string;
    kind: CopilotRunKind;
    stage: 'done' | 'failed';
    draft?: DraftReplyResponse;
    answer?: AskResponse;
  };
}
export type DomainEventName = keyof DomainEventMap;

export interface SubscribeOptions {
  /**
   * A blocking subscriber finishes before `publish` resolves, so its effect is
   * in place before the service returns to its caller. Cache invalidation is
   * blocking (nobody may read a stale list after their write returned); socket
   * pushes and workflow events are not.
   */
  blocking?: boolean;
}

export type DomainEventListener<K extends DomainEventName> = (payload: DomainEventMap[K]) => void | Promise<void>;

export interface DomainEvents {
  /** Announces a committed write. Resolves once every blocking subscriber has finished; never rejects. */
  publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void>;
  subscribe<K extends DomainEventName>(name: K, listener: DomainEventListener<K>, options?: SubscribeOptions): () => void;
}

interface Registration {
  listener: (payload: never) => void | Promise<void>;
  blocking: boolean;
}

/** An in-process bus; a failing subscriber is logged and never fails the write that published. */
export function createDomainEvents(logger: Logger): DomainEvents {
  const registrations = new Map<DomainEventName, Set<Registration>>();

  function runListener(name: DomainEventName, registration: Registration, payload: unknown): Promise<void> {
    const fail = (err: unknown) => logger.error({ err, event: name }, 'domain event subscriber failed');
    try {
      return Promise.resolve(registration.listener(payload as never)).catch(fail);
    } catch (err) {
      fail(err);
      return Promise.resolve();
    }
  }

  return {
    async publish(name, payload) {
      const blocking: Promise<void>[] = [];
      for (const registration of registrations.get(name) ?? []) {
        const done = runListener(name, registration, payload);
        if (registration.blocking) blocking.push(done);
      }
      await Promise.all(blocking);
    },
    subscribe(name, listener, options = {}) {
      const registration: Registration = { listener: listener as Registration['listener'], blocking: options.blocking ?? false };
      let set = registrations.get(name);
      if (!set) registrations.set(name, (set = new Set()));
      set.add(registration);
      return () => set.delete(registration);
    },
  };
}
