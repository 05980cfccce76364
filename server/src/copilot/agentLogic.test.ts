import { describe, expect, it } from 'vitest';
import { citedSources } from './agent.js';
import { blendScores, cosineSimilarity, EMBEDDING_WEIGHT } from './embeddings.js';

describe('citedSources', () => {
  const known = new Map([
    [12, 'ticket-12'],
    [40, 'ticket-40'],
  ]);

  it('takes the sources line off the text and keeps only tickets the tools returned', () => {
    const { text, sources } = citedSources('Hi Ana,\n\nRotate the secret as in #40.\n\nSources: #40, #12, #999', known);
    expect(text).toBe('Hi Ana,\n\nRotate the secret as in #40.');
    expect(sources).toEqual(['ticket-40', 'ticket-12']);
  });

  it('counts citations in the text when the sources line is missing, once each', () => {
    expect(citedSources('See #12 and again #12; #7 is not one we read.', known)).toEqual({ text: 'See #12 and again #12; #7 is not one we read.', sources: ['ticket-12'] });
  });

  it('gives no sources for "Sources: none"', () => {
    expect(citedSources('Nothing similar was solved.\nSources: none', known)).toEqual({ text: 'Nothing similar was solved.', sources: [] });
  });
});

describe('blendScores', () => {
  it('is cosine 1 for parallel vectors and 0 for orthogonal or mismatched ones', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 0], [1, 0, 0])).toBe(0);
  });

  it('lets meaning lift a hit that BM25 put second', () => {
    const hits = [
      { id: 'a', score: 10 },
      { id: 'b', score: 8 },
    ];
    const vectors: Record<string, number[]> = { a: [0, 1], b: [1, 0] };
    const blended = blendScores(hits, [1, 0], (h) => vectors[h.id]!);
    expect(blended.map((h) => h.id)).toEqual(['b', 'a']);
    expect(blended[0]!.blended).toBeCloseTo(EMBEDDING_WEIGHT * 1 + (1 - EMBEDDING_WEIGHT) * 0.8);
  });

  it('keeps the BM25 order when there is no query vector, and scores a hit without a vector by BM25 alone', () => {
    const hits = [
      { id: 'a', score: 10 },
      { id: 'b', score: 5 },
    ];
    expect(blendScores(hits, null, () => [1]).map((h) => [h.id, h.blended])).toEqual([
      ['a', 1],
      ['b', 0.5],
    ]);
    expect(blendScores(hits, [1, 0], (h) => (h.id === 'a' ? null : [1, 0])).map((h) => [h.id, h.blended])).toEqual([
      ['a', 1],
      ['b', EMBEDDING_WEIGHT + (1 - EMBEDDING_WEIGHT) * 0.5],
    ]);
  });
});
