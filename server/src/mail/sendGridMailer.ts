import { MailService } from '@sendgrid/mail';
import { errors } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { Mailer, MailMessage, MailReceipt } from './mailer.js';

export interface SendGridMailerOptions {
  apiKey: string;
  /** `Name <address>` or a bare address. */
  from: string;
  /** Another API host (e.g. a stub in tests); the client posts to `<baseUrl>/v3/mail/send`. */
  baseUrl?: string;
  timeoutMs?: number;
  logger: Logger;
}

/** The part of @sendgrid/client this needs; the mail service keeps its client in `client`. */
interface SendGridClientLike {
  setDefaultRequest(key: 'baseUrl', value: string): unknown;
}

/**
 * Sends through SendGrid's v3 `/mail/send`. Each mailer has its own client, so
 * two configurations (or tests) never share an API key or host. SendGrid has no
 * idempotency key, so a retry after a lost response can deliver twice; the
 * workflow's step memoisation keeps that to the crash-between-send-and-record case.
 */
export function createSendGridMailer({ apiKey, from, baseUrl, timeoutMs = 10_000, logger }: SendGridMailerOptions): Mailer {
  const service = new MailService();
  service.setApiKey(apiKey);
  service.setTimeout(timeoutMs);
  if (baseUrl) {
    const client = (service as unknown as { client?: SendGridClientLike }).client;
    if (!client || typeof client.setDefaultRequest !== 'function') {
      throw new Error('this @sendgrid/mail version does not expose its client; SENDGRID_BASE_URL cannot be applied');
    }
    // setApiKey resets the host to the region's default, so this must come after it.
    client.setDefaultRequest('baseUrl', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  }

  return {
    transport: 'sendgrid',
    async send(message: MailMessage): Promise<MailReceipt> {
      try {
        const [response] = await service.send({
          to: message.to,
          from,
          subject: message.subject,
          text: message.text,
          html: message.html,
          categories: [message.category],
          customArgs: { idempotencyKey: message.idempotencyKey },
        });
        const id = response.headers['x-message-id'];
        return { transport: 'sendgrid', messageId: typeof id === 'string' ? id : null, duplicate: false };
      } catch (err) {
        const status = (err as { code?: unknown }).code;
        if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429 && status !== 408) {
          logger.error({ status, category: message.category }, 'SendGrid refused a message');
          throw errors.validation(`SendGrid refused the message (HTTP ${status})`);
        }
        const reason = typeof status === 'number' ? `HTTP ${status}` : err instanceof Error ? err.message : 'unknown error';
        throw new Error(`SendGrid is unavailable (${reason})`);
      }
    },
  };
}
