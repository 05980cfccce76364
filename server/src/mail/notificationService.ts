import { ticketByIdOrNotFound } from '../tickets/repo.js';
import { Types } from 'mongoose';
import { errors } from '../platform/errors.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import { ModeratorApplicationModel } from '../moderation/applicationModel.js';

import { UserModel } from '../users/userModel.js';
import { recordTicketEventOnce } from '../tickets/timeline.js';
import type { Mailer, MailReceipt } from './mailer.js';
import { applicationDecidedEmail, ticketAssignedEmail, welcomeEmail } from './templates.js';

export interface NotificationServiceDeps {
  mailer: Mailer;
  /** Public address of the web app, for links. */
  appUrl: string;
  lock: KeyedLock;
}

/** What a notification did; `skipped` when it no longer applies (e.g. the ticket moved on). */
export type NotificationOutcome =
  | ({ status: 'sent' } & Pick<MailReceipt, 'transport' | 'duplicate'>)
  | { status: 'skipped'; reason: string };

/** Who is told what by e-mail. Each call takes the idempotency key its caller (a workflow step) owns. */
export function createNotificationService({ mailer, appUrl, lock }: NotificationServiceDeps) {
  const base = appUrl.replace(/\/+$/, '');

  async function findUser(userId: string) {
    const user = Types.ObjectId.isValid(userId) ? await UserModel.findById(userId).select('name email role').lean() : null;
    if (!user) throw errors.notFound('user');
    return user;
  }

  return {
    /** Link to a ticket in the web app. */
    ticketUrl: (ticketId: string) => `${base}/tickets/${ticketId}`,

    /**
     * E-mails the assignee about a ticket, unless it has meanwhile gone to someone else.
     */
    async notifyAssignee(args: { ticketId: string; moderatorId: string; idempotencyKey: string }): Promise<NotificationOutcome> {
      const ticket = await ticketByIdOrNotFound(args.ticketId);
      if (String(ticket.assignedTo ?? '') !== args.moderatorId) {
        return { status: 'skipped', reason: 'the ticket was assigned to someone else in the meantime' };
      }
      const moderator = await findUser(args.moderatorId);
      const content = ticketAssignedEmail({
        moderatorName: moderator.name,
        ticketUrl: `${base}/tickets/${args.ticketId}`,
        number: ticket.filingNumber,
        title: ticket.title,
        priority: ticket.priority,
        category: ticket.category,
        relatedSkills: ticket.relatedSkills,
        summary: ticket.summary,
        helpfulNotes: ticket.helpfulNotes,
        reason: ticket.assignment && String(ticket.assignment.moderatorId) === args.moderatorId ? ticket.assignment.reason : null,
      });
      const receipt = await mailer.send({
        ...content,
        to: moderator.email,
        ticketId: args.ticketId,
        userId: args.moderatorId,
        idempotencyKey: args.idempotencyKey,
      });
      return { status: 'sent', transport: receipt.transport, duplicate: receipt.duplicate };
    },

    /** The `notified` timeline entry for a sent assignment notice, once per `dedupeKey`. */
    async recordNotified(args: { ticketId: string; moderatorId: string; transport: string; dedupeKey: string }): Promise<void> {
      await recordTicketEventOnce(
        {
          ticketId: args.ticketId,
          type: 'notified',
          actorId: null,
          to: args.moderatorId,
          data: { channel: 'email', transport: args.transport },
          dedupeKey: args.dedupeKey,
        },
        lock,
      );
    },

    async sendWelcome(args: { userId: string; idempotencyKey: string }): Promise<NotificationOutcome> {
      const user = await findUser(args.userId);
      const receipt = await mailer.send({
        ...welcomeEmail({ name: user.name, appUrl: base }),
        to: user.email,
        userId: args.userId,
        idempotencyKey: args.idempotencyKey,
      });
      return { status: 'sent', transport: receipt.transport, duplicate: receipt.duplicate };
    },

    async sendApplicationDecision(args: {
      applicationId: string;
      userId: string;
      status: 'approved' | 'rejected';
      idempotencyKey: string;
    }): Promise<NotificationOutcome> {
      const application = Types.ObjectId.isValid(args.applicationId)
        ? await ModeratorApplicationModel.findById(args.applicationId).select('status').lean()
        : null;
      if (!application) throw errors.notFound('application');
      const user = await findUser(args.userId);
      const receipt = await mailer.send({
        ...applicationDecidedEmail({ name: user.name, status: args.status, appUrl: base }),
        to: user.email,
        userId: args.userId,
        idempotencyKey: args.idempotencyKey,
      });
      return { status: 'sent', transport: receipt.transport, duplicate: receipt.duplicate };
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
