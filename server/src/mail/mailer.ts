import type { MailCategory } from '@relaydesk/shared';
import type { AppConfig } from '../config/env.js';
import type { Logger } from '../platform/logger.js';
import { createOutboxMailer } from './outboxMailer.js';
import { createSendGridMailer } from './sendGridMailer.js';

/** One e-mail to one person, as the product writes it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  category: MailCategory;
  ticketId?: string | null;
  userId?: string | null;
  /**
   * The same key means the same message: a transport that can (the outbox) stores
   * it once however often it is offered, so a replayed workflow step sends no twin.
   */
  idempotencyKey: string;
}

/** Where mail goes: SendGrid, or the development outbox. */
export type MailTransport = 'sendgrid' | 'outbox';

/** What happened to a message. */
export interface MailReceipt {
  transport: MailTransport;
  /** The provider's or outbox's id for the message, when it gives one. */
  messageId: string | null;
  /** True when the outbox already held a message with this idempotency key. */
  duplicate: boolean;
}

/**
 * Sends e-mail. Errors a retry cannot fix (a rejected key or address) are thrown
 * as validation DomainErrors, so workflows stop retrying them; anything else
 * (timeouts, 429, 5xx) is thrown as a plain Error and retried.
 */
export interface Mailer {
  readonly transport: MailTransport;
  send(message: MailMessage): Promise<MailReceipt>;
}

/** SendGrid when `SENDGRID_API_KEY` is set, the development outbox otherwise. */
export function createMailer(config: AppConfig['mail'], logger: Logger): Mailer {
  if (config.sendgridApiKey) {
    return createSendGridMailer({ apiKey: config.sendgridApiKey, from: config.from, baseUrl: config.sendgridBaseUrl, logger });
  }
  return createOutboxMailer({ from: config.from });
}
