import type { MailCategory } from '@relaydesk/shared';

/** The content of an e-mail before it is addressed. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
  category: MailCategory;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const oneLine = (value: string, max: number) => {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** Plain paragraphs, or a heading followed by its text; rendered both as text and as escaped HTML. */
type Block = { heading?: string; body: string } | { link: string; label: string };

function render(subject: string, category: MailCategory, blocks: Block[]): MailContent {
  const text = blocks
    .map((b) => ('link' in b ? `${b.label}: ${b.link}` : b.heading ? `${b.heading}\n${b.body}` : b.body))
    .join('\n\n');
  const html = blocks
    .map((b) => {
      if ('link' in b) return `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a></p>`;
      const body = escapeHtml(b.body).replace(/\n/g, '<br>');
      return b.heading ? `<h3>${escapeHtml(b.heading)}</h3><p>${body}</p>` : `<p>${body}</p>`;
    })
    .join('\n');
  return { subject, text: `${text}\n`, html, category };
}

/** The moderator's notice of a newly assigned ticket, with the AI summary and notes. */
export function ticketAssignedEmail(input: {
  moderatorName: string;
  /** The ticket's human number, written `#1042`. */
  number: number;
  ticketUrl: string;
  title: string;
  priority: string;
  category: string;
  relatedSkills: string[];
  summary: string;
  helpfulNotes: string;
  reason: string | null;
}): MailContent {
  const blocks: Block[] = [
    { body: `Hi ${input.moderatorName},` },
    { body: `A ticket has been assigned to you: #${input.number} "${oneLine(input.title, 200)}".` },
    {
      body:
        `Priority: ${input.priority} · Category: ${input.category}` +
        (input.relatedSkills.length ? `\nSkills: ${input.relatedSkills.join(', ')}` : ''),
    },
    { heading: 'Summary', body: input.summary || 'No summary yet.' },
  ];
  if (input.helpfulNotes) blocks.push({ heading: 'Helpful notes', body: input.helpfulNotes });
  if (input.reason) blocks.push({ heading: 'Why you', body: input.reason });
  blocks.push({ link: input.ticketUrl, label: 'Open the ticket' });
  return render(`[RelayDesk] Assigned to you: #${input.number} ${oneLine(input.title, 120)}`, 'ticket_assigned', blocks);
}

/** Sent once after signing up. */
export function welcomeEmail(input: { name: string; appUrl: string }): MailContent {
  return render(`Welcome to RelayDesk, ${oneLine(input.name, 80)}`, 'welcome', [
    { body: `Hi ${input.name},` },
    { body: 'Your RelayDesk account is ready. File a ticket whenever something is in your way; a moderator picks it up and you can follow along live.' },
    { link: `${input.appUrl}/tickets`, label: 'Go to your tickets' },
  ]);
}

/** The decision on a moderator application. */
export function applicationDecidedEmail(input: { name: string; status: 'approved' | 'rejected'; appUrl: string }): MailContent {
  if (input.status === 'approved') {
    return render('[RelayDesk] You are now a moderator', 'application_decided', [
      { body: `Hi ${input.name},` },
      { body: 'Your application was approved. Tickets matching your skills will now be assigned to you.' },
      { link: `${input.appUrl}/tickets`, label: 'See your queue' },
    ]);
  }
  return render('[RelayDesk] About your moderator application', 'application_decided', [
    { body: `Hi ${input.name},` },
    { body: 'Thank you for applying to moderate. This time your application was not approved; you are welcome to apply again later.' },
    { link: `${input.appUrl}`, label: 'Open RelayDesk' },
  ]);
}

/**
 * To the owner of an address someone tried to sign up with again. Signup answers
 * that attempt like any other, so only the owner learns that the account exists.
 */
export function signupAttemptEmail(input: { name: string; appUrl: string }): MailContent {
  return render('[RelayDesk] Someone tried to sign up with your address', 'signup_attempt', [
    { body: `Hi ${input.name},` },
    {
      body:
        'Someone just tried to create a new RelayDesk account with this e-mail address. You already have an account, ' +
        'so no new one was made and nothing about yours has changed.',
    },
    { body: 'If that was you, log in with your existing account instead. If it was not, you can ignore this e-mail.' },
    { link: `${input.appUrl}/login`, label: 'Log in to RelayDesk' },
  ]);
}

/** One thing that happened on a ticket, as a requester's update e-mail tells it. */
export type TicketUpdateItem =
  | { kind: 'reply'; authorName: string; body: string }
  | { kind: 'status'; from: string; to: string };

const statusWords = (status: string) => status.replace(/_/g, ' ');

/**
 * To the person who filed a ticket: the public replies and status changes since the
 * last such e-mail, oldest first. Callers pass only what the requester may read.
 */
export function ticketUpdateEmail(input: { name: string; number: number; title: string; ticketUrl: string; items: TicketUpdateItem[] }): MailContent {
  const replies = input.items.filter((i) => i.kind === 'reply').length;
  const intro =
    replies === 0
      ? `There is news on your ticket #${input.number} "${oneLine(input.title, 200)}".`
      : `${replies === 1 ? 'There is a new reply' : `There are ${replies} new replies`} on your ticket #${input.number} "${oneLine(input.title, 200)}".`;
  const blocks: Block[] = [{ body: `Hi ${input.name},` }, { body: intro }];
  for (const item of input.items) {
    if (item.kind === 'reply') blocks.push({ heading: `${item.authorName} wrote`, body: item.body });
    else blocks.push({ body: `Status changed from ${statusWords(item.from)} to ${statusWords(item.to)}.` });
  }
  blocks.push({ link: input.ticketUrl, label: `Open ticket #${input.number}` });
  blocks.push({ body: 'You can switch these e-mails off in your profile menu.' });
  return render(`[RelayDesk] Update on #${input.number}: ${oneLine(input.title, 120)}`, 'ticket_update', blocks);
}
