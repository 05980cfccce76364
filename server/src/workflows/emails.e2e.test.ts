import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxMessageModel } from '../mail/outboxModel.js';
import { createTestUser } from '../test/harness.js';
import { useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';
import { startSendGridStub, type SendGridStub } from '../test/sendgridStub.js';

let sendgrid: SendGridStub;
// Registered before the app: its environment reads the stub's URL.
beforeAll(async () => {
  sendgrid = await startSendGridStub();
});
afterAll(() => sendgrid.close());
const app = useWorkflowTestApp({
  env: () => ({ SENDGRID_API_KEY: 'SG.e2e-key', SENDGRID_FROM: 'Help Desk <help@desk.example.test>', SENDGRID_BASE_URL: sendgrid.url }),
});

const sentTo = (email: string) =>
  sendgrid.requests.filter((r) => r.body.personalizations[0]!.to[0]!.email === email).map((r) => r.body);

describe('account e-mails through SendGrid', () => {
  it('welcomes someone who signs up', async () => {
    const res = await app.request.post('/api/auth/signup').send({ name: 'Noor', email: 'noor@example.test', password: 'correct-horse-battery' });
    expect(res.status).toBe(201);
    const [mail] = await waitUntil(() => sentTo('noor@example.test').length > 0 && sentTo('noor@example.test'), { what: 'the welcome e-mail' });
    expect(mail).toMatchObject({ subject: 'Welcome to RelayDesk, Noor', from: { email: 'help@desk.example.test', name: 'Help Desk' }, categories: ['welcome'] });
    // Sent, not kept: the outbox is only for when no provider is configured.
    expect(await OutboxMessageModel.countDocuments({})).toBe(0);
  });

  it('tells an applicant the decision', async () => {
    const applicant = await createTestUser(app.ctx, { name: 'Omar' });
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const applied = await app.request
      .post('/api/mod-requests')
      .set(applicant.auth)
      .send({ skills: ['networking'], motivation: 'I run the office network and like helping.' });
    expect(applied.status).toBe(201);
    const decided = await app.request.patch(`/api/mod-requests/${applied.body.request.id}`).set(admin.auth).send({ status: 'approved' });
    expect(decided.status).toBe(200);
    const [mail] = await waitUntil(() => sentTo(applicant.user.email).length > 0 && sentTo(applicant.user.email), { what: 'the decision e-mail' });
    expect(mail).toMatchObject({ subject: '[RelayDesk] You are now a moderator', categories: ['application_decided'] });
    expect(mail!.content[0]!.value).toContain('Hi Omar,');
  });
});
