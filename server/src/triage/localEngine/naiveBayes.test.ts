import { describe, expect, it } from 'vitest';
import { fitTfidfVectorizer, ticketTerms } from './features.js';
import { trainNaiveBayes } from './naiveBayes.js';
import { tokenize } from './tokenizer.js';

const LABELS = ['billing', 'bug'] as const;
const TRAINING: { text: string; label: (typeof LABELS)[number] }[] = [
  { text: 'charged twice on my invoice', label: 'billing' },
  { text: 'refund the invoice charge please', label: 'billing' },
  { text: 'need a receipt for my invoice', label: 'billing' },
  { text: 'app crashes when I click save', label: 'bug' },
  { text: 'save button crashes the page', label: 'bug' },
  { text: 'error when I click the button', label: 'bug' },
];

function train(options: { learnPriors?: boolean } = {}) {
  const documents = TRAINING.map(({ text }) => tokenize(text));
  const vectorizer = fitTfidfVectorizer(documents, { minDocumentFrequency: 1 });
  const classifier = trainNaiveBayes(
    documents.map((terms, i) => ({ features: vectorizer.transform(terms), label: TRAINING[i]!.label })),
    { labels: LABELS, smoothing: 0.5, ...options },
  );
  return { classify: (text: string) => classifier.predict(vectorizer.transform(tokenize(text))), classifier, vectorizer };
}

describe('trainNaiveBayes', () => {
  it('learns a tiny hand-made set', () => {
    const { classify } = train();
    expect(classify('I was charged for an invoice I cancelled')).toBe('billing');
    expect(classify('the page crashes on save')).toBe('bug');
  });

  it('returns probabilities that sum to one and favour the right label', () => {
    const { classifier, vectorizer } = train();
    const probabilities = classifier.probabilities(vectorizer.transform(tokenize('refund my invoice')));
    const total = [...probabilities.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
    expect(probabilities.get('billing')).toBeGreaterThan(0.8);
  });

  it('falls back to the prior (first label on a tie) for text with no known words', () => {
    const { classify } = train({ learnPriors: false });
    expect(classify('zebra quantum')).toBe('billing');
  });

  it('uses learned priors when there is no evidence', () => {
    const documents = [['a1'], ['a2'], ['a3'], ['b1']];
    const vectorizer = fitTfidfVectorizer(documents, { minDocumentFrequency: 1 });
    const classifier = trainNaiveBayes(
      documents.map((terms, i) => ({ features: vectorizer.transform(terms), label: i < 3 ? 'a' : 'b' })),
      { labels: ['b', 'a'] as const, learnPriors: true },
    );
    expect(classifier.predict(new Map())).toBe('a');
  });

  it('is deterministic', () => {
    const first = train().classifier.probabilities(new Map([['invoic', 1]]));
    const second = train().classifier.probabilities(new Map([['invoic', 1]]));
    expect([...first]).toEqual([...second]);
  });

  it('rejects unknown labels and bad options', () => {
    expect(() => trainNaiveBayes([{ features: new Map(), label: 'x' as 'a' }], { labels: ['a'] as const })).toThrow(/unknown label/);
    expect(() => trainNaiveBayes([], { labels: [] })).toThrow();
    expect(() => trainNaiveBayes([], { labels: ['a'], smoothing: 0 })).toThrow();
  });
});

describe('TF-IDF features', () => {
  it('produces unit-length vectors and drops unknown or rare terms', () => {
    const vectorizer = fitTfidfVectorizer([['a', 'b'], ['a', 'c'], ['a', 'b']], { minDocumentFrequency: 2 });
    expect([...vectorizer.idf.keys()]).toEqual(['a', 'b']);
    const vector = vectorizer.transform(['a', 'b', 'b', 'c', 'zzz']);
    const norm = Math.sqrt([...vector.values()].reduce((sum, w) => sum + w * w, 0));
    expect(norm).toBeCloseTo(1, 10);
    expect(vector.has('c')).toBe(false);
    // "b" is rarer than "a" and repeated, so it weighs more.
    expect(vector.get('b')!).toBeGreaterThan(vector.get('a')!);
  });

  it('returns an empty vector for empty input', () => {
    expect(fitTfidfVectorizer([['a']], { minDocumentFrequency: 1 }).transform([]).size).toBe(0);
  });

  it('adds bigrams and counts the title twice', () => {
    const terms = ticketTerms('Double charge', 'refund please');
    expect(terms.filter((term) => term === 'doubl charg')).toHaveLength(2);
    expect(terms).toContain('refund');
  });
});
