import { Types } from 'mongoose';
import { OutboxMessageModel } from './outboxModel.js';
import type { Mailer, MailMessage, MailReceipt } from './mailer.js';

const DUPLICATE_KEY = 11000;

/**
 * Keeps e-mail in a MongoDB collection instead of sending it: the development and
 * test transport. Admins read it at `GET /api/dev/outbox`. The unique idempotency
 * key makes offering the same message twice store it once.
 */
export function createOutboxMailer({ from }: { from: string }): Mailer {
  return {
    transport: 'outbox',
    async send(message: MailMessage): Promise<MailReceipt> {
      try {
        const created = await OutboxMessageModel.create({
          key: message.idempotencyKey,
          to: message.to,
          from,
          subject: message.subject,
          text: message.text,
          html: message.html,
          category: message.category,
          ticketId: toObjectId(message.ticketId),
          userId: toObjectId(message.userId),
        });
        return { transport: 'outbox', messageId: String(created._id), duplicate: false };
      } catch (err) {
        if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
        const existing = await OutboxMessageModel.findOne({ key: message.idempotencyKey }).select('_id').lean();
        return { transport: 'outbox', messageId: existing ? String(existing._id) : null, duplicate: true };
      }
    },
  };
}

function toObjectId(id: string | null | undefined): Types.ObjectId | null {
  return id && Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null;
}
