import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { TicketEventModel } from '../../tickets/timelineModel.js';
import { TicketModel } from '../../tickets/ticketModel.js';
import { OutboxMessageModel } from '../../mail/outboxModel.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';
import { inngestTestEngine } from '../../test/inngestTest.js';
import { workflowDepsOf } from '../deps.js';
import { notifyAssignee } from './notify-assignee.js';

const app = useTestApp({ APP_URL: 'https://desk.example.test' });

describe('notify-assignee (Inngest test engine)', () => {
  it('e-mails the assignee the link, summary and notes through the outbox, and records notified', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator', name: 'Maya' });
    const { id } = await createTestTicket(app.ctx, pat, { title: 'VPN drops every hour', assignee: mo });
    await TicketModel.updateOne(
      { _id: id },
      { $set: { summary: 'The VPN disconnects hourly.', helpfulNotes: '- Check the DHCP lease time.', priority: 'high', relatedSkills: ['networking'] } },
    );

    const { result } = await inngestTestEngine(notifyAssignee, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.ticketAssigned, data: { ticketId: id, moderatorId: mo.actor.id } }],
    });

    expect(result).toEqual({ status: 'sent', transport: 'outbox', duplicate: false });
    const mail = await OutboxMessageModel.findOne({ ticketId: id }).lean();
    expect(mail).toMatchObject({
      to: mo.user.email,
      from: 'RelayDesk <no-reply@relaydesk.local>',
      category: 'ticket_assigned',
      subject: `[RelayDesk] Assigned to you: #${(await TicketModel.findById(id).lean())!.filingNumber} VPN drops every hour`,
    });
    expect(mail!.text).toContain('Hi Maya,');
    expect(mail!.text).toContain(`https://desk.example.test/tickets/${id}`);
    expect(mail!.text).toContain('The VPN disconnects hourly.');
    expect(mail!.text).toContain('- Check the DHCP lease time.');
    expect(mail!.text).toContain('Priority: high');
    expect(mail!.html).toContain(`href="https://desk.example.test/tickets/${id}"`);
    const notified = await TicketEventModel.find({ ticket: id, type: 'notified' }).lean();
    expect(notified).toMatchObject([{ to: mo.actor.id, data: { channel: 'email', transport: 'outbox' } }]);
  });

  it('escapes ticket text in the HTML part', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, pat, { title: '<script>alert(1)</script> broken', assignee: mo });
    await inngestTestEngine(notifyAssignee, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.ticketAssigned, data: { ticketId: id, moderatorId: mo.actor.id } }],
    });
    const mail = await OutboxMessageModel.findOne({ ticketId: id }).lean();
    expect(mail!.html).not.toContain('<script>');
    expect(mail!.html).toContain('&lt;script&gt;');
  });

  it('sends nothing when the ticket went to someone else meanwhile', async () => {
    const pat = await createTestUser(app.ctx);
    const first = await createTestUser(app.ctx, { role: 'moderator' });
    const second = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, pat, { assignee: second });
    const { result } = await inngestTestEngine(notifyAssignee, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.ticketAssigned, data: { ticketId: id, moderatorId: first.actor.id } }],
    });
    expect(result).toMatchObject({ status: 'skipped' });
    expect(await OutboxMessageModel.countDocuments({ ticketId: id })).toBe(0);
    expect(await TicketEventModel.countDocuments({ ticket: id, type: 'notified' })).toBe(0);
  });
});
