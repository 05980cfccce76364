import { detectCues } from './impactCues.js';
import { tokenize } from './tokenizer.js';

/** Longest summary we produce; the schema allows more, but a summary is one line in a list. */
export const SUMMARY_MAX_LENGTH = 200;
const FALLBACK_SUMMARY = 'Ticket without a readable title or description';
/** Only this much of a description is searched for a summary sentence; the gist is near the top. */
const SUMMARY_SCAN_LIMIT = 4_000;
const MIN_SENTENCE_WORDS = 3;
/** A second sentence shorter than this ("Could you add them?") adds nothing. */
const MIN_PARTNER_CHARS = 25;

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

/** A line that is only a greeting ("Dear Support Team,", "Hi all!"). */
const GREETING_LINE =
  /^(?:(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b(?:\s+[^\s,.!?]+){0,3}\s*[,!:.]?|to whom it may concern[,:]?)$/iu;
/** Where the signature starts; this line and everything after it is dropped. */
const SIGN_OFF_LINE =
  /^(?:(?:kind|best|warm|many thanks|thanks|thank you|regards|sincerely|cheers|br|yours|greetings|respectfully)\b[^.!?]{0,30}[,!.]?|(?:best|kind|warm) regards\b.*|-{1,2}\s*\S.*|sent from my \w+.*)$/iu;
/** Reference lines: request ids, ticket/order numbers, versions, key: value metadata. */
const REFERENCE_LINE =
  /^(?:(?:request|trace|correlation|ticket|order|account|customer|case|reference|ref|invoice|transaction|user|session)[\s-]*(?:id|ref|no\.?|number|#)?\s*[:#]?\s*[\w-]*\d[\w-]*\.?|[\w .-]{1,25}:\s*\S[^.!?]{0,60}|[#\w-]*\d[\w-]*)$/iu;
/** Politeness and framing that say nothing about the problem. */
const BOILERPLATE =
  /^(?:i hope (?:this|you)\b.*|(?:i am|i'm|we are) (?:writing|reaching out|contacting you|getting in touch)\b(?:(?!\b(?:because|since|as|after)\b)[^.!?])*[.!?]?|(?:thank you|thanks)(?: (?:in advance|for your (?:help|time|assistance|support|attention)))?[.!]?|(?:please )?let (?:me|us) know if you need\b.*|i (?:would|will) (?:appreciate|be grateful for) (?:your|any) (?:help|assistance|support|guidance)\b.*|(?:could|can) you (?:please )?(?:look into|check|investigate|help with) (?:this|it)(?: (?:issue|matter|problem))?\??|(?:any help|help) (?:is |would be )?(?:much )?appreciated[.!]?|please advise[.!]?|looking forward to (?:your|hearing)\b.*|i look forward to\b.*)$/iu;

/** A candidate sentence for the summary and where it came from. */
interface Candidate {
  text: string;
  position: number;
  fromTitle: boolean;
}

function stripGreeting(sentence: string): string {
  const cleaned = cleanLine(sentence).replace(LEADING_GREETING, '');
  return cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
}

/**
 * The description's content sentences: greeting lines, the signature (from the
 * sign-off line on), reference lines (request ids, order numbers) and politeness
 * boilerplate are dropped before anything is scored.
 */
export function contentSentences(description: string): string[] {
  const sentences: string[] = [];
  for (const rawLine of description.slice(0, SUMMARY_SCAN_LIMIT).split(/\n+/u)) {
    const line = cleanLine(rawLine);
    if (line === '') continue;
    if (SIGN_OFF_LINE.test(line)) break;
    if (GREETING_LINE.test(line) || REFERENCE_LINE.test(line)) continue;
    for (const piece of line.split(/(?<=[.!?])\s+(?=\S)/u)) {
      const sentence = stripGreeting(piece);
      if (sentence === '' || BOILERPLATE.test(sentence) || REFERENCE_LINE.test(sentence)) continue;
      if (!/\p{L}{2,}/u.test(sentence)) continue;
      sentences.push(sentence);
    }
  }
  return sentences;
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared / a.size;
}

const PROBLEM_CUES = ['outage', 'blocked', 'degraded', 'data-loss', 'security-incident', 'malfunction'];
const IMPACT_CUES = ['scope-wide', 'scope-team', 'scope-production', 'work-stopped', 'time-pressure', 'harm-safety', 'legal'];
const REQUEST_CUES = ['question', 'feature-request', 'request-change'];

interface Scored extends Candidate {
  score: number;
  problem: boolean;
  impact: boolean;
  asks: boolean;
}

function scoreCandidate(candidate: Candidate, weight: TermWeight): Scored {
  const tokens = new Set(tokenize(candidate.text));
  const cues = detectCues(candidate.text);
  const problem = PROBLEM_CUES.some((cue) => cues.has(cue));
  const impact = IMPACT_CUES.some((cue) => cues.has(cue)) || (cues.has('money') && problem);
  const asks = REQUEST_CUES.some((cue) => cues.has(cue));
  let informative = 0;
  for (const token of tokens) informative += weight(token);
  const density = tokens.size === 0 ? 0 : informative / Math.sqrt(tokens.size) / 4;
  const score =
    (problem ? 3 : 0) +
    (impact ? 1.5 : 0) +
    (asks ? 1.5 : 0) +
    Math.min(density, 2) +
    (candidate.fromTitle ? 0.75 : Math.max(0, 0.75 - candidate.position * 0.15)) -
    (tokens.size < MIN_SENTENCE_WORDS ? 2 : 0);
  return { ...candidate, score, problem, impact, asks };
}

/**
 * The description sentence that says most about the problem: problem words
 * (fails, down, cannot, lost) and impact words (everyone, deadline, patients)
 * count most, then rare words and an early position; sentences that only repeat
 * the title are skipped.
 */
export function mostInformativeSentence(title: string, description: string, weight: TermWeight = () => 1): string | null {
  const titleTokens = new Set(tokenize(title));
  const sentences = contentSentences(description);
  let best: Scored | null = null;
  sentences.forEach((text, position) => {
    const tokens = new Set(tokenize(text));
    if (tokens.size < MIN_SENTENCE_WORDS && sentences.length > 1) return;
    if (titleTokens.size > 0 && overlap(tokens, titleTokens) > 0.8) return;
    const scored = scoreCandidate({ text, position, fromTitle: false }, weight);
    if (best === null || scored.score > best.score) best = scored;
  });
  return (best as Scored | null)?.text ?? null;
}

/** Titles that name no problem: "Help", "Urgent!!", "Question", "Issue with account". */
const VAGUE_TITLE_WORDS = new Set([
  'help', 'need', 'please', 'urgent', 'asap', 'issue', 'issues', 'problem', 'problems', 'question', 'questions', 'request',
  'ticket', 'support', 'inquiry', 'enquiry', 'hello', 'hi', 'important', 'quick', 'fyi', 're', 'fw', 'fwd', 'test', 'query',
]);

function isInformativeTitle(title: string): boolean {
  const words = tokenize(title, { stem: false });
  return words.filter((word) => !VAGUE_TITLE_WORDS.has(word)).length >= 2;
}

const withStop = (text: string) => (/[.!?…]$/u.test(text) ? text : `${text}.`);

/**
 * An extractive summary of what is wrong: the sentence that carries the problem
 * (or the request), plus the sentence that says its impact when both fit, taken
 * from the title and description as written; greetings, ids, boilerplate and
 * signatures are never chosen. At most SUMMARY_MAX_LENGTH characters. Extractive,
 * because a rewritten summary could state something the requester never said.
 */
export function summarizeTicket(title: string, description: string, weight: TermWeight = () => 1): string {
  const cleanTitle = cleanLine(title).replace(/[\s.:;,-]+$/u, '');
  const titleTokens = new Set(tokenize(cleanTitle));
  const candidates: Scored[] = [];
  if (cleanTitle.length > 0) candidates.push(scoreCandidate({ text: cleanTitle, position: -1, fromTitle: true }, weight));
  contentSentences(description).forEach((text, position) => {
    const tokens = new Set(tokenize(text));
    if (titleTokens.size > 0 && tokens.size > 0 && overlap(tokens, titleTokens) > 0.8) return;
    candidates.push(scoreCandidate({ text, position, fromTitle: false }, weight));
  });
  if (candidates.length === 0) return FALLBACK_SUMMARY;

  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.position - b.position);
  const fitsWith = (parts: readonly Scored[]) => Array.from(parts.map((c) => c.text).join(' — ')).length <= SUMMARY_MAX_LENGTH;
  const titleCandidate = candidates[0]?.fromTitle ? candidates[0] : undefined;
  let chosen: Scored[];
  if (titleCandidate && isInformativeTitle(cleanTitle)) {
    // The requester's own title leads; the sentence that says the problem (or impact, or request) follows.
    const partner = ranked.find(
      (c) => !c.fromTitle && c.score >= 1 && c.text.length >= MIN_PARTNER_CHARS && fitsWith([titleCandidate, c]),
    );
    chosen = partner ? [titleCandidate, partner] : [titleCandidate];
    // Room left: add the missing half (the problem or its impact) in the requester's order.
    const third =
      partner &&
      ranked.find(
        (c) =>
          !chosen.includes(c) &&
          c.score >= 1 &&
          c.text.length >= MIN_PARTNER_CHARS &&
          (partner.impact ? c.problem && !c.impact : c.impact) &&
          fitsWith([...chosen, c]),
      );
    if (third) chosen = [titleCandidate, ...[partner as Scored, third].sort((x, y) => x.position - y.position)];
  } else {
    // A vague title ("Help", "Issue"): the best sentence naming a problem, then its impact.
    const body = ranked.filter((c) => !c.fromTitle);
    const first = body.find((c) => c.problem) ?? body[0] ?? (ranked[0] as Scored);
    const partner = body.find(
      (c) => c !== first && c.score > 1 && c.text.length >= MIN_PARTNER_CHARS && (first.impact ? c.problem : c.impact),
    );
    chosen = partner && fitsWith([first, partner]) ? [first, partner].sort((x, y) => x.position - y.position) : [first];
  }
  const [head, ...rest] = chosen.map((c) => c.text);
  const sentences = rest.map((text, i) => (i < rest.length - 1 ? withStop(text) : text)).join(' ');
  const summary = chosen[0]?.fromTitle
    ? [head, sentences].filter(Boolean).join(' — ')
    : [head && rest.length > 0 ? withStop(head) : head, sentences].filter(Boolean).join(' ');
  return summary.length > 0 ? truncateAtWord(summary, SUMMARY_MAX_LENGTH) : FALLBACK_SUMMARY;
}
