import type { TriageCategory } from '@relaydesk/shared';
import type { FiredUrgencyRule } from './urgencyRules.js';

/** First thing a moderator should check for each kind of ticket. */
const CATEGORY_NOTES: Readonly<Record<TriageCategory, string>> = {
  account: "Verify the requester's identity before changing anything on the account.",
  billing: 'Look up the subscription and recent invoices in the billing dashboard before replying.',
  bug: 'Ask for exact steps to reproduce, expected vs. actual result, and a screenshot.',
  performance: 'Ask which pages are slow and since when, and compare with the latency dashboards.',
  security: 'Treat as confidential: involve the security team and keep details out of public channels.',
  integration: 'Ask which integration and when it last worked; check its delivery log and whether its token expired.',
  how_to: 'Link the matching help-centre article; if there is none, flag the gap to the docs team.',
  feature_request: 'Log the request on the product feedback board and avoid promising dates.',
  other: 'If this is not a support issue (sales, press, legal), route it to the right team.',
};

/** What to ask for or check when a ticket involves a skill. */
const SKILL_NOTES: Readonly<Record<string, string>> = {
  javascript: 'Ask for the browser console output and the browser version.',
  css: 'Ask for a screenshot, the browser, and the window size or zoom level.',
  database: 'Check the affected records in the admin tools and the audit log before changing data.',
  api: 'Ask for the endpoint, request ID, status code and response body (without keys).',
  authentication: 'Check the login history and whether SSO or 2FA is enforced; never send passwords by email.',
  billing: "Check the customer's plan, seat count and invoice history.",
  payments: 'Check the payment provider dashboard for the charge and its decline or failure code.',
  email: 'Check the email delivery log for bounces, and ask the requester to look in spam.',
  networking: 'Ask for the domain and DNS records, and the exact certificate or connection error.',
  mobile: 'Ask for the device model, OS version and app version.',
  ios: 'Ask for the iOS version and whether the app is the latest App Store build.',
  android: 'Ask for the Android version and device maker.',
  performance: 'Check the status page and latency dashboards for the reported time window.',
  security: 'Do not ask for passwords or keys in the ticket; rotate anything that was exposed.',
  devops: 'Check the status page and recent deployments.',
  docker: 'Ask for the container logs and the image version in use.',
  kubernetes: 'Ask for `kubectl describe pod` output and the pod logs.',
  integrations: 'Check the integration connection status and reconnect it if its token expired.',
  accessibility: 'Ask which assistive technology and browser they use.',
  'import-export': 'Ask for a sample file (with personal data removed), its size and format.',
};

const REDACTION_NOTES: Readonly<Record<string, string>> = {
  token: 'The ticket contained what looks like a secret or token (redacted here); advise the requester to rotate it.',
  card: 'The ticket contained a card number (redacted here); remind the requester never to send card details.',
};

const MAX_NOTES = 6;
const MAX_SKILL_NOTES = 2;

export interface NoteInputs {
  category: TriageCategory;
  skills: readonly string[];
  firedRules: readonly FiredUrgencyRule[];
  /** Counts by kind from redactPersonalData. */
  redactions: Readonly<Record<string, number>>;
}

/**
 * Short, actionable notes for the moderator, most pressing first: urgency rules,
 * leaked secrets, then the category and the top skills. One note per line, with no
 * list markers: the client renders the lines as a list.
 */
export function buildHelpfulNotes({ category, skills, firedRules, redactions }: NoteInputs): string {
  const notes = [
    ...firedRules.map((rule) => rule.note),
    ...Object.keys(REDACTION_NOTES)
      .filter((kind) => (redactions[kind] ?? 0) > 0)
      .map((kind) => REDACTION_NOTES[kind] as string),
    CATEGORY_NOTES[category],
    ...skills
      .map((skill) => SKILL_NOTES[skill])
      .filter((note): note is string => note !== undefined)
      .slice(0, MAX_SKILL_NOTES),
  ];
  return [...new Set(notes)]
    .slice(0, MAX_NOTES)
    .join('\n');
}
