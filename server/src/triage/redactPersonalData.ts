/**
 * Placeholders that replace personal data and secrets. They are plain bracketed
 * words so the redacted text still reads naturally ("contact me at [email]").
 */
export const REDACTION_PLACEHOLDERS = {
  email: '[email]',
  phone: '[phone]',
  card: '[card]',
  token: '[token]',
} as const;

export type RedactionKind = keyof typeof REDACTION_PLACEHOLDERS;

/** Matches any placeholder, e.g. to keep them out of word statistics. */
export const REDACTION_PLACEHOLDER_PATTERN = /\[(?:email|phone|card|token)\]/g;

export interface RedactionResult {
  text: string;
  /** How many items of each kind were replaced; kinds with none are absent. */
  redactions: Record<string, number>;
}

interface Redactor {
  kind: RedactionKind;
  pattern: RegExp;
  /** The replacement for one match, or null to leave the match as it is. */
  replace(match: string, ...groups: string[]): string | null;
}

const token = REDACTION_PLACEHOLDERS.token;
const replaceWhole = (placeholder: string) => () => placeholder;

/** Vendor key formats with a recognisable prefix; specific enough to need no context. */
const VENDOR_SECRET = new RegExp(
  [
    String.raw`\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}`, // Stripe
    String.raw`\bwhsec_[A-Za-z0-9]{10,}`, // Stripe webhook signing secret
    String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`, // GitHub tokens
    String.raw`\bgithub_pat_[A-Za-z0-9_]{20,}`,
    String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`, // AWS access key id
    String.raw`\bxox[abposr]-[A-Za-z0-9-]{10,}`, // Slack
    String.raw`\bAIza[0-9A-Za-z_-]{35}`, // Google API key
    String.raw`\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}`, // OpenAI-style keys
    String.raw`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`, // SendGrid
    String.raw`\bglpat-[A-Za-z0-9_-]{20,}`, // GitLab
    String.raw`\bnpm_[A-Za-z0-9]{30,}`, // npm
  ].join('|'),
  'g',
);

/*
 * Order matters: secrets first (they contain digit runs that would otherwise look
 * like phone or card numbers), then e-mail addresses (which may contain digits),
 * then cards, then phone numbers.
 */
const REDACTORS: readonly Redactor[] = [
  {
    kind: 'token',
    // The digit requirement keeps prose such as "bearer authentication" intact.
    pattern: /\b(Bearer\s+|Authorization:\s*(?:Basic|Token)\s+)(?=[A-Za-z0-9\-._~+/]*\d)[A-Za-z0-9\-._~+/]{8,}=*/gi,
    replace: (_match, scheme = '') => `${scheme}${token}`,
  },
  {
    kind: 'token',
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWT: base64url('{"') starts "eyJ"
    replace: replaceWhole(token),
  },
  { kind: 'token', pattern: VENDOR_SECRET, replace: replaceWhole(token) },
  {
    // A value after a key-ish name. Requiring a digit keeps prose like "token: expired" intact.
    kind: 'token',
    pattern:
      /\b((?:api|access|auth|refresh|secret|private|client|session)?[_-]?(?:key|token|secret)|apikey|client[_-]?secret)(["']?\s*[:=]\s*)(["']?)((?=[^\s"',;]*\d)[^\s"',;]{8,})\3/gi,
    replace: (_match, name = '', separator = '', quote = '') => `${name}${separator}${quote}${token}${quote}`,
  },
  {
    kind: 'token',
    pattern: /\b(password|passwd|pwd|passcode)(["']?\s*[:=]\s*)(["']?)([^\s"',;]{4,})\3/gi,
    replace: (_match, name = '', separator = '', quote = '') => `${name}${separator}${quote}${token}${quote}`,
  },
  {
    kind: 'email',
    pattern: /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
    replace: replaceWhole(REDACTION_PLACEHOLDERS.email),
  },
  {
    /*
     * Card-like numbers are redacted only when they pass the Luhn check. Every real
     * card number does; an arbitrary order or invoice number only does 1 time in 10,
     * so most long reference numbers survive and stay useful to the moderator.
     */
    kind: 'card',
    pattern: /(?<![\w+])\d(?:[ -]?\d){12,18}(?!\w)/g,
    replace: (match) => (passesLuhn(match.replace(/\D/g, '')) ? REDACTION_PLACEHOLDERS.card : null),
  },
  {
    // International: +<country code> then groups, 8–15 digits in all (E.164).
    kind: 'phone',
    pattern: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){1,5}(?![\w])/g,
    replace: (match) => (digitCountBetween(match, 8, 15) ? REDACTION_PLACEHOLDERS.phone : null),
  },
  {
    // North American: (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-555-0199.
    kind: 'phone',
    pattern: /(?<![\w+.-])(?:1[ .-])?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w])/g,
    replace: replaceWhole(REDACTION_PLACEHOLDERS.phone),
  },
  {
    // National numbers with a trunk prefix: 020 7946 0958, 07700 900123.
    kind: 'phone',
    pattern: /(?<![\w+.-])0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\w])/g,
    replace: (match) => (digitCountBetween(match, 10, 11) ? REDACTION_PLACEHOLDERS.phone : null),
  },
];

function digitCountBetween(text: string, min: number, max: number): boolean {
  const digits = text.replace(/\D/g, '').length;
  return digits >= min && digits <= max;
}

/** The Luhn (mod 10) checksum used by payment card numbers. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Replaces e-mail addresses, phone numbers, payment card numbers, API keys, bearer
 * tokens and JWTs with placeholders, so ticket text can be shown, logged or sent to
 * a third-party model without carrying personal data or credentials.
 */
export function redactPersonalData(text: string): RedactionResult {
  const redactions: Record<string, number> = {};
  let result = text;
  for (const { kind, pattern, replace } of REDACTORS) {
    result = result.replace(pattern, (match: string, ...rest: unknown[]) => {
      // The callback receives the capture groups, then the match offset (a number).
      const groupCount = rest.findIndex((value) => typeof value === 'number');
      const groups = rest.slice(0, groupCount).map((value) => (typeof value === 'string' ? value : ''));
      const replacement = replace(match, ...groups);
      if (replacement === null) return match;
      redactions[kind] = (redactions[kind] ?? 0) + 1;
      return replacement;
    });
  }
  return { text: result, redactions };
}
