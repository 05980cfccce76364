import { tokenize } from '../triage/localEngine/tokenizer.js';

/** BM25's term-frequency saturation and length normalisation (the usual defaults). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** How many times the title counts: a title says what a ticket is about more densely than its description. */
const TITLE_WEIGHT = 2;

/** A query this long says all it has to say; more terms only add postings to read. */
export const MAX_QUERY_TERMS = 40;

/** The text of a ticket as the index sees it. */
export function ticketText(ticket: { title: string; description: string }): string {
  return `${Array(TITLE_WEIGHT).fill(ticket.title).join(' ')} ${ticket.description}`;
}

/** Term frequencies of a text under the triage engine's tokenizer, and the text's length in terms. */
export function termVector(text: string): { terms: Map<string, number>; length: number } {
  const terms = new Map<string, number>();
  const tokens = tokenize(text);
  for (const token of tokens) terms.set(token, (terms.get(token) ?? 0) + 1);
  return { terms, length: tokens.length };
}

/** Robertson–Spärck Jones idf as Lucene computes it: never negative, even for a term in every document. */
export function idf(docCount: number, docFrequency: number): number {
  return Math.log(1 + (docCount - docFrequency + 0.5) / (docFrequency + 0.5));
}

/** One term's contribution to a document's BM25 score. */
export function termScore(termIdf: number, termFrequency: number, docLength: number, averageLength: number): number {
  const norm = BM25_K1 * (1 - BM25_B + (BM25_B * docLength) / (averageLength || 1));
  return (termIdf * termFrequency * (BM25_K1 + 1)) / (termFrequency + norm);
}
