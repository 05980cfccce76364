import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../corpus/loadCorpus.js';
import { accuracy, evaluateTriageModel, macroF1, setPrecisionRecall, splitTrainTest } from './evaluation.js';
import { createSeededRandom } from './seededRandom.js';
import { trainTriageModel } from './trainTriageModel.js';

describe('metrics', () => {
  it('accuracy counts exact matches', () => {
    expect(accuracy(['a', 'b', 'c', 'd'], ['a', 'b', 'x', 'd'])).toBe(0.75);
    expect(accuracy([], [])).toBe(0);
  });

  it('macro-F1 averages per-label F1', () => {
    // a: tp 1, fp 1, fn 0 → 2/3; b: tp 1, fp 0, fn 1 → 2/3
    const { macro, perLabel } = macroF1(['a', 'b', 'b'], ['a', 'b', 'a']);
    expect(perLabel.get('a')).toBeCloseTo(2 / 3);
    expect(perLabel.get('b')).toBeCloseTo(2 / 3);
    expect(macro).toBeCloseTo(2 / 3);
  });

  it('skill precision and recall are micro-averaged over tickets', () => {
    const { precision, recall } = setPrecisionRecall([['a', 'b'], ['c']], [['a'], ['c', 'd']]);
    expect(precision).toBeCloseTo(2 / 3);
    expect(recall).toBeCloseTo(2 / 3);
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = Array.from({ length: 5 }, createSeededRandom(1).next);
    const b = Array.from({ length: 5 }, createSeededRandom(1).next);
    const c = Array.from({ length: 5 }, createSeededRandom(2).next);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const value of a) expect(value).toBeGreaterThanOrEqual(0);
  });
});

describe('held-out evaluation of the shipped corpus', () => {
  const corpus = loadCorpus();
  const { train, test } = splitTrainTest(corpus);

  it('splits deterministically, without overlap, about 80/20 in every priority', () => {
    expect(train.length + test.length).toBe(corpus.length);
    expect(new Set([...train, ...test]).size).toBe(corpus.length);
    expect(splitTrainTest(corpus).test).toEqual(test);
    for (const priority of ['low', 'medium', 'high', 'urgent'] as const) {
      const total = corpus.filter((t) => t.priority === priority).length;
      const held = test.filter((t) => t.priority === priority).length;
      expect(held / total).toBeGreaterThan(0.15);
      expect(held / total).toBeLessThan(0.25);
    }
  });

  /*
   * Floors well above the majority-class baseline (about 40% for priority, 25% for
   * category): a broken tokenizer, vectorizer or classifier drops below them.
   */
  it('scores above the quality floor on tickets it was not trained on', () => {
    const report = evaluateTriageModel(trainTriageModel(train), test);
    expect(report.priorityAccuracy).toBeGreaterThan(0.6);
    expect(report.priorityMacroF1).toBeGreaterThan(0.55);
    expect(report.categoryAccuracy).toBeGreaterThan(0.8);
    expect(report.skillPrecision).toBeGreaterThan(0.6);
    expect(report.skillRecall).toBeGreaterThan(0.6);
  });

  it('does much worse when trained on shuffled labels, so the floor is meaningful', () => {
    const random = createSeededRandom(7);
    const shuffledPriorities = random.shuffle(train.map((t) => t.priority));
    const shuffledCategories = random.shuffle(train.map((t) => t.category));
    const scrambled = train.map((t, i) => ({ ...t, priority: shuffledPriorities[i]!, category: shuffledCategories[i]! }));
    const report = evaluateTriageModel(trainTriageModel(scrambled), test);
    expect(report.categoryAccuracy).toBeLessThan(0.5);
  });

  it('trains in well under a second', () => {
    const started = performance.now();
    trainTriageModel(corpus);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
