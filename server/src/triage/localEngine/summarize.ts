import { tokenize } from './tokenizer.js';

/** Longest summary we produce; the schema allows more, but a summary is one line in a list. */
export const SUMMARY_MAX_LENGTH = 200;
const FALLBACK_SUMMARY = 'Ticket without a readable title or description';
/** Only this much of a description is searched for a summary sentence; the gist is near the top. */
const SUMMARY_SCAN_LIMIT = 4_000;
const MIN_SENTENCE_WORDS = 3;

/** How informative a word is; defaults to treating every word alike. */
export type TermWeight = (stemmedToken: string) => number;

/** Removes control and zero-width characters and collapses whitespace. */
export function cleanLine(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cuts text to `max` characters at a word boundary, ending in an ellipsis; never splits a surrogate pair. */
export function truncateAtWord(text: string, max: number): string {
  const characters = Array.from(text);
  if (characters.length <= max) return text;
  const head = characters.slice(0, max - 1).join('');
  const lastSpace = head.lastIndexOf(' ');
  const cut = lastSpace > max * 0.6 ? head.slice(0, lastSpace) : head;
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

/** "Hi team, the export fails" → "the export fails": greetings add nothing to a summary. */
const LEADING_GREETING =
  /^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))(?:\s+(?:there|team|all|everyone|folks|support team|support))?\s*[,!:.]?|dear\s+[^,\n]{1,40},)\s+(?=\S)/iu;

function splitSentences(text: string): string[] {
  return text
    .slice(0, SUMMARY_SCAN_LIMIT)
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((sentence) => {
      const cleaned = cleanLine(sentence).replace(LEADING_GREETING, '');
      return cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
    })
    .filter((sentence) => sentence.length > 0);
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared / a.size;
}

/**
 * The description sentence that adds the most to the title: highest total word
 * weight, normalised by length so long rambling sentences do not win by size,
 * skipping greetings/sign-offs and sentences that only repeat the title.
 */
export function mostInformativeSentence(title: string, description: string, weight: TermWeight = () => 1): string | null {
  const titleTokens = new Set(tokenize(title));
  const sentences = splitSentences(description);
  let best: string | null = null;
  let bestScore = 0;
  for (const sentence of sentences) {
    const tokens = new Set(tokenize(sentence));
    if (tokens.size < MIN_SENTENCE_WORDS && sentences.length > 1) continue;
    if (titleTokens.size > 0 && overlap(tokens, titleTokens) > 0.8) continue;
    let total = 0;
    for (const token of tokens) total += weight(token);
    const score = total / Math.sqrt(Math.max(tokens.size, 1));
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best;
}

/**
 * An extractive one-line summary: the title, then the most informative sentence of
 * the description, cut to SUMMARY_MAX_LENGTH characters. Extractive, because a
 * rewritten summary could state something the requester never said.
 */
export function summarizeTicket(title: string, description: string, weight?: TermWeight): string {
  const cleanTitle = cleanLine(title).replace(/[\s.:;,-]+$/u, '');
  const sentence = mostInformativeSentence(title, description, weight);
  const parts = [cleanTitle, sentence ?? ''].filter((part) => part.length > 0);
  const summary = parts.join(' — ');
  return summary.length > 0 ? truncateAtWord(summary, SUMMARY_MAX_LENGTH) : FALLBACK_SUMMARY;
}
