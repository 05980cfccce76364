import { STOP_WORDS } from './stopWords.js';

export interface TokenizeOptions {
  /** Keep function words; phrase matching needs them ("log in", "down for everyone"). Default false. */
  keepStopWords?: boolean;
  /** Fold inflections ("crashes", "crashed" → "crash"). Default true. */
  stem?: boolean;
}

/** Tokens longer than this are hashes, tokens or base64 noise, never vocabulary. */
const MAX_TOKEN_LENGTH = 30;

/**
 * Lower-cases, folds accents and typographic quotes, and spells out contractions so
 * that "can't", "cant", "can not" and "cannot" become one token and "doesn't" keeps
 * its negation as "not".
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/\b(?:can't|cant|can not)\b/g, 'cannot')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\b(?:dont|doesnt|didnt|isnt|arent|wasnt|werent|wont|havent|hasnt|couldnt|shouldnt|wouldnt)\b/g, (word) =>
      word === 'wont' ? 'will not' : `${word.slice(0, -2)} not`,
    )
    .replace(/n't\b/g, ' not')
    .replace(/'(?:s|re|ve|ll|d|m)\b/g, '');
}

/**
 * A light suffix-stripping stemmer. It only has to map the forms that appear in
 * support tickets onto one feature ("logs", "logged", "logging" → "log"); it does
 * not need to produce dictionary words, and every caller stems both sides of a
 * comparison with this same function.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:sses|xes|ches|shes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);

  for (const suffix of ['ing', 'ed']) {
    const base = w.slice(0, -suffix.length);
    if (w.endsWith(suffix) && base.length >= 3 && /[aeiouy]/.test(base)) {
      w = undouble(base);
      break;
    }
  }
  if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

function undouble(word: string): string {
  const last = word.at(-1) ?? '';
  return last === word.at(-2) && /[bcdfgkmnprt]/.test(last) ? word.slice(0, -1) : word;
}

/**
 * Splits text into normalized word tokens (letters and digits of any script).
 * Punctuation separates tokens, so "node.js" gives "node", "js".
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const { keepStopWords = false, stem: shouldStem = true } = options;
  const tokens: string[] = [];
  for (const match of normalizeText(text).matchAll(/[\p{L}\p{N}]+/gu)) {
    const raw = match[0];
    if (raw.length > MAX_TOKEN_LENGTH) continue;
    if (raw.length === 1 && !/\d/.test(raw)) continue;
    if (!keepStopWords && STOP_WORDS.has(raw)) continue;
    tokens.push(shouldStem ? stem(raw) : raw);
  }
  return tokens;
}
