import type { FeatureVector } from './features.js';

/*
 * Multinomial logistic regression (softmax) over sparse features, trained by
 * stochastic gradient descent with AdaGrad step sizes and L2 regularisation, in a
 * fixed order so training is deterministic. Written here rather than taken from npm:
 * the algorithm is short, and the maintained libraries bring tokenisers and model
 * files we would not use. Unlike the naive Bayes it replaced, it weighs correlated
 * evidence (many words saying the same thing) once rather than many times, which
 * keeps its probabilities sane enough to calibrate.
 */

export interface WeightedExample<Label extends string> {
  features: FeatureVector;
  label: Label;
  /** How much this example counts (default 1); team corrections count more than shipped examples. */
  weight?: number;
}

export interface LogisticRegressionOptions<Label extends string> {
  labels: readonly Label[];
  /** Passes over the data. */
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per feature; a function lets feature groups be regularised differently. */
  l2?: number | ((feature: string) => number);
  /** Balance classes so each label's examples carry the same total weight. */
  balanceClasses?: boolean;
}

export interface LogisticRegressionModel<Label extends string> {
  readonly labels: readonly Label[];
  /** Raw class scores (logits). */
  scores(features: FeatureVector): number[];
  /** Class probabilities at a temperature (1 = as trained; above 1 softens them). */
  probabilities(features: FeatureVector, temperature?: number): Map<Label, number>;
  /** Weight of a feature for a label, for explanations and tests. */
  weight(feature: string, label: Label): number;
}

/** A fixed pseudo-random permutation of 0..n-1 (xorshift), so training order never depends on input order quirks. */
function seededOrder(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let state = 0x9e3779b9;
  for (let i = n - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export function softmax(scores: readonly number[], temperature = 1): number[] {
  const scaled = scores.map((score) => score / temperature);
  const best = Math.max(...scaled);
  const exps = scaled.map((score) => Math.exp(score - best));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/** Trains the model; the same examples in the same order always give the same weights. */
export function trainLogisticRegression<Label extends string>(
  examples: readonly WeightedExample<Label>[],
  options: LogisticRegressionOptions<Label>,
): LogisticRegressionModel<Label> {
  const { labels, epochs = 8, learningRate = 0.3, l2 = 1e-3, balanceClasses = true } = options;
  if (labels.length === 0) throw new Error('a classifier needs at least one label');
  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  const classCount = labels.length;

  // Feature index, sorted so weights do not depend on the order features were first seen.
  const names = [...new Set(examples.flatMap(({ features }) => [...features.keys()]))].sort();
  const index = new Map(names.map((name, i) => [name, i]));
  const penalty = names.map((name) => (typeof l2 === 'function' ? l2(name) : l2));
  const weights = new Float64Array(names.length * classCount);
  const bias = new Float64Array(classCount);
  const squaredGradients = new Float64Array(names.length * classCount).fill(1e-6);
  const biasSquaredGradients = new Float64Array(classCount).fill(1e-6);

  const labelWeight = new Float64Array(classCount).fill(1);
  const rows = examples
    .map(({ features, label, weight = 1 }) => {
      const target = labelIndex.get(label);
      if (target === undefined) throw new Error(`unknown label "${label}"`);
      const indexes = new Int32Array(features.size);
      const values = new Float64Array(features.size);
      let n = 0;
      for (const [name, value] of features) {
        indexes[n] = index.get(name) as number;
        values[n++] = value;
      }
      return { indexes, values, target, weight };
    })
    .filter((row) => row.weight > 0);
  if (balanceClasses) {
    const totals = new Float64Array(classCount);
    for (const row of rows) totals[row.target]! += row.weight;
    const present = [...totals].filter((total) => total > 0);
    const mean = present.reduce((a, b) => a + b, 0) / Math.max(present.length, 1);
    for (let c = 0; c < classCount; c++) labelWeight[c] = totals[c]! > 0 ? mean / totals[c]! : 1;
  }
  const totalWeight = rows.reduce((sum, row) => sum + row.weight * labelWeight[row.target]!, 0) || 1;

  const raw = new Float64Array(classCount);
  /** Fills `raw` with the logits of a row. */
  const computeLogits = (indexes: Int32Array, values: Float64Array): void => {
    raw.set(bias);
    for (let i = 0; i < indexes.length; i++) {
      const base = indexes[i]! * classCount;
      const value = values[i]!;
      for (let c = 0; c < classCount; c++) raw[c]! += weights[base + c]! * value;
    }
  };

  /*
   * Stochastic gradient descent with AdaGrad step sizes, one example at a time in a
   * fixed shuffled order: a few passes reach what full-batch descent needs dozens
   * for, which keeps training at server start fast. The L2 penalty is applied to the
   * weights an example touches.
   */
  const order = seededOrder(rows.length);
  const meanScale = totalWeight / Math.max(rows.length, 1);
  const penaltyScale = rows.length * 1e-3;
  const p = new Float64Array(classCount);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const r of order) {
      const { indexes, values, target, weight } = rows[r]!;
      computeLogits(indexes, values);
      let best = -Infinity;
      for (let c = 0; c < classCount; c++) best = Math.max(best, raw[c]!);
      let sum = 0;
      for (let c = 0; c < classCount; c++) sum += p[c] = Math.exp(raw[c]! - best);
      const scale = (weight * labelWeight[target]!) / meanScale;
      for (let c = 0; c < classCount; c++) {
        const error = (p[c]! / sum - (c === target ? 1 : 0)) * scale;
        biasSquaredGradients[c]! += error * error;
        bias[c]! -= (learningRate * error) / Math.sqrt(biasSquaredGradients[c]!);
        for (let i = 0; i < indexes.length; i++) {
          const feature = indexes[i]!;
          const k = feature * classCount + c;
          const g = error * values[i]! + penalty[feature]! * weights[k]! * penaltyScale;
          squaredGradients[k]! += g * g;
          weights[k]! -= (learningRate * g) / Math.sqrt(squaredGradients[k]!);
        }
      }
    }
  }

  const scores = (features: FeatureVector): number[] => {
    const out = Array.from(bias);
    for (const [name, value] of features) {
      const i = index.get(name);
      if (i === undefined) continue;
      for (let c = 0; c < classCount; c++) out[c]! += weights[i * classCount + c]! * value;
    }
    return out;
  };

  return {
    labels,
    scores,
    probabilities(features, temperature = 1) {
      const p = softmax(scores(features), temperature);
      return new Map(labels.map((label, i) => [label, p[i] as number]));
    },
    weight(feature, label) {
      const i = index.get(feature);
      const c = labelIndex.get(label);
      return i === undefined || c === undefined ? 0 : (weights[i * classCount + c] as number);
    },
  };
}
