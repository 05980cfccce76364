/**
 * Fuzzy matching of a ticket's `relatedSkills` against a moderator's skills.
 *
 * Skills are free text typed by people ("Node.js", "k8s", "Databases", "React Native"),
 * so two skills are compared after normalisation in three steps, strongest first:
 *
 * 1. Same canonical name: after case folding, punctuation clean-up, plural removal and the
 *    synonym table, both sides name the same thing ("JS" and "javascript") → 1.
 * 2. Same set of meaningful tokens, ignoring order, plurals and filler words such as
 *    "development" ("javascript development" and "JavaScript") → 1.
 * 3. Some tokens shared ("react" and "react native") →
 *    `PARTIAL_TOKEN_MATCH × shared / (token count of the shorter skill)`, so 0.6 when one
 *    skill's tokens are all inside the other's, less when only some are.
 *
 * Anything else scores 0. Prefixes alone never match: "java" is not "javascript".
 */

/** Similarity given to a partial token overlap when one skill's tokens all appear in the other. */
export const PARTIAL_TOKEN_MATCH = 0.6;

/** Skill match every moderator gets when the ticket lists no skills, so other factors decide. */
export const NEUTRAL_SKILL_MATCH = 0.5;

/**
 * Canonical skill → other names people use for it. Written as people type them: both sides
 * go through the same clean-up as user input, so ".net", "node.js" and "ci/cd" are fine here.
 * Plurals need no entry; they are removed before lookup.
 */
export const SKILL_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  javascript: ['js', 'ecmascript', 'es6', 'es2015', 'vanilla js'],
  typescript: ['ts'],
  kubernetes: ['k8s', 'kube'],
  postgresql: ['postgres', 'psql', 'pg'],
  database: ['db', 'dbs'],
  css: ['styling', 'stylesheet', 'css3'],
  html: ['html5'],
  python: ['py', 'python3'],
  go: ['golang'],
  node: ['nodejs', 'node.js'],
  react: ['reactjs', 'react.js'],
  vue: ['vuejs', 'vue.js'],
  angular: ['angularjs', 'angular.js'],
  mongodb: ['mongo'],
  'c#': ['csharp', 'c sharp'],
  'c++': ['cpp'],
  '.net': ['dotnet', 'dot net'],
  'ruby on rails': ['rails', 'ror'],
  aws: ['amazon web services'],
  gcp: ['google cloud', 'google cloud platform'],
  azure: ['microsoft azure'],
  'machine learning': ['ml'],
  'artificial intelligence': ['ai'],
  'ci/cd': ['cicd', 'continuous integration', 'continuous delivery', 'continuous deployment'],
  devops: ['dev ops'],
  graphql: ['gql'],
  authentication: ['auth', 'authn', 'login', 'sign in', 'sso', 'single sign on'],
  security: ['infosec', 'appsec'],
  testing: ['test', 'qa', 'quality assurance'],
  accessibility: ['a11y'],
  internationalization: ['i18n', 'internationalisation'],
  localization: ['l10n', 'localisation'],
  'user experience': ['ux'],
  'user interface': ['ui'],
  elasticsearch: ['elastic', 'elastic search'],
  networking: ['network'],
  email: ['e-mail', 'mail'],
  billing: ['invoicing', 'invoice'],
};

/**
 * Words ending in "s" that are not plurals. Most such words are caught by rules
 * (-ss, -us, -is, -ics) or are short; these are the rest that show up as skills.
 */
const NOT_PLURAL = new Set([
  'alias',
  'atlas',
  'bias',
  'canvas',
  'chaos',
  'cors',
  'https',
  'iaas',
  'jenkins',
  'kudos',
  'lens',
  'macos',
  'news',
  'paas',
  'pandas',
  'saas',
  'sales',
  'series',
  'species',
  'windows',
]);

/** Tokens that say nothing about which skill is meant, so they never count as overlap. */
const FILLER_TOKENS = new Set([
  'a',
  'an',
  'and',
  'basic',
  'dev',
  'development',
  'engineering',
  'for',
  'framework',
  'general',
  'in',
  'issue',
  'language',
  'of',
  'on',
  'or',
  'problem',
  'programming',
  'support',
  'the',
  'to',
  'with',
]);

/** Case, accents and punctuation folded; `+` and `#` kept because "c++" and "c#" need them. */
function cleanSkillText(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/(^|[^a-z0-9])\.(?=[a-z])/g, '$1dot') // ".net" → "dotnet", before dots are dropped
    .replace(/\./g, '') // "node.js" → "nodejs"
    .replace(/[^a-z0-9+#]+/g, ' ')
    .trim();
}

/** Alias (cleaned, with and without spaces) → canonical name (cleaned). */
const CANONICAL_BY_ALIAS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const add = (alias: string, canonical: string): void => {
    for (const key of [alias, alias.replace(/ /g, '')]) {
      if (key && !map.has(key)) map.set(key, canonical);
    }
  };
  for (const [canonicalText, aliases] of Object.entries(SKILL_SYNONYMS)) {
    const canonical = cleanSkillText(canonicalText);
    add(canonical, canonical);
    for (const alias of aliases) add(cleanSkillText(alias), canonical);
  }
  return map;
})();

function lookupCanonical(cleaned: string): string | undefined {
  return CANONICAL_BY_ALIAS.get(cleaned) ?? CANONICAL_BY_ALIAS.get(cleaned.replace(/ /g, ''));
}

/** English plural → singular for one lower-case token; conservative, since a wrong guess on both sides still compares equal. */
function singularise(token: string): string {
  if (token.length <= 3 || /[^a-z]/.test(token) || NOT_PLURAL.has(token)) return token;
  if (/(ss|us|ics)$/.test(token)) return token;
  // "redis", "analysis" are singular; four-letter "apis", "kpis" are acronyms in the plural.
  if (token.endsWith('is') && token.length > 4) return token;
  if (token.endsWith('ies') && token.length > 4) return `${token.slice(0, -3)}y`;
  if (/(x|sh|z|ss|tch)es$/.test(token)) return token.slice(0, -2);
  if (token.endsWith('s')) return token.slice(0, -1);
  return token;
}

function normaliseToken(token: string): string {
  const direct = lookupCanonical(token);
  if (direct !== undefined) return direct;
  // "nextjs", "expressjs": the ".js" suffix names the same library.
  if (/^[a-z][a-z0-9]{2,}js$/.test(token)) {
    const library = token.slice(0, -2);
    return lookupCanonical(library) ?? library;
  }
  const singular = singularise(token);
  return lookupCanonical(singular) ?? singular;
}

/**
 * The canonical form of a skill as typed by a person: lower case, punctuation folded,
 * plurals singular and synonyms replaced by their canonical name ("K8s" → "kubernetes",
 * "Databases" → "database", "Node.js" → "node"). Returns "" for blank or non-string input.
 */
export function normaliseSkill(skill: string): string {
  if (typeof skill !== 'string') return '';
  const cleaned = cleanSkillText(skill);
  if (cleaned === '') return '';
  const whole = lookupCanonical(cleaned);
  if (whole !== undefined) return whole;
  const joined = cleaned.split(' ').map(normaliseToken).join(' ');
  return lookupCanonical(joined) ?? joined;
}

/** A skill prepared for comparison. */
interface SkillKey {
  canonical: string;
  /** Canonical form without spaces, so "type script" still equals "typescript". */
  compact: string;
  /** Meaningful tokens, each reduced to a stem so "cache" and "caches" agree. */
  tokens: ReadonlySet<string>;
}

function stemToken(token: string): string {
  return token.length > 3 && token.endsWith('e') ? token.slice(0, -1) : token;
}

const skillKeyCache = new Map<string, SkillKey | null>();
const SKILL_KEY_CACHE_LIMIT = 10_000;

/** Skills repeat across thousands of moderators, so their keys are remembered. */
function toSkillKey(skill: string): SkillKey | null {
  const cached = skillKeyCache.get(skill);
  if (cached !== undefined) return cached;
  const canonical = normaliseSkill(skill);
  let key: SkillKey | null = null;
  if (canonical !== '') {
    const allTokens = canonical.split(' ').map(stemToken);
    const meaningful = allTokens.filter((t) => !FILLER_TOKENS.has(t));
    key = {
      canonical,
      compact: canonical.replace(/ /g, ''),
      tokens: new Set(meaningful.length > 0 ? meaningful : allTokens),
    };
  }
  if (skillKeyCache.size >= SKILL_KEY_CACHE_LIMIT) skillKeyCache.clear();
  skillKeyCache.set(skill, key);
  return key;
}

function similarityOfKeys(a: SkillKey, b: SkillKey): number {
  if (a.canonical === b.canonical || a.compact === b.compact) return 1;
  const [smaller, larger] = a.tokens.size <= b.tokens.size ? [a.tokens, b.tokens] : [b.tokens, a.tokens];
  let shared = 0;
  for (const token of smaller) if (larger.has(token)) shared += 1;
  if (shared === 0) return 0;
  if (shared === a.tokens.size && shared === b.tokens.size) return 1;
  return (PARTIAL_TOKEN_MATCH * shared) / smaller.size;
}

/**
 * How alike two skills are, in [0, 1]: 1 for the same skill under any spelling, plural or
 * synonym; `PARTIAL_TOKEN_MATCH` (0.6) scaled by token overlap for related skills; else 0.
 * Symmetric.
 */
export function skillSimilarity(a: string, b: string): number {
  const keyA = toSkillKey(a);
  const keyB = toSkillKey(b);
  if (keyA === null || keyB === null) return 0;
  return similarityOfKeys(keyA, keyB);
}

/** How one ticket skill fared against a moderator's skills. */
export interface TicketSkillMatch {
  /** The ticket's skill as written (trimmed). */
  skill: string;
  /** Best similarity against any of the moderator's skills, in [0, 1]. */
  similarity: number;
  /** The moderator's skill that gave it, or null when nothing matched. */
  matchedWith: string | null;
}

/** A skill match with its per-skill detail, for explaining an assignment. */
export interface SkillMatchBreakdown {
  score: number;
  /** One entry per distinct ticket skill; empty when the ticket lists none. */
  perSkill: TicketSkillMatch[];
}

/**
 * `computeSkillMatch` with the detail behind it. Ticket skills that normalise to the same
 * canonical name count once, so "JS" and "javascript" on one ticket do not weigh double.
 */
export function explainSkillMatch(
  ticketSkills: readonly string[],
  moderatorSkills: readonly string[],
): SkillMatchBreakdown {
  const ticket: { skill: string; key: SkillKey }[] = [];
  const seen = new Set<string>();
  for (const skill of Array.isArray(ticketSkills) ? ticketSkills : []) {
    if (typeof skill !== 'string') continue;
    const key = toSkillKey(skill);
    if (key === null || seen.has(key.canonical)) continue;
    seen.add(key.canonical);
    ticket.push({ skill: skill.trim(), key });
  }
  if (ticket.length === 0) return { score: NEUTRAL_SKILL_MATCH, perSkill: [] };

  const moderator: { skill: string; key: SkillKey }[] = [];
  for (const skill of Array.isArray(moderatorSkills) ? moderatorSkills : []) {
    if (typeof skill !== 'string') continue;
    const key = toSkillKey(skill);
    if (key !== null) moderator.push({ skill: skill.trim(), key });
  }

  let total = 0;
  const perSkill = ticket.map(({ skill, key }): TicketSkillMatch => {
    let similarity = 0;
    let matchedWith: string | null = null;
    for (const candidate of moderator) {
      const s = similarityOfKeys(key, candidate.key);
      if (s > similarity) {
        similarity = s;
        matchedWith = candidate.skill;
        if (s === 1) break;
      }
    }
    total += similarity;
    return { skill, similarity, matchedWith };
  });
  return { score: total / ticket.length, perSkill };
}

/**
 * How well a moderator's skills cover a ticket's, in [0, 1]: for each distinct ticket skill
 * the best `skillSimilarity` against the moderator's skills, averaged over the ticket skills.
 * A ticket with no skills gives `NEUTRAL_SKILL_MATCH` (0.5) to everyone; a moderator with
 * no skills gets 0 on a ticket that has some.
 */
export function computeSkillMatch(ticketSkills: readonly string[], moderatorSkills: readonly string[]): number {
  return explainSkillMatch(ticketSkills, moderatorSkills).score;
}
