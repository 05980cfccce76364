import { describe, expect, it } from 'vitest';
import { ticketUpdateEmail } from './templates.js';

const base = { name: 'Rita', number: 1042, title: 'VPN <drops>', ticketUrl: 'https://desk.example.test/tickets/1042' };

describe('ticketUpdateEmail', () => {
  it('names the ticket by number and title, lists each update in order, and links to the ticket', () => {
    const mail = ticketUpdateEmail({
      ...base,
      items: [
        { kind: 'reply', authorName: 'Maya', body: 'Try **this**.' },
        { kind: 'status', from: 'todo', to: 'in_progress' },
      ],
    });
    expect(mail.subject).toBe('[RelayDesk] Update on #1042: VPN <drops>');
    expect(mail.category).toBe('ticket_update');
    expect(mail.text).toContain('There is a new reply on your ticket #1042');
    expect(mail.text.indexOf('Maya wrote\nTry **this**.')).toBeLessThan(mail.text.indexOf('Status changed from todo to in progress.'));
    expect(mail.text).toContain('Open ticket #1042: https://desk.example.test/tickets/1042');
  });

  it('escapes what people wrote in the HTML part', () => {
    const mail = ticketUpdateEmail({ ...base, items: [{ kind: 'reply', authorName: 'Mallory <b>', body: '<script>alert(1)</script><img src=x onerror=alert(1)>' }] });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('VPN &lt;drops&gt;');
  });

  it('says how many replies a gathered e-mail holds, and speaks of news when there are only status changes', () => {
    const two = ticketUpdateEmail({ ...base, items: [{ kind: 'reply', authorName: 'A', body: 'x' }, { kind: 'reply', authorName: 'B', body: 'y' }] });
    expect(two.text).toContain('There are 2 new replies');
    const status = ticketUpdateEmail({ ...base, items: [{ kind: 'status', from: 'waiting', to: 'completed' }] });
    expect(status.text).toContain('There is news on your ticket #1042');
  });
});
