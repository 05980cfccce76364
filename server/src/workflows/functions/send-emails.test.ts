import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { OutboxMessageModel } from '../../mail/outboxModel.js';
import { createTestUser, useTestApp } from '../../test/harness.js';
import { inngestTestEngine } from '../../test/inngestTest.js';
import { workflowDepsOf } from '../deps.js';
import { sendApplicationDecision } from './send-application-decision.js';
import { sendWelcomeEmail } from './send-welcome-email.js';

const app = useTestApp();

describe('send-welcome-email (Inngest test engine)', () => {
  it('welcomes a new user by e-mail', async () => {
    const pat = await createTestUser(app.ctx, { name: 'Pat' });
    const { result } = await inngestTestEngine(sendWelcomeEmail, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.userSignedUp, data: { userId: pat.actor.id } }],
    });
    expect(result).toMatchObject({ status: 'sent', transport: 'outbox' });
    const mail = await OutboxMessageModel.findOne({ userId: pat.actor.id }).lean();
    expect(mail).toMatchObject({ to: pat.user.email, category: 'welcome', subject: 'Welcome to RelayDesk, Pat' });
  });

  it('stops without retrying for an unknown user', async () => {
    const { error } = await inngestTestEngine(sendWelcomeEmail, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.userSignedUp, data: { userId: 'f'.repeat(24) } }],
    });
    expect(error).toMatchObject({ name: 'NonRetriableError' });
  });
});

describe('send-application-decision (Inngest test engine)', () => {
  it.each([
    ['approved', '[RelayDesk] You are now a moderator'],
    ['rejected', '[RelayDesk] About your moderator application'],
  ] as const)('tells the applicant the application was %s', async (status, subject) => {
    const applicant = await createTestUser(app.ctx);
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const application = await app.ctx.services.modRequests.apply(applicant.actor, {
      skills: ['billing'],
      motivation: 'I have answered billing questions for years.',
    });
    await app.ctx.services.modRequests.decide(admin.actor, String(application._id), status);
    const { result } = await inngestTestEngine(sendApplicationDecision, workflowDepsOf(app.ctx)).execute({
      events: [
        {
          name: WORKFLOW_EVENTS.modRequestDecided,
          data: { applicationId: String(application._id), userId: applicant.actor.id, status },
        },
      ],
    });
    expect(result).toMatchObject({ status: 'sent' });
    const mail = await OutboxMessageModel.findOne({ userId: applicant.actor.id, category: 'application_decided' }).lean();
    expect(mail).toMatchObject({ to: applicant.user.email, subject });
  });
});
