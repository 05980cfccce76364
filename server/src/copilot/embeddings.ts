import { GoogleGenerativeAI, TaskType } from '@google/generative-ai';
import type { CircuitBreaker } from '../platform/circuitBreaker.js';
import type { Logger } from '../platform/logger.js';
import { redactPersonalData } from '../triage/redactPersonalData.js';

/** The embedding model the issue names; its vectors have 768 dimensions. */
export const EMBEDDING_MODEL = 'text-embedding-004';

/**
 * How the blended ranking weighs meaning against wording: the cosine similarity of
 * the two tickets' embeddings, and the BM25 score divided by the best BM25 score of
 * the same query (so both lie in 0..1). Wording keeps a large share because a
 * ticket that shares an error code or product name with a solved one is usually the
 * same problem, which embeddings blur.
 */
export const EMBEDDING_WEIGHT = 0.5;

export interface TicketEmbedderOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
  breaker: CircuitBreaker;
  logger: Logger;
}

/**
 * Embeds ticket text with Gemini's `embedContent`, redacted first. Returns null
 * instead of throwing when the API fails or the breaker is open: an embedding only
 * refines a ranking that BM25 already gives.
 */
export function createTicketEmbedder({ apiKey, baseUrl, timeoutMs, breaker, logger }: TicketEmbedderOptions) {
  const model = new GoogleGenerativeAI(apiKey).getGenerativeModel({ model: EMBEDDING_MODEL }, baseUrl ? { baseUrl } : undefined);
  return {
    model: EMBEDDING_MODEL,
    /** `document` for a stored solved ticket, `query` for the ticket being looked up. */
    async embed(text: string, role: 'document' | 'query' = 'document'): Promise<number[] | null> {
      const taskType = role === 'query' ? TaskType.RETRIEVAL_QUERY : TaskType.RETRIEVAL_DOCUMENT;
      if (!breaker.allowRequest()) return null;
      try {
        const { embedding } = await model.embedContent(
          { content: { role: 'user', parts: [{ text: redactPersonalData(text).text.slice(0, 8_000) }] }, taskType },
          { signal: AbortSignal.timeout(timeoutMs) },
        );
        breaker.recordSuccess();
        const values = embedding?.values;
        return Array.isArray(values) && values.length > 0 && values.every((v) => Number.isFinite(v)) ? values : null;
      } catch (err) {
        breaker.recordFailure();
        logger.warn({ problem: err instanceof Error ? err.message.slice(0, 200) : 'unknown' }, 'embedding failed');
        return null;
      }
    },
  };
}

export type TicketEmbedder = ReturnType<typeof createTicketEmbedder>;

/** Cosine similarity; 0 for vectors of different lengths or no length. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Re-ranks BM25 hits by `EMBEDDING_WEIGHT × cosine + (1 − EMBEDDING_WEIGHT) × score/best`.
 * A hit without a stored vector (completed before a key was set, or its embedding
 * failed) counts its normalised BM25 score for both parts, so it is neither
 * rewarded nor punished for the missing vector.
 */
export function blendScores<T extends { score: number }>(
  hits: readonly T[],
  query: readonly number[] | null,
  vectorOf: (hit: T) => readonly number[] | null,
): Array<T & { blended: number }> {
  const best = Math.max(0, ...hits.map((h) => h.score)) || 1;
  return hits
    .map((hit) => {
      const lexical = hit.score / best;
      const vector = query ? vectorOf(hit) : null;
      const semantic = vector && query ? Math.max(0, cosineSimilarity(query, vector)) : lexical;
      return { ...hit, blended: EMBEDDING_WEIGHT * semantic + (1 - EMBEDDING_WEIGHT) * lexical };
    })
    .sort((a, b) => b.blended - a.blended);
}
