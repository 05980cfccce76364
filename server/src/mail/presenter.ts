import type { OutboxMessage } from '@relaydesk/shared';
import type { OutboxMessageFields } from './outboxModel.js';

/** What the outbox endpoint shows of a message: everything but its idempotency key. */
export function presentOutboxMessage(message: OutboxMessageFields): OutboxMessage {
  return {
    id: String(message._id),
    to: message.to,
    from: message.from,
    subject: message.subject,
    text: message.text,
    html: message.html,
    category: message.category,
    ticketId: message.ticketId ? String(message.ticketId) : null,
    userId: message.userId ? String(message.userId) : null,
    createdAt: message.createdAt.toISOString(),
  };
}
