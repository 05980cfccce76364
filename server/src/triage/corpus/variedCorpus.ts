/**
 * Deterministic generator for the varied training corpus (variedTickets.jsonl).
 *
 *   npx tsx --conditions=source server/src/triage/corpus/variedCorpus.ts
 *
 * Where tickets.jsonl is built from fixed scenarios about this helpdesk product,
 * this corpus crosses 15 domains (SaaS, shops, banking, clinics, games, internal IT,
 * schools, logistics, hotels, marketing, payroll, hosting, telecom, insurance) with
 * kinds of ticket (incidents, problems, requests, questions, changes, feedback) and
 * five voices (formal email, terse one-liner, non-native English, angry, friendly).
 * A ticket is first drawn as facts (what is wrong, how many are hit, whether there
 * is a workaround, any deadline or harm) and only then written out; the priority is
 * given by the rubric in `rubricPriority` from those facts, never from the wording.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Priority, TriageCategory } from '@relaydesk/shared';
import { createSeededRandom, type SeededRandom } from '../localEngine/seededRandom.js';
import type { LabelledTicket } from './loadCorpus.js';
import { DOMAINS, PERSON_NAMES, ROLES, type Domain } from './variedDomains.js';

export const VARIED_CORPUS_SEED = 7_051_999;
export const VARIED_CORPUS_SIZE = 3_000;
export const VARIED_CORPUS_FILE = fileURLToPath(new URL('./variedTickets.jsonl', import.meta.url));

export type Kind =
  | 'outage'
  | 'failure'
  | 'access'
  | 'integration'
  | 'wrong-data'
  | 'data-loss'
  | 'security-incident'
  | 'vulnerability'
  | 'slow'
  | 'glitch'
  | 'cosmetic'
  | 'billing-error'
  | 'how-to'
  | 'feature'
  | 'info-request'
  | 'policy-question'
  | 'billing-question'
  | 'account-change'
  | 'sales'
  | 'feedback';

export type Scope = 'single' | 'team' | 'wide';
export type Pressure = 'none' | 'relaxed' | 'deadline' | 'immediate';

/** The facts of one ticket, from which both its text and its label follow. */
export interface TicketFacts {
  kind: Kind;
  scope: Scope;
  pressure: Pressure;
  workaround: boolean;
  /** The ticket says what the failure costs (sales, patient care, a legal duty). */
  statesHarm: boolean;
  /** The requester calls it critical or serious in so many words. */
  claimsSeverity?: boolean;
  production: boolean;
}

const INCIDENT_KINDS: readonly Kind[] = ['outage', 'failure', 'access', 'integration', 'wrong-data', 'data-loss', 'security-incident', 'billing-error'];
const LEVELS: readonly Priority[] = ['low', 'medium', 'high', 'urgent'];
const clampLevel = (n: number, min = 0, max = 3): Priority => LEVELS[Math.max(min, Math.min(max, n))] as Priority;

/**
 * The labelling rubric (also used, written out, for the hand-written evaluation set):
 *
 * - urgent: many people or production are stopped (outage, core function failing for
 *   everyone), a confirmed security incident or data loss affecting many, or failing
 *   payments / patient safety at scale. Strong evidence only.
 * - high: a core function is blocked for a team or for a customer with a stated cost
 *   or a near deadline; a security incident or data loss for one account; a
 *   vulnerability report; a wide degradation with a cost.
 * - medium: something is broken or wrong but the impact is limited (one person, a
 *   workaround, intermittent, slow), billing errors of ordinary size, changes that
 *   have a date attached.
 * - low: questions, how-tos, feature requests, information and policy questions
 *   (including about security), cosmetic issues, feedback, changes with no date.
 */
export function rubricPriority(f: TicketFacts): Priority {
  const widen = f.scope === 'wide' ? 2 : f.scope === 'team' ? 1 : 0;
  switch (f.kind) {
    case 'how-to':
    case 'feature':
    case 'info-request':
    case 'policy-question':
    case 'sales':
    case 'feedback':
      return f.pressure === 'deadline' || f.pressure === 'immediate' ? (f.kind === 'feedback' ? 'low' : 'medium') : 'low';
    case 'billing-question':
    case 'account-change':
      return f.pressure === 'deadline' || f.pressure === 'immediate' ? 'medium' : 'low';
    case 'cosmetic':
      return f.scope === 'wide' && f.statesHarm ? 'medium' : 'low';
    case 'slow':
    case 'glitch': {
      let level = 1 + (f.scope === 'wide' ? 1 : 0) + ((f.statesHarm || f.claimsSeverity) && f.scope !== 'single' ? 1 : 0);
      if (f.pressure === 'immediate' && f.scope !== 'single') level++;
      if (f.workaround && f.pressure === 'relaxed') level--;
      return clampLevel(level, 0, 2 + (f.scope === 'wide' && f.production ? 1 : 0));
    }
    case 'vulnerability':
      return 'high';
    case 'security-incident':
      return f.scope === 'single' ? 'high' : 'urgent';
    case 'data-loss':
      return f.scope === 'single' ? 'high' : 'urgent';
    case 'billing-error': {
      let level = 1 + (f.scope === 'wide' ? 2 : 0) + (f.statesHarm ? 1 : 0) + (f.pressure === 'immediate' ? 1 : 0);
      if (f.pressure === 'relaxed') level--;
      return clampLevel(level, 1);
    }
    case 'outage': {
      let level = 1 + widen + (f.production || f.statesHarm ? 1 : 0);
      if (f.pressure === 'immediate' || f.pressure === 'deadline') level++;
      if (f.workaround) level--;
      return clampLevel(level, 1, f.scope === 'single' ? 2 : 3);
    }
    default: {
      // failure, access, integration, wrong-data: a function is broken.
      let level = 1 + widen;
      if (f.statesHarm || f.claimsSeverity) level++;
      if (f.pressure === 'deadline' || f.pressure === 'immediate') level++;
      if (f.workaround) level--;
      if (f.pressure === 'relaxed') level--;
      const strong = f.scope === 'wide' && (f.production || f.statesHarm || f.pressure === 'immediate');
      return clampLevel(Math.min(level, strong ? 3 : 2), 1);
    }
  }
}

const CATEGORY: Record<Kind, TriageCategory | readonly TriageCategory[]> = {
  outage: ['bug', 'performance'],
  failure: 'bug',
  access: 'account',
  integration: 'integration',
  'wrong-data': 'bug',
  'data-loss': 'bug',
  'security-incident': 'security',
  vulnerability: 'security',
  slow: 'performance',
  glitch: 'bug',
  cosmetic: 'bug',
  'billing-error': 'billing',
  'how-to': 'how_to',
  feature: 'feature_request',
  'info-request': ['how_to', 'other'],
  'policy-question': ['other', 'security'],
  'billing-question': 'billing',
  'account-change': 'account',
  sales: 'other',
  feedback: 'other',
};

const KIND_WEIGHTS: Readonly<Record<Kind, number>> = {
  outage: 9, failure: 14, access: 7, integration: 6, 'wrong-data': 6, 'data-loss': 4, 'security-incident': 4,
  vulnerability: 2, slow: 7, glitch: 6, cosmetic: 4, 'billing-error': 5, 'how-to': 8, feature: 6,
  'info-request': 6, 'policy-question': 4, 'billing-question': 4, 'account-change': 4, sales: 2, feedback: 2,
};

type Voice = 'formal' | 'terse' | 'non-native' | 'angry' | 'friendly';
const VOICE_WEIGHTS: Readonly<Record<Voice, number>> = { formal: 0.42, terse: 0.16, 'non-native': 0.14, angry: 0.1, friendly: 0.18 };

interface Context {
  r: SeededRandom;
  d: Domain;
  facts: TicketFacts;
  voice: Voice;
  feature: string;
  product: string;
  action: string;
  people: string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const TIME_REFS = [
  'since this morning', 'since yesterday', 'since the last update', 'for the past two days', 'since about 9:00',
  'since Monday', 'after your latest release', 'since last night', 'for the last hour', 'since the weekend',
  'since the maintenance window', 'for about 30 minutes', 'since we changed our settings', 'today',
];
const ERRORS = ['"Something went wrong"', '"Error 500"', '"Request failed"', '"Unexpected error, please try again"', '"Service unavailable"', 'a timeout', 'error code E-4012', '"Access denied"'];

/* What is wrong, per kind. `{f}` feature, `{p}` product, `{a}` action, `{t}` time reference, `{e}` error. */
const PROBLEM: Readonly<Record<Kind, readonly string[]>> = {
  outage: [
    '{p} is down {t}', '{p} has been unavailable {t}', '{p} is not loading at all', 'we cannot reach {p} {t}',
    '{p} returns "Service unavailable" on every page', 'the {f} is completely offline', 'there is a complete outage of {p}',
    '{p} is unreachable and times out', 'we are experiencing downtime of {p} {t}', 'every request to {p} fails with a 503',
  ],
  failure: [
    'the {f} stopped working {t}', 'the {f} fails with {e} when we try to {a}', 'we are unable to {a}; the {f} shows {e}',
    'the {f} does not work anymore {t}', 'nothing happens when we try to {a}', 'the {f} crashes every time we try to {a}',
    'it is not possible to {a} {t}', 'the {f} keeps failing with {e}', 'we cannot {a} because the {f} is broken',
    'the {f} gets stuck loading and we cannot {a}',
  ],
  access: [
    'we cannot log in to {p} {t}', 'login to {p} fails with {e}', 'the sign-in page keeps looping back {t}',
    'two-factor codes are rejected when we try to log in', 'accounts are locked out of {p}', 'single sign-on to {p} stopped working {t}',
    'password reset links for {p} do not arrive', 'after entering the password we get {e}',
  ],
  integration: [
    'the sync between {p} and our CRM stopped {t}', 'the webhook to our system has not fired {t}', 'the {f} integration stopped syncing {t}',
    'data from {p} no longer reaches our accounting software', 'the API connection to {p} fails with {e}', 'the Slack notifications from {p} stopped {t}',
    'the import from our ERP into {p} fails every night', 'the calendar sync with {p} is broken {t}',
  ],
  'wrong-data': [
    'the {f} shows wrong numbers {t}', 'totals in the {f} do not match our records', 'the {f} shows data belonging to the wrong month',
    'prices in the {f} are incorrect', 'the {f} duplicates entries {t}', 'the report from the {f} has incorrect totals',
    'dates in the {f} are shifted by one day', 'the {f} shows outdated information {t}',
  ],
  'data-loss': [
    'all entries in the {f} have disappeared {t}', 'our data in {p} is gone after the update', 'records in the {f} were deleted without anyone doing it',
    'the {f} is empty now, all our history is missing', 'we lost a week of data in {p}', 'files uploaded to the {f} are corrupted and cannot be opened',
    'the {f} was wiped during the migration',
  ],
  'security-incident': [
    'someone logged into our {p} account from an unknown location and changed settings', 'our admin account in {p} has been compromised',
    'we see unauthorized transactions made from our account', 'customers can see other customers’ data in the {f}',
    'an unknown user was added as administrator to {p}', 'our API keys for {p} were leaked and are being used by someone else',
    'phishing emails are being sent from our {p} account', 'ransomware encrypted files on a machine connected to {p}',
    'personal data from the {f} was exposed publicly', 'we suspect a data breach after unusual activity in the {f}',
    'we detected unusual access to our data in {p} overnight and fear it was copied', 'we suspect that our {p} account has been compromised',
  ],
  vulnerability: [
    'I found a security vulnerability in the {f}: user input is not escaped (possible XSS)', 'the {f} allows access to other accounts by changing an id in the URL',
    'I believe there is a SQL injection vulnerability in the {f}', 'the password reset flow of {p} can be abused to take over accounts',
    'session tokens for {p} do not expire after logout, which is a security risk',
  ],
  slow: [
    'the {f} is very slow {t}', 'pages in {p} take 20 seconds or more to load', 'the {f} has become much slower {t}',
    'loading the {f} takes several minutes', '{p} is lagging badly {t}', 'requests to the {f} often time out',
    'the {f} responds with long delays {t}',
  ],
  glitch: [
    'the {f} sometimes shows {e} but works after a retry', 'notifications from the {f} arrive late', 'the {f} occasionally logs us out',
    'the filter in the {f} resets after refreshing', 'sorting in the {f} does not work correctly', 'the {f} shows the wrong time zone',
    'the {f} shows a duplicate entry now and then', 'emails from the {f} land in spam for some recipients',
  ],
  cosmetic: [
    'a button in the {f} is slightly misaligned', 'there is a typo in the {f}', 'the icons in the {f} look blurry',
    'the text in the {f} overlaps on small screens', 'the colours in the {f} changed and look odd', 'the tooltip in the {f} is cut off',
    'the logo in {p} is a bit stretched',
  ],
  'billing-error': [
    'we were charged twice for our subscription', 'the invoice for this month is higher than agreed', 'our payment was taken but the plan is still shown as unpaid',
    'we were charged after cancelling', 'the refund we were promised has not arrived', 'payments through the {f} are failing',
    'our card was charged for seats we removed', 'the invoice shows the wrong VAT amount',
  ],
  'how-to': [
    'how do I set up the {f}', 'how can we {a} in bulk', 'is it possible to export data from the {f}', 'how can I change the settings of the {f}',
    'where can I find the option to configure the {f}', 'what is the best way to {a}', 'how do we add a new user to {p}',
    'could you explain how the {f} works', 'how do I connect {p} to our calendar',
  ],
  feature: [
    'it would be great if the {f} supported dark mode', 'please add an option to {a} from the mobile app', 'we would like the {f} to have more filters',
    'could you add an export to Excel for the {f}', 'a feature to schedule reports in the {f} would help us', 'we suggest adding keyboard shortcuts to the {f}',
    'it would be nice to customise the {f}', 'an integration with Microsoft Teams for the {f} would be valuable',
  ],
  'info-request': [
    'I would like more information about the {f}', 'could you send documentation for the {f}', 'we would like to understand the limits of the {f}',
    'what are the differences between your plans regarding the {f}', 'do you offer training for new users of {p}', 'could you share the API documentation for {p}',
    'I would like to know whether {p} supports multiple languages',
  ],
  'policy-question': [
    'could you share your policy on data breach notification', 'we need information about how you protect customer data from a breach',
    'do you hold ISO 27001 or SOC 2 certification', 'where is our data stored and is it encrypted at rest', 'please complete our vendor security questionnaire',
    'what is your process if there is a security incident', 'how do you comply with GDPR for data in {p}', 'are passwords hashed and how is access to our data controlled',
  ],
  'billing-question': [
    'when will we be billed for the annual plan', 'can we switch from monthly to annual billing', 'do you offer discounts for non-profits',
    'could you send a copy of last month’s invoice', 'how is the price calculated when we add users', 'can the invoice show our VAT number',
    'which payment methods do you accept',
  ],
  'account-change': [
    'please change the company name on our account', 'could you add a second administrator to our account', 'please update our billing address',
    'we would like to transfer ownership of the account to a colleague', 'please remove a former employee from {p}', 'could you rename our workspace',
    'we need a new account for a colleague joining the team',
  ],
  sales: [
    'we are interested in a demo of {p}', 'could you send a quote for 50 users', 'we would like to become a reseller partner',
    'is there a trial version of {p} for our team', 'who can we talk to about an enterprise contract',
  ],
  feedback: [
    'I just wanted to say the new {f} is great', 'thank you for the quick help last week', 'some feedback on the new design of the {f}',
    'the latest update to the {f} is a big improvement', 'our team really likes the {f}',
  ],
};

const TITLES: Readonly<Record<Kind, readonly string[]>> = {
  outage: ['{P} down', '{P} unavailable', 'Outage of {p}', 'Cannot access {p}', '{P} not loading', 'Service down: {f}', 'Downtime of {p}', '{P} offline'],
  failure: ['{F} not working', 'Problem with {f}', '{F} fails', 'Error in {f}', 'Unable to {a}', '{F} broken', 'Issue with {f}', '{F} stopped working'],
  access: ['Cannot log in', 'Login problem', 'Locked out of {p}', 'Sign-in failing', 'SSO not working', 'Access issue'],
  integration: ['Sync stopped', 'Integration not working', 'Webhook issue', 'Data not syncing', 'API connection failing', 'Sync issue with {p}'],
  'wrong-data': ['Wrong data in {f}', 'Incorrect totals', '{F} shows wrong numbers', 'Data mismatch in {f}', 'Incorrect values'],
  'data-loss': ['Data missing from {f}', 'Lost data in {p}', 'Records disappeared', 'Data gone after update', '{F} empty'],
  'security-incident': ['Account compromised', 'Unauthorized access', 'Security incident', 'Suspicious activity on our account', 'Data exposure in {f}', 'Possible breach'],
  vulnerability: ['Security vulnerability report', 'Vulnerability in {f}', 'Responsible disclosure', 'Security issue in {p}'],
  slow: ['{F} very slow', 'Performance issue', 'Slow loading', 'Slowness in {p}', 'Long load times', 'Timeouts in {f}'],
  glitch: ['Small issue with {f}', '{F} behaving oddly', 'Intermittent problem', 'Glitch in {f}', 'Occasional error'],
  cosmetic: ['Display issue in {f}', 'Layout problem', 'Typo', 'Visual glitch', 'Cosmetic issue in {f}'],
  'billing-error': ['Billing error', 'Double charge', 'Wrong invoice', 'Payment problem', 'Refund not received', 'Incorrect charge'],
  'how-to': ['Question about {f}', 'How to {a}?', 'Help with {f}', 'How do I configure {f}?', 'Setup question'],
  feature: ['Feature request: {f}', 'Suggestion', 'Idea for {f}', 'Request for new feature', 'Improvement proposal'],
  'info-request': ['Information request', 'Question about {p}', 'Documentation for {f}', 'Inquiry about {f}', 'Request for information'],
  'policy-question': ['Security policy question', 'Data protection inquiry', 'Vendor security questionnaire', 'Question about data breach policy', 'GDPR question', 'Compliance question'],
  'billing-question': ['Billing question', 'Question about invoice', 'Pricing question', 'Question about payment'],
  'account-change': ['Account change request', 'Please update account details', 'Change of administrator', 'Update company details'],
  sales: ['Demo request', 'Quote request', 'Partnership inquiry', 'Enterprise plan'],
  feedback: ['Feedback', 'Thank you', 'Compliments on {f}', 'Feedback on new design'],
};

const SCOPE_TEXT: Readonly<Record<Scope, readonly string[]>> = {
  wide: [
    'This affects all of our {u}.', 'None of our {u} can use it.', 'All {u} are affected, not just one account.', 'Everyone in the company has the same problem.',
    'It happens for every single one of our {u}.', 'Over 300 {u} are affected.', 'The whole organisation is impacted.', 'Nobody can work with it at the moment.',
    'Thousands of {u} are hitting this.', 'It is the same for all our {u} in every location.',
  ],
  team: [
    'Several of our {u} are affected.', 'About ten {u} in our team have this problem.', 'A few {u} reported it to me this morning.', 'It affects our whole team of 8.',
    'Some of our {u} see this, others do not.', 'Multiple {u} have the same issue.',
  ],
  single: ['It only happens on my account.', 'As far as I can tell it is just me.', 'My colleagues do not have this problem.', 'Only my user seems affected.', ''],
};

const HARM_TEXT: Readonly<Record<Domain['harm'], readonly string[]>> = {
  money: [
    'We are losing sales every hour this continues.', 'This directly impacts our revenue.', 'Orders are piling up and customers are cancelling.',
    'We cannot invoice our clients until this is fixed.', 'Every minute of this costs us money.',
  ],
  safety: [
    'This puts patient care at risk.', 'Clinicians cannot check medication history, which endangers patient safety.', 'Patients are being turned away.',
    'Staff cannot see treatment information they need.',
  ],
  legal: [
    'We have a legal obligation to meet this deadline.', 'This puts us at risk of a compliance violation.', 'We may face fines if this is not resolved.',
    'Our auditors need these records.',
  ],
  none: [
    'Our work has come to a standstill.', 'This is blocking our daily operations.', 'We cannot do our job without it.', 'The team is sitting idle.',
    'This is disrupting our operations.', 'It is severely affecting our productivity.', 'This is causing significant delays in our projects.',
    'It is impacting our business.',
  ],
};

const PRESSURE_TEXT: Readonly<Record<Pressure, readonly string[]>> = {
  none: [''],
  relaxed: ['No rush on this.', 'Whenever you have time.', 'It is not urgent.', 'Not critical, just wanted to let you know.', 'This is low priority for us.'],
  deadline: [
    'We need this resolved by tomorrow morning.', 'Our deadline is at the end of this week.', 'We have a board meeting tomorrow and need the data.',
    'The filing deadline is on Friday.', 'We go live with a campaign on Monday.', 'Payroll has to run by 5pm today.',
  ],
  immediate: [
    'Please treat this as urgent.', 'We need immediate assistance.', 'This is an emergency, please escalate.', 'Please call me as soon as possible.',
    'We need this fixed right now.', 'Please escalate to your on-call team immediately.',
  ],
};

const SEVERITY_TEXT = [
  'This is a critical issue for us.', 'We consider this a serious problem.', 'The impact on our work is significant.',
  'This is a major problem for our team.', 'This issue is of high importance to us.',
];

const WORKAROUND_TEXT = [
  'We have a workaround for now.', 'We are doing it manually in the meantime.', 'It still works in another browser.', 'Retrying usually works.',
  'We can still use the mobile app meanwhile.', 'It is annoying but we can still work.', 'We found a way around it for the time being.',
];

const PRODUCTION_TEXT = ['This is on our production system.', 'Our live site is affected.', 'It affects the production environment.', 'Our customers see this on the live shop.'];

const FORMAL_OPENERS: Readonly<Record<'incident' | 'request', readonly string[]>> = {
  incident: [
    'I am writing to report a problem with {p}.', 'I would like to report an issue we are experiencing.', 'I am contacting you regarding a problem with {p}.',
    'We are experiencing an issue with {p} and need your help.', 'I am reaching out about a problem with the {f}.', 'Please be informed that we are facing an issue with {p}.',
  ],
  request: [
    'I am writing with a question about {p}.', 'I hope this message finds you well.', 'I would like to ask for your help with the following.',
    'I am contacting you regarding {p}.', 'We have a request concerning our account.', 'I would appreciate some guidance.',
  ],
};
const FORMAL_CLOSERS = [
  'I would appreciate your assistance in resolving this.', 'Thank you in advance for your help.', 'Could you please look into this?',
  'Please let me know if you need further information.', 'I look forward to your response.', 'Thank you for your time.',
];
const GREETING: Readonly<Record<Voice, readonly string[]>> = {
  formal: ['Dear Support Team,', 'Dear Customer Support,', 'Dear Sir or Madam,', 'Hello Support Team,', 'Good morning,', 'Dear team,'],
  terse: [''],
  'non-native': ['Hello,', 'Hello team,', 'Dear support,', 'Hi,', ''],
  angry: ['', 'Hello,', ''],
  friendly: ['Hi there!', 'Hey team,', 'Hi,', 'Hello!', 'Hi folks,'],
};
const SIGN_OFF: Readonly<Record<Voice, readonly string[]>> = {
  formal: ['Kind regards,\n{n}\n{role}', 'Best regards,\n{n}', 'Sincerely,\n{n}', 'Regards,\n{n}, {role}'],
  terse: ['', '', '- {n}'],
  'non-native': ['Thank you', 'Thanks and regards, {n}', 'Best regards', ''],
  angry: ['', '{n}'],
  friendly: ['Thanks so much!', 'Cheers, {n}', 'Thanks!\n{n}', 'Have a great day!'],
};
const ANGRY_EXTRA = ['This is unacceptable.', 'I am really fed up with this.', 'FIX IT.', 'How is this still not fixed?', 'Terrible service.'];
const NOISE = ['Request ID: 8f2c-41ab-9d07.', 'Ticket ref #48213.', 'Sent from my iPhone', 'Account ID 100234.', 'Browser: Chrome 124 on Windows 11.'];

function fill(template: string, c: Context): string {
  return template
    .replace(/\{P\}/g, cap(c.product.replace(/^(?:the|our|your) /, '')))
    .replace(/\{F\}/g, cap(c.feature))
    .replace(/\bour \{p\}/g, c.product.replace(/^(?:the|your|our) /, 'our ')).replace(/\{p\}/g, c.product)
    .replace(/\{f\}/g, c.feature)
    .replace(/\{a\}/g, c.action)
    .replace(/\{u\}/g, c.people)
    .replace(/\{t\}/g, () => c.r.pick(TIME_REFS))
    .replace(/\{e\}/g, () => c.r.pick(ERRORS))
    .replace(/\{n\}/g, () => c.r.pick(PERSON_NAMES))
    .replace(/\{role\}/g, () => c.r.pick(ROLES));
}

/** Non-native English: dropped articles, "since" for durations, present for past, plain word order. */
function nonNative(text: string, r: SeededRandom): string {
  let out = text.replace(/\b(?:the|a|an) /g, (m) => (r.chance(0.5) ? '' : m));
  out = out.replace(/\bdoes not\b/g, 'is not').replace(/\bcannot\b/g, () => r.pick(['can not', 'cannot', 'not able to']));
  out = out.replace(/\bplease\b/gi, () => r.pick(['please', 'pls', 'kindly']));
  if (r.chance(0.3)) out = out.replace(/\.\s/g, ' . ');
  return out;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  return /[.!?]$/.test(trimmed) ? cap(trimmed) : `${cap(trimmed)}.`;
}

function drawFacts(r: SeededRandom): TicketFacts {
  const kind = r.weighted(KIND_WEIGHTS);
  const incident = INCIDENT_KINDS.includes(kind) || kind === 'slow' || kind === 'glitch';
  const scope: Scope = incident
    ? r.weighted<Scope>({ single: 0.4, team: 0.3, wide: 0.3 })
    : kind === 'cosmetic'
      ? r.weighted<Scope>({ single: 0.6, team: 0.2, wide: 0.2 })
      : 'single';
  const pressure: Pressure = r.weighted<Pressure>(
    incident ? { none: 0.5, relaxed: 0.1, deadline: 0.18, immediate: 0.22 } : { none: 0.72, relaxed: 0.12, deadline: 0.1, immediate: 0.06 },
  );
  return {
    kind,
    scope,
    pressure,
    workaround: incident && kind !== 'security-incident' && kind !== 'data-loss' && r.chance(0.22),
    statesHarm: (incident || kind === 'cosmetic') && r.chance(kind === 'cosmetic' ? 0.1 : 0.35),
    production: incident && r.chance(0.2),
    claimsSeverity: incident && r.chance(0.2),
  };
}

function generateTicket(r: SeededRandom): LabelledTicket {
  const facts = drawFacts(r);
  const d = r.pick(DOMAINS);
  const voice = r.weighted(VOICE_WEIGHTS);
  const c: Context = { r, d, facts, voice, feature: r.pick(d.features), product: r.pick(d.products), action: r.pick(d.actions), people: r.pick(d.people) };
  const isRequest = !INCIDENT_KINDS.includes(facts.kind) && !['slow', 'glitch', 'cosmetic', 'vulnerability'].includes(facts.kind);

  const problem = fill(r.pick(PROBLEM[facts.kind]), c);
  const parts: string[] = [];
  const question = isRequest && /^(?:how|is it|where|what|could|can|do|when|which|are)\b/.test(problem);
  parts.push(question ? `${cap(problem)}?` : sentence(problem));
  if (facts.scope !== 'single' || r.chance(0.3)) parts.push(fill(r.pick(SCOPE_TEXT[facts.scope]), c));
  if (facts.production) parts.push(r.pick(PRODUCTION_TEXT));
  if (facts.statesHarm) parts.push(fill(r.pick(HARM_TEXT[d.harm === 'none' || r.chance(0.3) ? 'none' : d.harm]), c));
  if (facts.claimsSeverity) parts.push(r.pick(SEVERITY_TEXT));
  if (facts.workaround) parts.push(r.pick(WORKAROUND_TEXT));
  if (!isRequest && r.chance(0.25)) parts.push(sentence(fill(r.pick(['We already tried clearing the cache and logging in again.', 'It started {t}.', 'We tried on two different computers.', 'We restarted everything without success.']), c)));
  const pressureLine = r.pick(PRESSURE_TEXT[facts.pressure]);
  if (pressureLine) parts.push(pressureLine);

  let body: string;
  let title = fill(r.pick(TITLES[facts.kind]), c);
  switch (voice) {
    case 'formal': {
      const opener = fill(r.pick(FORMAL_OPENERS[isRequest ? 'request' : 'incident']), c);
      body = [r.pick(GREETING.formal), '', `${opener} ${parts.join(' ')}`, '', r.pick(FORMAL_CLOSERS), '', fill(r.pick(SIGN_OFF.formal), c)].join('\n');
      break;
    }
    case 'terse':
      body = parts.slice(0, r.integer(1, Math.max(1, parts.length))).join(' ').replace(/\.$/, '');
      if (r.chance(0.5)) body = body.toLowerCase();
      if (r.chance(0.3)) title = title.toLowerCase();
      break;
    case 'non-native':
      body = [r.pick(GREETING['non-native']), nonNative(parts.join(' '), r), fill(r.pick(SIGN_OFF['non-native']), c)].filter(Boolean).join('\n');
      break;
    case 'angry':
      body = [parts.join(' '), r.pick(ANGRY_EXTRA), fill(r.pick(SIGN_OFF.angry), c)].filter(Boolean).join(' ');
      if (r.chance(0.5)) title = `${title.toUpperCase()}${r.pick(['!!!', '!!', ''])}`;
      break;
    default:
      body = [r.pick(GREETING.friendly), parts.join(' '), fill(r.pick(SIGN_OFF.friendly), c)].join('\n');
  }
  if (r.chance(0.12)) body = `${body}\n${r.pick(NOISE)}`;

  const categoryChoice = CATEGORY[facts.kind];
  const category = typeof categoryChoice === 'string' ? categoryChoice : r.pick(categoryChoice);
  // Skills are not labelled here: a domain does not say which skills one ticket needs.
  const skills: string[] = [];
  return { title, description: body.trim(), priority: rubricPriority(facts), category, skills };
}

/** Generates `size` distinct labelled tickets from a fixed seed. */
export function generateVariedCorpus(seed = VARIED_CORPUS_SEED, size = VARIED_CORPUS_SIZE): LabelledTicket[] {
  const r = createSeededRandom(seed);
  const seen = new Set<string>();
  const tickets: LabelledTicket[] = [];
  let attempts = 0;
  while (tickets.length < size) {
    if (++attempts > size * 20) throw new Error('could not generate enough distinct tickets');
    const ticket = generateTicket(r);
    const key = `${ticket.title}\n${ticket.description}`.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tickets.push(ticket);
  }
  return tickets;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { serializeCorpus } = await import('./generate.js');
  const tickets = generateVariedCorpus();
  writeFileSync(VARIED_CORPUS_FILE, serializeCorpus(tickets));
  console.log(`wrote ${tickets.length} tickets to ${VARIED_CORPUS_FILE}`);
}
