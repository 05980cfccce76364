import { describe, expect, it } from 'vitest';
import { softmax, trainLogisticRegression, type WeightedExample } from './logisticRegression.js';

const LABELS = ['calm', 'alarm'] as const;
type Label = (typeof LABELS)[number];
const example = (features: Record<string, number>, label: Label, weight?: number): WeightedExample<Label> => ({
  features: new Map(Object.entries(features)),
  label,
  ...(weight === undefined ? {} : { weight }),
});
const DATA = [
  example({ question: 1, docs: 1 }, 'calm'),
  example({ question: 1, export: 1 }, 'calm'),
  example({ idea: 1 }, 'calm'),
  example({ down: 1, everyone: 1 }, 'alarm'),
  example({ down: 1, export: 1 }, 'alarm'),
  example({ everyone: 1, blocked: 1 }, 'alarm'),
];

describe('trainLogisticRegression', () => {
  it('learns separable data and returns probabilities that sum to one', () => {
    const model = trainLogisticRegression(DATA, { labels: LABELS, epochs: 30 });
    const alarm = model.probabilities(new Map([['down', 1]]));
    expect(alarm.get('alarm')).toBeGreaterThan(0.6);
    expect((alarm.get('alarm') ?? 0) + (alarm.get('calm') ?? 0)).toBeCloseTo(1);
    expect(model.probabilities(new Map([['question', 1]])).get('calm')).toBeGreaterThan(0.6);
  });

  it('is deterministic', () => {
    const a = trainLogisticRegression(DATA, { labels: LABELS });
    const b = trainLogisticRegression(DATA, { labels: LABELS });
    expect(a.scores(new Map([['export', 1]]))).toEqual(b.scores(new Map([['export', 1]])));
  });

  it('lets a heavier example pull a shared feature its way', () => {
    const probe = new Map([['export', 1]]);
    const plain = trainLogisticRegression(DATA, { labels: LABELS, balanceClasses: false }).probabilities(probe).get('alarm') ?? 0;
    const weighted = trainLogisticRegression([...DATA, example({ export: 1 }, 'alarm', 10)], { labels: LABELS, balanceClasses: false })
      .probabilities(probe)
      .get('alarm') ?? 0;
    expect(weighted).toBeGreaterThan(plain + 0.1);
  });

  it('ignores unknown features and rejects unknown labels', () => {
    const model = trainLogisticRegression(DATA, { labels: LABELS });
    expect(model.scores(new Map([['never-seen', 5]]))).toEqual(model.scores(new Map()));
    expect(() => trainLogisticRegression([example({ a: 1 }, 'other' as Label)], { labels: LABELS })).toThrow(/unknown label/);
  });
});

describe('softmax', () => {
  it('softens with a higher temperature', () => {
    const sharp = softmax([2, 0], 1);
    const soft = softmax([2, 0], 3);
    expect(sharp[0]).toBeGreaterThan(soft[0]!);
    expect(soft[0]! + soft[1]!).toBeCloseTo(1);
  });
});
