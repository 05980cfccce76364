import type { FeatureVector } from './features.js';

/*
 * Multinomial naive Bayes over TF-IDF weights, written here rather than taken from
 * npm: the workspace has no text-classification dependency, the maintained options
 * (natural, wink-naive-bayes-text-classifier) bring their own tokenisers and
 * serialisation we would not use, and the whole algorithm is ~60 lines of counting.
 */

export interface NaiveBayesOptions<Label extends string> {
  /** Every label the model may predict, in tie-break order. */
  labels: readonly Label[];
  /** Additive (Laplace/Lidstone) smoothing; smaller trusts the training counts more. */
  smoothing?: number;
  /**
   * Learn class priors from label frequencies. Off gives every class the same prior,
   * which keeps rare-but-important classes (e.g. "urgent") from being drowned out.
   */
  learnPriors?: boolean;
}

export interface NaiveBayesClassifier<Label extends string> {
  readonly labels: readonly Label[];
  /** Posterior probability of each label, summing to 1. */
  probabilities(features: FeatureVector): Map<Label, number>;
  /** The most probable label (earliest in `labels` on a tie). */
  predict(features: FeatureVector): Label;
}

/** Trains a multinomial naive Bayes classifier on labelled feature vectors. */
export function trainNaiveBayes<Label extends string>(
  examples: readonly { features: FeatureVector; label: Label }[],
  options: NaiveBayesOptions<Label>,
): NaiveBayesClassifier<Label> {
  const { labels, smoothing = 0.1, learnPriors = true } = options;
  if (labels.length === 0) throw new Error('a classifier needs at least one label');
  if (!(smoothing > 0)) throw new Error('smoothing must be positive');
  const vocabulary = new Set<string>();
  const termWeight = new Map<Label, Map<string, number>>(labels.map((label) => [label, new Map()]));
  const totalWeight = new Map<Label, number>(labels.map((label) => [label, 0]));
  const documentCount = new Map<Label, number>(labels.map((label) => [label, 0]));

  for (const { features, label } of examples) {
    const weights = termWeight.get(label);
    if (!weights) throw new Error(`unknown label "${label}"`);
    documentCount.set(label, (documentCount.get(label) ?? 0) + 1);
    for (const [term, weight] of features) {
      vocabulary.add(term);
      weights.set(term, (weights.get(term) ?? 0) + weight);
      totalWeight.set(label, (totalWeight.get(label) ?? 0) + weight);
    }
  }

  const vocabularySize = Math.max(vocabulary.size, 1);
  const logPrior = new Map<Label, number>();
  const logDenominator = new Map<Label, number>();
  for (const label of labels) {
    const prior = learnPriors
      ? ((documentCount.get(label) ?? 0) + 1) / (examples.length + labels.length)
      : 1 / labels.length;
    logPrior.set(label, Math.log(prior));
    logDenominator.set(label, Math.log((totalWeight.get(label) ?? 0) + smoothing * vocabularySize));
  }

  const logScores = (features: FeatureVector): Map<Label, number> => {
    const scores = new Map<Label, number>();
    for (const label of labels) {
      const weights = termWeight.get(label) as Map<string, number>;
      const denominator = logDenominator.get(label) as number;
      let score = logPrior.get(label) as number;
      for (const [term, value] of features) {
        // Terms never seen in training say nothing about any class.
        if (!vocabulary.has(term)) continue;
        score += value * (Math.log((weights.get(term) ?? 0) + smoothing) - denominator);
      }
      scores.set(label, score);
    }
    return scores;
  };

  return {
    labels,
    probabilities(features) {
      const scores = logScores(features);
      const best = Math.max(...scores.values());
      let sum = 0;
      const result = new Map<Label, number>();
      for (const [label, score] of scores) {
        const p = Math.exp(score - best);
        result.set(label, p);
        sum += p;
      }
      for (const [label, p] of result) result.set(label, p / sum);
      return result;
    },
    predict(features) {
      let bestLabel = labels[0] as Label;
      let bestScore = -Infinity;
      for (const [label, score] of logScores(features)) {
        if (score > bestScore) {
          bestScore = score;
          bestLabel = label;
        }
      }
      return bestLabel;
    },
  };
}
