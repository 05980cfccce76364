/**
 * Shared vocabulary for the corpus generator: slot values, greetings, sign-offs,
 * scope/impact sentences and the noise real tickets carry (typos, shouting, odd case).
 */
import type { SeededRandom } from '../localEngine/seededRandom.js';

/** A slot value; `skills` are added to the ticket's labels when the value is used. */
export type SlotValue = string | { text: string; skills: readonly string[] };

const ios = ['mobile', 'ios'] as const;
const android = ['mobile', 'android'] as const;

export const SLOTS: Readonly<Record<string, readonly SlotValue[]>> = {
  browser: [
    'Chrome', 'Firefox', 'Safari', 'Edge', 'Brave', 'Chrome on Windows 11', 'Safari on macOS', 'Firefox on Ubuntu',
    'the latest Chrome', 'Edge (work laptop)', 'Opera',
  ],
  area: [
    'dashboard', 'reports page', 'settings page', 'ticket list', 'inbox', 'analytics tab', 'projects view',
    'calendar view', 'team page', 'admin console', 'home screen', 'search page', 'customer list', 'knowledge base editor',
  ],
  timeRef: [
    'since this morning', 'since yesterday', 'for the last hour', 'since the last update', 'since about 9am',
    'for two days now', 'since Monday', 'after your latest release', 'since last night', 'for about 20 minutes',
    'since the weekend', 'since we upgraded', 'starting today', 'on and off all week',
  ],
  integration: [
    { text: 'Slack', skills: ['integrations'] }, { text: 'Zapier', skills: ['integrations'] },
    { text: 'Salesforce', skills: ['integrations'] }, { text: 'HubSpot', skills: ['integrations'] },
    { text: 'Jira', skills: ['integrations'] }, { text: 'GitHub', skills: ['integrations'] },
    { text: 'Microsoft Teams', skills: ['integrations'] }, { text: 'Google Calendar', skills: ['integrations'] },
    { text: 'Zendesk', skills: ['integrations'] }, { text: 'Shopify', skills: ['integrations'] },
    { text: 'Intercom', skills: ['integrations'] },
  ],
  plan: ['Pro', 'Team', 'Business', 'Starter', 'Enterprise', 'Growth'],
  amount: ['$49', '$99', '$29.99', '€120', '£75', '$240', '$12', '$1,200', '€18.50', '$588'],
  device: [
    { text: 'iPhone 13', skills: ios }, { text: 'iPhone 15 Pro', skills: ios }, { text: 'iPad Air', skills: ios },
    { text: 'iPhone SE', skills: ios }, { text: 'Pixel 7', skills: android },
    { text: 'Samsung Galaxy S23', skills: android }, { text: 'OnePlus 11', skills: android },
    { text: 'Android tablet', skills: android }, { text: 'Android phone', skills: android },
  ],
  errorCode: ['500', '502', '503', '504', '500 Internal Server Error', '502 Bad Gateway', '504 Gateway Timeout'],
  clientErrorCode: ['400', '401', '403', '404', '409', '422', '429'],
  format: [
    { text: 'CSV', skills: ['import-export'] }, { text: 'Excel', skills: ['import-export'] },
    { text: 'PDF', skills: ['import-export'] }, { text: 'JSON', skills: ['import-export'] },
  ],
  count: ['3', '5', '12', '20', 'about 40', 'over 100', 'a couple of', 'several', 'two', 'four'],
  teamSize: ['12', '25', '40', '80', '150', '300', '8'],
  company: ['Acme Corp', 'Northwind', 'Globex', 'Initech', 'Umbrella Labs', 'Bluebird Studio', 'Hooli', 'Pied Piper', 'Vandelay Imports', 'Stark Logistics'],
  name: ['Sam', 'Priya', 'Jonas', 'Maria', 'Kenji', 'Fatima', 'Luca', 'Olivia', 'Diego', 'Aisha', 'Tom', 'Chen', 'Noah', 'Ingrid', 'Kwame'],
  country: ['Brazil', 'Russia', 'Vietnam', 'Nigeria', 'Romania', 'an unknown location', 'the Netherlands', 'China'],
  competitor: ['Zendesk', 'Freshdesk', 'Help Scout', 'Jira Service Management', 'Front', 'Intercom'],
  month: ['January', 'March', 'April', 'June', 'August', 'October', 'November', 'December', 'last month'],
  version: ['2.14.3', '3.0.1', '1.9.0', '2.8.12', '3.1.0-rc.2', '4.2'],
  email: ['sam.lee@acme-corp.com', 'priya@northwind.io', 'jonas.b@globex.de', 'maria_g@bluebird.studio', 'ops+support@initech.com'],
  phone: ['+1 (415) 555-0132', '+44 20 7946 0958', '415-555-0198', '+49 30 901820', '07700 900123', '(212) 555-0147'],
  orderNumber: ['#48213', 'INV-2024-0193', '#100392', 'order 77812', 'PO-5531'],
};

export const GREETINGS: readonly string[] = [
  'Hi,', 'Hello,', 'Hi team,', 'Hey there,', 'Hello support,', 'Good morning,', 'Dear RelayDesk team,', 'Hi all,',
  'Hey,', 'Good afternoon,', 'Hi support team,', 'Hello there,',
];

export const SIGN_OFFS: readonly string[] = [
  'Thanks', 'Thanks in advance!', 'Cheers, {name}', 'Regards,\n{name}', 'Best, {name} ({company})',
  'Any help appreciated.', 'Thx', 'Kind regards, {name}', 'Please advise.', 'Thank you!', 'Many thanks,\n{name}',
  '- {name}', 'Looking forward to your reply.',
];

export type Scope = 'single' | 'some' | 'widespread';

export const SCOPE_SENTENCES: Readonly<Record<Scope, readonly string[]>> = {
  single: [
    "It's only my account as far as I can tell.", "My colleagues don't seem to have this problem.",
    'Just me, everyone else on the team is fine.', 'Only happens on my laptop.', 'Seems to be only my user.',
  ],
  some: [
    'A couple of people on my team have the same issue.', '{count} of our users reported this so far.',
    "Some of our agents see it, others don't.", 'At least three colleagues are affected.',
    'Two of our admins are seeing it too.',
  ],
  widespread: [
    'Nobody in our company can work right now.', 'This affects all of our users.',
    'Everyone on our team ({teamSize} people) is affected.', 'All our customers are seeing this.',
    "It's happening for every user in our workspace.", 'The whole team is blocked.',
    'None of our {teamSize} agents can do anything.', 'Every single person in the org is hitting this.',
  ],
};

/** Said by the requester; the labeller raised the priority one step for these. */
export const DEADLINE_SENTENCES: readonly string[] = [
  'We have a client demo in an hour.', 'Our month-end close is today and we need this working.',
  'This is blocking a release scheduled for tomorrow.', 'We go live with a new customer on Monday.',
  'Our board meeting is this afternoon and the numbers are in there.',
];

/** Said by the requester; the labeller lowered the priority one step for these. */
export const NO_RUSH_SENTENCES: readonly string[] = [
  'No rush, just flagging it.', 'Not urgent at all.', 'Whenever you get a chance.',
  'Low priority for us, but wanted to report it.', 'Not a big deal, we have a workaround.',
  'Just a heads up, nothing critical.',
];

/** Requesters overstate; these do not change the label. */
export const SHOUTING_PREFIXES: readonly string[] = ['URGENT: ', 'URGENT!! ', 'Help!! ', 'ASAP - ', 'Important: ', '!!! '];
export const SHOUTING_SUFFIXES: readonly string[] = [
  'Please help asap!!', 'This is urgent!!!', 'Need this fixed ASAP.', 'Please treat as top priority.',
];

export const CONTEXT_SENTENCES: Readonly<Record<'web' | 'account' | 'billing' | 'general', readonly string[]>> = {
  web: [
    "I'm using {browser}.", 'This started {timeRef}.', 'I already tried clearing my cache and cookies.',
    'Same thing in an incognito window.', 'Screenshot attached.', 'Tried {browser} as well, same result.',
    'Not sure if this is related to the update last week.', 'Happens every time, 100% reproducible.',
  ],
  account: [
    'This started {timeRef}.', 'Tried logging out and back in, no change.', 'My username is {email}.',
    'We are {company}, on the {plan} plan.', 'I have admin rights on our workspace.',
  ],
  billing: [
    'Our workspace is {company} on the {plan} plan.', 'The reference on the statement is {orderNumber}.',
    'We pay monthly by card.', 'We are on annual billing.', 'Our finance team asked me to follow up.',
  ],
  general: [
    'Let me know if you need more details.', 'We are {company}, {teamSize} seats.', 'This started {timeRef}.',
    'Happy to jump on a call.', 'You can reach me at {email}.', 'My phone is {phone} if easier.',
  ],
};

/** Introduces a typo the way fast typists do: swapped, dropped or doubled letters. */
export function addTypos(text: string, random: SeededRandom, count: number): string {
  const words = text.split(' ');
  const candidates = words.map((word, index) => ({ word, index })).filter(({ word }) => /^[a-z]{5,}$/.test(word));
  for (let n = 0; n < count && candidates.length > 0; n++) {
    const { word, index } = random.pick(candidates);
    const at = random.integer(1, word.length - 2);
    const kind = random.integer(0, 2);
    const mangled =
      kind === 0
        ? word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2)
        : kind === 1
          ? word.slice(0, at) + word.slice(at + 1)
          : word.slice(0, at) + word.charAt(at) + word.slice(at);
    words[index] = mangled;
  }
  return words.join(' ');
}
