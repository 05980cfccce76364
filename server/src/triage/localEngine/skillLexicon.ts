import { tokenize } from './tokenizer.js';

/**
 * Skill name → words and phrases that show a ticket needs it. Skill names are what
 * moderators list on their profiles, so they stay short, lower-case and stable.
 * Triggers are stemmed like the ticket text, so plurals and verb forms need not be
 * listed ("webhook" also matches "webhooks"). Bare words that are ambiguous in
 * tickets ("query" as in "I have a query", "image", "cluster") are only listed as
 * part of a phrase.
 */
export const SKILL_LEXICON: Readonly<Record<string, readonly string[]>> = {
  javascript: [
    'javascript', 'js', 'node', 'nodejs', 'typescript', 'react', 'vue', 'angular', 'jquery', 'npm',
    'console error', 'browser console', 'uncaught', 'typeerror', 'referenceerror', 'script tag', 'embed script',
    'chat widget', 'widget script', 'nothing happens', 'does nothing', 'unresponsive', 'frontend', 'front end',
  ],
  css: [
    'css', 'stylesheet', 'layout', 'misaligned', 'alignment', 'overlap', 'font', 'colour', 'color', 'dark mode',
    'theme', 'responsive', 'padding', 'margin', 'overflow', 'looks broken', 'styling', 'unreadable',
  ],
  database: [
    'database', 'db', 'mongodb', 'mongo', 'sql', 'mysql', 'postgres', 'postgresql', 'sql query', 'slow query',
    'database query', 'search index', 'search results', 'records', 'data corruption', 'duplicate records',
    'missing data', 'data missing', 'data loss', 'tickets disappeared', 'wiped', 'restore from a backup',
  ],
  api: [
    'api', 'rest api', 'endpoint', 'sdk', 'graphql', 'rate limit', '429', 'api key', 'api token', 'json',
    'status code', 'request id', 'v1', 'v2', 'internal server error', 'server error', '500',
  ],
  authentication: [
    'login', 'log in', 'logged in', 'sign in', 'signin', 'logged out', 'password', '2fa', 'two factor', 'mfa',
    'sso', 'saml', 'oauth', 'okta', 'authenticator', 'locked out', 'reset link', 'magic link', 'otp',
    'verification code', 'session', 'credentials',
  ],
  billing: [
    'billing', 'billed', 'invoice', 'receipt', 'subscription', 'upgrade to', 'upgrading to', 'downgrade', 'refund',
    'charge', 'overcharged', 'vat', 'sales tax', 'pricing', 'renewal', 'seat count', 'more seats', 'unused seats',
    'annual plan', 'monthly plan', 'paid plan', 'subscription plan', 'annual billing', 'monthly billing',
  ],
  payments: [
    'payment', 'card', 'credit card', 'debit card', 'declined', 'checkout', 'stripe', 'paypal', 'transaction',
    'bank', 'direct debit', 'pay',
  ],
  email: [
    'email notification', 'notification email', 'email delivery', 'email forwarding', 'reset email', 'reset mail',
    'email digest', 'email template', 'emails to', 'email channel', 'email domain', 'my inbox', 'spam folder', 'spam',
    'smtp', 'dkim', 'spf', 'dmarc', 'bounce', 'newsletter', 'unsubscribe', 'mailbox', 'forwarding address',
    'mx record', 'mail server',
  ],
  networking: [
    'network', 'dns', 'custom domain', 'cname', 'ssl', 'tls', 'certificate', 'https', 'firewall', 'proxy', 'vpn',
    'ip address', 'cdn', 'port', 'connection refused', 'allowlist', 'whitelist', 'cname record',
  ],
  mobile: [
    'mobile', 'mobile app', 'phone app', 'tablet', 'ipad', 'iphone', 'android', 'ios', 'push notification',
    'app store', 'play store',
  ],
  ios: ['ios', 'iphone', 'ipad', 'app store', 'testflight', 'ipados'],
  android: ['android', 'pixel', 'samsung', 'galaxy', 'oneplus', 'play store', 'google play', 'apk'],
  performance: [
    'slow', 'sluggish', 'lag', 'laggy', 'latency', 'takes forever', 'load time', 'loading time', 'freeze',
    'frozen', 'hang', 'spinner', 'high cpu', 'memory', 'performance', 'timeout', 'timed out', 'time out',
  ],
  security: [
    'security', 'breach', 'hacked', 'compromised', 'vulnerability', 'xss', 'csrf', 'sql injection', 'idor',
    'phishing', 'suspicious', 'unauthorized', 'unauthorised', 'leaked', 'exposed', 'malware', 'pentest',
    'penetration test', 'cve', 'soc 2', 'responsible disclosure', 'open redirect',
  ],
  devops: [
    'deploy', 'deployment', 'ci', 'pipeline', 'self hosted', 'on prem', 'on premise', 'terraform', 'aws',
    'azure', 'gcp', 'uptime', 'status page', 'outage', 'incident', 'monitoring', 'environment variable', 'helm',
  ],
  docker: ['docker', 'dockerfile', 'docker compose', 'container', 'docker image'],
  kubernetes: ['kubernetes', 'k8s', 'kubectl', 'helm', 'pod', 'crashloopbackoff', 'ingress'],
  integrations: [
    'integration', 'slack', 'zapier', 'salesforce', 'hubspot', 'jira', 'github', 'webhook', 'google calendar',
    'microsoft teams', 'zendesk', 'shopify', 'intercom', 'outlook calendar', 'calendar sync',
  ],
  accessibility: [
    'accessibility', 'a11y', 'screen reader', 'keyboard navigation', 'contrast', 'wcag', 'voiceover', 'nvda',
    'jaws', 'colour blind', 'color blind',
  ],
  'import-export': [
    'export', 'import', 'csv', 'excel', 'xlsx', 'spreadsheet', 'backup', 'migrate data', 'data migration',
  ],
};

interface CompiledTrigger {
  skill: string;
  tokens: readonly string[];
}

const phraseOptions = { keepStopWords: true, stem: true } as const;

/** Triggers grouped by their first token, so matching is one lookup per text position. */
const triggersByFirstToken: ReadonlyMap<string, readonly CompiledTrigger[]> = (() => {
  const index = new Map<string, CompiledTrigger[]>();
  for (const [skill, phrases] of Object.entries(SKILL_LEXICON)) {
    for (const phrase of phrases) {
      const tokens = tokenize(phrase, phraseOptions);
      const first = tokens[0];
      if (first === undefined) continue;
      const bucket = index.get(first) ?? [];
      bucket.push({ skill, tokens });
      index.set(first, bucket);
    }
  }
  return index;
})();

const skillOrder = new Map(Object.keys(SKILL_LEXICON).map((skill, index) => [skill, index]));

export interface DetectSkillsOptions {
  /** At most this many skills are returned (the schema allows 10). Default 5. */
  max?: number;
}

/**
 * Skills a ticket's text points at, most-mentioned first (lexicon order on a tie).
 * Matching is on stemmed tokens, so it ignores case, punctuation and plurals.
 */
export function detectSkills(text: string, options: DetectSkillsOptions = {}): string[] {
  const { max = 5 } = options;
  const tokens = tokenize(text, phraseOptions);
  const hits = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    const candidates = triggersByFirstToken.get(tokens[i] as string);
    if (!candidates) continue;
    const matchedHere = new Set<string>();
    for (const { skill, tokens: phrase } of candidates) {
      if (matchedHere.has(skill)) continue;
      if (phrase.every((token, offset) => tokens[i + offset] === token)) {
        matchedHere.add(skill);
        hits.set(skill, (hits.get(skill) ?? 0) + 1);
      }
    }
  }
  return [...hits]
    .sort(([a, hitsA], [b, hitsB]) => hitsB - hitsA || (skillOrder.get(a) ?? 0) - (skillOrder.get(b) ?? 0))
    .slice(0, max)
    .map(([skill]) => skill);
}
