import { describe, expect, it } from 'vitest';
import { OutboxMessageModel } from '../mail/outboxModel.js';
import { RequesterDigestModel } from '../requesterUpdates/model.js';
import { createTestTicket, createTestUser, type TestUser } from '../test/harness.js';
import { useWorkflowTestApp, waitUntil } from '../test/workflowHarness.js';
import { createDomainEvents } from '../domain/events.js';
import { sendRequesterUpdates } from './functions/send-requester-updates.js';
import { subscribeRequesterUpdateTriggers } from './requesterUpdateTriggers.js';
import { LocalWorkflowRunner } from './runner/runner.js';
import { WorkflowRunModel } from './runner/runModel.js';
import { FAST_RUNNER } from '../test/workflowHarness.js';

/** Long enough that replies posted one after another fall inside it on a busy machine, short enough for a test. */
const WINDOW_SECONDS = 5;
const app = useWorkflowTestApp({
  env: () => ({ APP_URL: 'https://desk.example.test', REQUESTER_DIGEST_WINDOW_SECONDS: String(WINDOW_SECONDS) }),
});

/** A requester's ticket, assigned to a moderator, with an admin around. */
async function cast(title = 'VPN drops every hour') {
  const requester = await createTestUser(app.ctx, { name: 'Rita Requester' });
  const assignee = await createTestUser(app.ctx, { role: 'moderator', name: 'Maya Moderator' });
  const admin = await createTestUser(app.ctx, { role: 'admin', name: 'Ada Admin' });
  const { id, ticket } = await createTestTicket(app.ctx, requester, { title, assignee });
  return { requester, assignee, admin, id, number: ticket.filingNumber };
}

const comment = (who: TestUser, id: string, body: string, internal = false) =>
  app.request.post(`/api/tickets/${id}/comments`).set(who.auth).send(internal ? { body, internal } : { body }).expect(201);

const mailsTo = (email: string) => OutboxMessageModel.find({ to: email, category: 'ticket_update' }).sort({ createdAt: 1, _id: 1 }).lean();

/** Every requester-update run of this ticket has finished (none queued, running or asleep). */
const settled = (ticketId: string) =>
  waitUntil(
    async () => {
      const runs = await WorkflowRunModel.find({ functionId: 'send-requester-updates', eventId: new RegExp(`^requester-update:${ticketId}:`) }).lean();
      return runs.length > 0 && runs.every((r) => r.status === 'completed') && runs;
    },
    { what: `the requester-update runs of ${ticketId} to finish` },
  );

describe('e-mails to the requester', () => {
  it('sends the first public staff reply at once: subject with the number and title, the reply, and a link', async () => {
    const { requester, assignee, id, number } = await cast('Printer prints blank pages');
    await comment(assignee, id, 'Please try **turning it off and on**.');
    const [mail] = await waitUntil(async () => {
      const mails = await mailsTo(requester.user.email);
      return mails.length > 0 && mails;
    }, { what: 'the first reply e-mail' });
    expect(mail!.subject).toBe(`[RelayDesk] Update on #${number}: Printer prints blank pages`);
    expect(mail!.text).toContain('Maya Moderator wrote\nPlease try **turning it off and on**.');
    expect(mail!.text).toContain(`https://desk.example.test/tickets/${number}`);
    expect(mail!.html).toContain(`<a href="https://desk.example.test/tickets/${number}">`);
    expect(String(mail!.ticketId)).toBe(id);
  });

  it('gathers replies and a status change within the window into one e-mail after the first', async () => {
    const { requester, assignee, id, number } = await cast();
    await comment(assignee, id, 'First: which VPN client version?');
    await waitUntil(async () => (await mailsTo(requester.user.email)).length === 1, { what: 'the first e-mail' });

    await comment(assignee, id, 'Second: a fix is rolling out.');
    await app.request.patch(`/api/tickets/${id}/status`).set(assignee.auth).send({ status: 'in_progress' }).expect(200);
    await comment(assignee, id, 'Third: it should reach you today.');
    await settled(id);

    const mails = await mailsTo(requester.user.email);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.text).toContain('First: which VPN client version?');
    expect(mails[0]!.text).not.toContain('Second');
    const digest = mails[1]!;
    expect(digest.subject).toContain(`#${number}`);
    expect(digest.text).toContain('There are 2 new replies');
    // In the order they happened, each exactly once.
    const second = digest.text.indexOf('Second: a fix is rolling out.');
    const status = digest.text.indexOf('Status changed from todo to in progress.');
    const third = digest.text.indexOf('Third: it should reach you today.');
    expect([second, status, third].every((i) => i >= 0)).toBe(true);
    expect(second < status && status < third).toBe(true);
    expect(digest.text).not.toContain('First: which VPN client version?');
    // Nothing is left waiting.
    expect(await RequesterDigestModel.findById(id).lean()).toMatchObject({ pending: [], claims: [], hasPending: false });
  });

  it('never carries an internal note, nor the requester’s own comments', async () => {
    const { requester, assignee, admin, id } = await cast();
    await comment(assignee, id, 'NOTE: customer is on the legacy plan', true);
    await comment(admin, id, 'NOTE: approved a refund', true);
    await comment(requester, id, 'Any news?');
    await comment(assignee, id, 'We are on it.');
    await settled(id);

    const mails = await mailsTo(requester.user.email);
    expect(mails).toHaveLength(1);
    for (const mail of mails) {
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toContain('NOTE:');
        expect(part).not.toContain('Any news?');
      }
    }
    expect(mails[0]!.text).toContain('We are on it.');
    // A note alone queues nothing at all: no run, nothing pending.
    const quiet = await cast();
    await comment(quiet.assignee, quiet.id, 'NOTE: only staff', true);
    expect(await RequesterDigestModel.findById(quiet.id).lean()).toBeNull();
    expect(await WorkflowRunModel.countDocuments({ eventId: new RegExp(`^requester-update:${quiet.id}:`) })).toBe(0);
  });

  it('tells the requester about a status change on its own', async () => {
    const { requester, admin, id, number } = await cast('Laptop will not boot');
    await app.request.patch(`/api/tickets/${id}/status`).set(admin.auth).send({ status: 'waiting' }).expect(200);
    const [mail] = await waitUntil(async () => {
      const mails = await mailsTo(requester.user.email);
      return mails.length > 0 && mails;
    }, { what: 'the status e-mail' });
    expect(mail!.subject).toBe(`[RelayDesk] Update on #${number}: Laptop will not boot`);
    expect(mail!.text).toContain('Status changed from todo to waiting.');
  });

  it('sends nothing to a requester who switched these e-mails off, and says so in their session', async () => {
    const optedOut = await cast();
    const off = await app.request.patch('/api/auth/preferences').set(optedOut.requester.auth).send({ notifyByEmail: false });
    expect(off.status).toBe(200);
    expect(off.body.preferences).toEqual({ notifyByEmail: false });
    expect((await app.request.get('/api/auth/me').set(optedOut.requester.auth)).body.preferences).toEqual({ notifyByEmail: false });

    await comment(optedOut.assignee, optedOut.id, 'Reply nobody is e-mailed about');
    await app.request.patch(`/api/tickets/${optedOut.id}/status`).set(optedOut.admin.auth).send({ status: 'waiting' }).expect(200);
    // Someone who did not opt out, replied to after: once their e-mail is out, the first would have been too.
    const control = await cast();
    await comment(control.assignee, control.id, 'Reply that is e-mailed');
    await waitUntil(async () => (await mailsTo(control.requester.user.email)).length === 1, { what: 'the control e-mail' });
    expect(await mailsTo(optedOut.requester.user.email)).toEqual([]);
    expect(await WorkflowRunModel.countDocuments({ eventId: new RegExp(`^requester-update:${optedOut.id}:`) })).toBe(0);

    const on = await app.request.patch('/api/auth/preferences').set(optedOut.requester.auth).send({ notifyByEmail: true });
    expect(on.body.preferences).toEqual({ notifyByEmail: true });
    await comment(optedOut.assignee, optedOut.id, 'Now you hear from us');
    await waitUntil(async () => (await mailsTo(optedOut.requester.user.email)).length === 1, { what: 'the e-mail after opting back in' });
  });

  it('rejects a preferences body that names nothing or something unknown, naming the problem', async () => {
    const user = await createTestUser(app.ctx);
    const empty = await app.request.patch('/api/auth/preferences').set(user.auth).send({});
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
    const unknown = await app.request.patch('/api/auth/preferences').set(user.auth).send({ notifyByEmail: 'yes' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error.details)).toContain('notifyByEmail');
  });
});

describe('delivery after a crash', () => {
  it('claims once per batch and sends one message however often a delivery is retried', async () => {
    const { requester, id } = await cast();
    const service = app.ctx.services.requesterUpdates;
    // Queue straight through the service, as the subscriber would, without starting a run.
    const ticket = (await app.ctx.services.tickets.loadPopulated(id))!;
    const queued = await service.queueStatusChange({ ticket, from: 'todo', to: 'waiting', actorId: null });
    expect(queued).toMatchObject({ queued: true });
    expect(await service.queueStatusChange({ ticket, from: 'todo', to: 'waiting', actorId: null })).toEqual({ queued: false, reason: 'already queued' });

    expect(await service.claim(id, 'batch-a')).toEqual({ items: 1 });
    // A retried claim (the step's result was lost) gets its own batch back; another batch gets nothing.
    expect(await service.claim(id, 'batch-a')).toEqual({ items: 1 });
    expect(await service.claim(id, 'batch-b')).toEqual({ items: 0 });

    // Two deliveries of one batch at once (a run taken over while its first attempt still ran): one new message.
    const outcomes = await Promise.all([service.deliver(id, 'batch-a'), service.deliver(id, 'batch-a')]);
    expect(outcomes.filter((o) => o.status === 'sent' && !o.duplicate)).toHaveLength(1);
    expect(await mailsTo(requester.user.email)).toHaveLength(1);
    expect(await service.deliver(id, 'batch-a')).toEqual({ status: 'skipped', reason: 'nothing claimed' });
    expect(await mailsTo(requester.user.email)).toHaveLength(1);
  });
});

describe('a restart while replies wait for the window', () => {
  it('loses nothing: a sleeping run resumes in the next process, an update whose event was lost is announced again, and nothing is sent twice', async () => {
    const { requester, assignee, id } = await cast('Mail sync stalls');
    await comment(assignee, id, 'Before the restart: first answer.');
    await waitUntil(async () => (await mailsTo(requester.user.email)).length === 1, { what: 'the first e-mail' });
    await comment(assignee, id, 'Before the restart: second answer.');
    await waitUntil(
      () => WorkflowRunModel.findOne({ functionId: 'send-requester-updates', eventId: new RegExp(`^requester-update:${id}:comment:`), sleepingUntil: { $ne: null } }).lean(),
      { what: 'the second answer’s run to go to sleep' },
    );

    // The process stops; an update it had queued never got its workflow event out.
    await app.runner.stop({ timeoutMs: 5_000 });
    const ticket = (await app.ctx.services.tickets.loadPopulated(id))!;
    expect(await app.ctx.services.requesterUpdates.queueStatusChange({ ticket, from: 'todo', to: 'waiting', actorId: null })).toMatchObject({ queued: true });

    // The next process: a new runner and its subscriptions, which look for pending updates at start.
    const next = new LocalWorkflowRunner({ ...FAST_RUNNER, deps: app.workflows.deps, definitions: [sendRequesterUpdates], logger: app.ctx.logger });
    const unsubscribe = subscribeRequesterUpdateTriggers(createDomainEvents(app.ctx.logger), app.ctx.services.requesterUpdates, async (e) => {
      await next.send(e);
    }, app.ctx.logger);
    try {
      await next.start();
      await waitUntil(async () => (await mailsTo(requester.user.email)).length === 2, { what: 'the gathered e-mail after the restart' });
      await settled(id);
      const mails = await mailsTo(requester.user.email);
      expect(mails).toHaveLength(2);
      expect(mails[1]!.text).toContain('Before the restart: second answer.');
      expect(mails[1]!.text).toContain('Status changed from todo to waiting.');
      expect(mails[1]!.text).not.toContain('first answer');
    } finally {
      unsubscribe();
      await next.stop({ timeoutMs: 5_000 });
      await app.runner.start();
    }
  });
});
