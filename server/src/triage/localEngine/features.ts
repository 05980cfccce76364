import { tokenize } from './tokenizer.js';

/** A sparse feature vector: feature name → weight. */
export type FeatureVector = Map<string, number>;

/**
 * Unigrams plus adjacent-word bigrams of a ticket. Title words are counted twice
 * because a title is the requester's own one-line summary and is usually the most
 * telling part. Bigrams keep short phrases ("log in", "double charg") that single
 * words lose.
 */
export function ticketTerms(title: string, description: string): string[] {
  const titleTokens = tokenize(title);
  const bodyTokens = tokenize(description);
  const terms: string[] = [];
  for (const tokens of [titleTokens, titleTokens, bodyTokens]) {
    terms.push(...tokens);
    for (let i = 0; i + 1 < tokens.length; i++) terms.push(`${tokens[i]} ${tokens[i + 1]}`);
  }
  return terms;
}

export interface TfidfVectorizer {
  /** Inverse document frequency of each known term. */
  readonly idf: ReadonlyMap<string, number>;
  /** Sublinear-TF × IDF weights, L2-normalised; unknown terms are dropped. */
  transform(terms: readonly string[]): FeatureVector;
}

export interface TfidfOptions {
  /** Terms seen in fewer training documents than this are dropped as noise (typos, ids). */
  minDocumentFrequency?: number;
}

/** Learns the vocabulary and IDF weights from tokenised training documents. */
export function fitTfidfVectorizer(documents: readonly (readonly string[])[], options: TfidfOptions = {}): TfidfVectorizer {
  const { minDocumentFrequency = 2 } = options;
  const documentFrequency = new Map<string, number>();
  for (const terms of documents) {
    for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const idf = new Map<string, number>();
  const total = documents.length;
  // Sorted so the vocabulary (and anything iterating it) does not depend on input order.
  for (const [term, df] of [...documentFrequency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (df >= minDocumentFrequency) idf.set(term, Math.log((1 + total) / (1 + df)) + 1);
  }
  return {
    idf,
    transform(terms) {
      const counts = new Map<string, number>();
      for (const term of terms) if (idf.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
      const vector: FeatureVector = new Map();
      let squaredNorm = 0;
      for (const [term, count] of counts) {
        const weight = (1 + Math.log(count)) * (idf.get(term) ?? 0);
        vector.set(term, weight);
        squaredNorm += weight * weight;
      }
      const norm = Math.sqrt(squaredNorm);
      if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
      return vector;
    },
  };
}
