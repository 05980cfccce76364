import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../platform/errors.js';
import { createLogger } from '../platform/logger.js';
import { OutboxMessageModel } from './outboxModel.js';
import { testConfig, useTestApp } from '../test/harness.js';
import { startSendGridStub, type SendGridStub } from '../test/sendgridStub.js';
import { createMailer, type MailMessage } from './mailer.js';
import { createOutboxMailer } from './outboxMailer.js';
import { createSendGridMailer } from './sendGridMailer.js';

useTestApp();
const logger = createLogger('silent');
let sendgrid: SendGridStub;
beforeAll(async () => {
  sendgrid = await startSendGridStub();
});
afterAll(() => sendgrid.close());

const message = (key: string): MailMessage => ({
  to: 'mo@example.test',
  subject: 'Assigned to you: Printer on fire',
  text: 'Open it: https://desk.example.test/tickets/1\n',
  html: '<p><a href="https://desk.example.test/tickets/1">Open it</a></p>',
  category: 'ticket_assigned',
  idempotencyKey: key,
});

describe('OutboxMailer', () => {
  it('stores a message once per idempotency key', async () => {
    const mailer = createOutboxMailer({ from: 'RelayDesk <no-reply@relaydesk.local>' });
    const first = await mailer.send(message('k-1'));
    const again = await mailer.send(message('k-1'));
    expect(first).toMatchObject({ transport: 'outbox', duplicate: false });
    expect(again).toEqual({ transport: 'outbox', messageId: first.messageId, duplicate: true });
    expect(await OutboxMessageModel.countDocuments({ subject: 'Assigned to you: Printer on fire' })).toBe(1);
  });
});

describe('SendGridMailer (the real client against a loopback SendGrid)', () => {
  const mailer = () =>
    createSendGridMailer({ apiKey: 'SG.test-key', from: 'RelayDesk <no-reply@relaydesk.local>', baseUrl: sendgrid.url, logger });

  it('posts the v3 mail/send payload with the key', async () => {
    const receipt = await mailer().send(message('k-2'));
    expect(receipt).toEqual({ transport: 'sendgrid', messageId: expect.stringMatching(/^stub-message-/), duplicate: false });
    const request = sendgrid.requests.at(-1)!;
    expect(request.authorization).toBe('Bearer SG.test-key');
    expect(request.body).toMatchObject({
      personalizations: [{ to: [{ email: 'mo@example.test' }] }],
      from: { email: 'no-reply@relaydesk.local', name: 'RelayDesk' },
      subject: 'Assigned to you: Printer on fire',
      content: [
        { type: 'text/plain', value: expect.stringContaining('https://desk.example.test/tickets/1') },
        { type: 'text/html', value: expect.stringContaining('<a href=') },
      ],
      categories: ['ticket_assigned'],
      custom_args: { idempotencyKey: 'k-2' },
    });
  });

  it('reports a refusal as a validation error (not retried) and an outage as a plain error (retried)', async () => {
    sendgrid.enqueue(400);
    const refused = await mailer().send(message('k-3')).catch((e: unknown) => e);
    expect(isDomainError(refused) && refused.code).toBe('validation_failed');

    sendgrid.enqueue(503);
    const down = await mailer().send(message('k-4')).catch((e: unknown) => e);
    expect(isDomainError(down)).toBe(false);
    expect(down).toMatchObject({ message: 'SendGrid is unavailable (HTTP 503)' });

    sendgrid.enqueue(429);
    const limited = await mailer().send(message('k-5')).catch((e: unknown) => e);
    expect(isDomainError(limited)).toBe(false);
  });
});

describe('createMailer', () => {
  it('uses SendGrid with a key and the outbox without one', () => {
    expect(createMailer(testConfig().mail, logger).transport).toBe('outbox');
    const withKey = testConfig({ SENDGRID_API_KEY: 'SG.x', SENDGRID_BASE_URL: 'http://127.0.0.1:9' });
    expect(createMailer(withKey.mail, logger).transport).toBe('sendgrid');
  });
});
