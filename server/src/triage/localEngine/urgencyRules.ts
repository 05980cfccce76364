import type { Priority } from '@relaydesk/shared';
import { maxPriority } from './labels.js';
import { tokenize } from './tokenizer.js';

/**
 * A phrase-based rule that sets a floor under a ticket's priority. Rules exist because
 * a statistical model can under-rate a rare but critical ticket (one outage among many
 * "how do I" questions); a human would never file "payments failing for everyone" as
 * low, so neither should we.
 */
export interface UrgencyRule {
  id: string;
  /** The priority the ticket is raised to (at least) when the rule fires. */
  minimumPriority: Priority;
  /** Any of these phrases fires the rule (matched on whole, unstemmed words). */
  triggers: readonly string[];
  /** If set, one of these phrases must also appear somewhere in the ticket. */
  alsoRequires?: readonly string[];
  /** Raise further, to this priority, when the ticket says many people are affected. */
  widespreadPriority?: Priority;
  /** What the moderator should do first; shown in the triage notes. */
  note: string;
}

/** Phrases saying that many people, not just the requester, are affected. */
export const WIDESPREAD_PHRASES: readonly string[] = [
  'everyone', 'everybody', 'all users', 'all of our users', 'all our users', 'all our customers',
  'all of our customers', 'all customers', 'nobody', 'no one', 'none of us', 'none of our', 'whole team',
  'entire team', 'whole company', 'entire company', 'all of us', 'all accounts', 'every user', 'every customer',
  'all agents', 'all of our agents', 'all our agents', 'whole organisation', 'whole organization',
];

const FAILURE_WORDS = [
  'down', 'broken', 'failing', 'fails', 'failed', 'error', 'errors', 'crash', 'crashes', 'crashing', 'crashed',
  'not working', 'outage', '500', '502', '503', 'unavailable',
];

export const URGENCY_RULES: readonly UrgencyRule[] = [
  {
    id: 'outage',
    minimumPriority: 'urgent',
    triggers: [
      'outage', 'site is down', 'site down', 'app is down', 'service is down', 'everything is down',
      'completely down', 'totally down', 'down for everyone', 'down for all', 'is down for', 'are down',
      'went down', 'is down again', 'not loading for anyone', 'nobody can access', 'no one can access',
      'down right now',
    ],
    note: 'Possible outage: check the status page and monitoring, and page the on-call engineer if it is confirmed.',
  },
  {
    id: 'security-breach',
    minimumPriority: 'urgent',
    triggers: [
      'breach', 'breached', 'hacked', 'compromised', 'unauthorized access', 'unauthorised access', 'account takeover',
      'leaked', 'data leak', 'ransomware', 'malware', 'someone else logged in', 'someone logged into',
    ],
    note: 'Possible security incident: escalate to the security team now, preserve logs, and keep details out of public channels.',
  },
  {
    id: 'data-loss',
    minimumPriority: 'urgent',
    triggers: [
      'data loss', 'lost data', 'lost all', 'lost everything', 'lost our data', 'data is gone', 'data gone',
      'data disappeared', 'everything disappeared', 'all disappeared', 'disappeared overnight', 'wiped',
      'deleted everything', 'is empty now', 'are all gone', 'all gone', 'were deleted', 'got deleted',
      'data missing', 'data is missing', 'tickets disappeared', 'records disappeared', 'projects disappeared',
      'articles disappeared', 'records gone', 'records are gone', 'restore from a backup', 'restore from backup',
      'lost a week', 'lost a day', 'lost a month',
    ],
    note: 'Possible data loss: pause any clean-up jobs for this workspace and check backups and the audit log before replying.',
  },
  {
    id: 'login-failing-widely',
    minimumPriority: 'urgent',
    triggers: [
      'cannot log in', 'cannot login', 'cannot sign in', 'unable to log in', 'unable to login', 'unable to sign in',
      'not able to log in', 'locked out', 'login is broken', 'login broken', 'login not working', 'login is not working',
      'login fails', 'login failing', 'sign in not working', 'nobody can log in', 'no one can log in',
      'nobody can login', 'no one can login', 'nobody can sign in', 'no one can sign in',
    ],
    alsoRequires: WIDESPREAD_PHRASES,
    note: 'Login failing for many users: check the identity provider/SSO status and any recent authentication changes.',
  },
  {
    id: 'payments-failing',
    minimumPriority: 'high',
    triggers: [
      'payments are failing', 'payments failing', 'payments fail', 'payments failed', 'every payment',
      'checkout is broken', 'checkout broken', 'checkout is failing', 'checkout failing', 'checkout fails',
      'cannot process payments', 'cannot accept payments', 'cannot take payments', 'customers cannot pay',
      'transactions are failing', 'transactions failing', 'losing sales',
    ],
    widespreadPriority: 'urgent',
    note: 'Payments failing: check the payment provider status page and recent payment webhook errors.',
  },
  {
    id: 'production-failure',
    minimumPriority: 'high',
    triggers: ['production', 'prod', 'live site', 'live environment', 'production environment'],
    alsoRequires: FAILURE_WORDS,
    note: 'Production impact reported: confirm how many users are affected and check the most recent deployments.',
  },
  {
    id: 'security-exposure',
    minimumPriority: 'high',
    triggers: [
      'vulnerability', 'xss', 'sql injection', 'exploit', 'phishing', 'suspicious login', 'suspicious activity',
      'suspicious sign in', 'idor', 'open redirect', 'responsible disclosure', 'api key exposed', 'exposed api key',
    ],
    note: 'Security report: acknowledge receipt, forward to the security team, and do not share details publicly.',
  },
];

/** Words that, just before a trigger, mean the opposite ("no data loss", "not hacked"). */
const NEGATIONS = new Set(['no', 'not', 'never', 'without', 'nothing', 'none']);
const NEGATION_WINDOW = 3;

const wordOptions = { keepStopWords: true, stem: false } as const;
const compile = (phrases: readonly string[]) => phrases.map((phrase) => tokenize(phrase, wordOptions));

const compiledRules = URGENCY_RULES.map((rule) => ({
  rule,
  triggers: compile(rule.triggers),
  alsoRequires: rule.alsoRequires ? compile(rule.alsoRequires) : undefined,
}));
const compiledWidespread = compile(WIDESPREAD_PHRASES);

function phraseAt(tokens: readonly string[], start: number, phrase: readonly string[]): boolean {
  return phrase.length > 0 && phrase.every((token, offset) => tokens[start + offset] === token);
}

function isNegated(tokens: readonly string[], start: number): boolean {
  for (let i = Math.max(0, start - NEGATION_WINDOW); i < start; i++) if (NEGATIONS.has(tokens[i] as string)) return true;
  return false;
}

interface PhraseSearch {
  /** Skip matches preceded by a negation. */
  rejectNegated?: boolean;
  /** Skip matches followed by this word ("everyone else" is not everyone). */
  rejectFollowedBy?: string;
}

function containsPhrase(
  tokens: readonly string[],
  phrases: readonly (readonly string[])[],
  { rejectNegated = false, rejectFollowedBy }: PhraseSearch = {},
): boolean {
  for (let i = 0; i < tokens.length; i++) {
    for (const phrase of phrases) {
      if (!phraseAt(tokens, i, phrase)) continue;
      if (rejectNegated && isNegated(tokens, i)) continue;
      if (rejectFollowedBy !== undefined && tokens[i + phrase.length] === rejectFollowedBy) continue;
      return true;
    }
  }
  return false;
}

export interface FiredUrgencyRule {
  id: string;
  priority: Priority;
  note: string;
}

export interface UrgencyAssessment {
  /** The highest floor set by any fired rule, or null when none fired. */
  minimumPriority: Priority | null;
  /** Rules that fired, in rule order. */
  fired: FiredUrgencyRule[];
  /** Whether the ticket says many people are affected. */
  widespread: boolean;
}

/** Checks a ticket's text against the urgency rules. */
export function assessUrgency(text: string): UrgencyAssessment {
  const tokens = tokenize(text, wordOptions);
  const widespread = containsPhrase(tokens, compiledWidespread, { rejectFollowedBy: 'else' });
  const fired: FiredUrgencyRule[] = [];
  for (const { rule, triggers, alsoRequires } of compiledRules) {
    if (!containsPhrase(tokens, triggers, { rejectNegated: true })) continue;
    if (alsoRequires && !containsPhrase(tokens, alsoRequires, { rejectFollowedBy: 'else' })) continue;
    const priority = widespread && rule.widespreadPriority ? rule.widespreadPriority : rule.minimumPriority;
    fired.push({ id: rule.id, priority, note: rule.note });
  }
  const minimumPriority = fired.reduce<Priority | null>(
    (floor, { priority }) => (floor === null ? priority : maxPriority(floor, priority)),
    null,
  );
  return { minimumPriority, fired, widespread };
}

/** The predicted priority, raised to the rules' floor if it is below it. */
export function applyUrgencyFloor(predicted: Priority, assessment: UrgencyAssessment): Priority {
  return assessment.minimumPriority === null ? predicted : maxPriority(predicted, assessment.minimumPriority);
}
