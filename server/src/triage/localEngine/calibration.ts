import { softmax } from './logisticRegression.js';

/*
 * Temperature scaling (Guo et al., 2017): one number T that divides the logits so
 * the predicted probabilities match how often the model is right. It is fitted on
 * examples the model was not trained on and does not change which label wins.
 */

export interface ScoredExample {
  /** Logits for each class. */
  scores: readonly number[];
  /** Index of the true class. */
  target: number;
}

const TEMPERATURES = Array.from({ length: 60 }, (_, i) => 0.5 + i * 0.1);

/** Mean negative log-likelihood of the true classes at a temperature. */
export function negativeLogLikelihood(examples: readonly ScoredExample[], temperature: number): number {
  if (examples.length === 0) return 0;
  let total = 0;
  for (const { scores, target } of examples) total -= Math.log(Math.max(softmax(scores, temperature)[target] ?? 0, 1e-12));
  return total / examples.length;
}

/** The temperature (0.5–6.4, steps of 0.1) with the lowest negative log-likelihood; 1 with no examples. */
export function fitTemperature(examples: readonly ScoredExample[]): number {
  if (examples.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  for (const temperature of TEMPERATURES) {
    const loss = negativeLogLikelihood(examples, temperature);
    if (loss < bestLoss - 1e-12) {
      best = temperature;
      bestLoss = loss;
    }
  }
  return Math.round(best * 10) / 10;
}

/**
 * Expected calibration error: predictions are bucketed by confidence (the top
 * probability) and the gap between mean confidence and accuracy in each bucket is
 * averaged, weighted by bucket size. 0 is perfectly calibrated.
 */
export function expectedCalibrationError(
  predictions: readonly { confidence: number; correct: boolean }[],
  buckets = 10,
): number {
  if (predictions.length === 0) return 0;
  const sums = Array.from({ length: buckets }, () => ({ confidence: 0, correct: 0, count: 0 }));
  for (const { confidence, correct } of predictions) {
    const bucket = sums[Math.min(buckets - 1, Math.floor(confidence * buckets))]!;
    bucket.confidence += confidence;
    bucket.correct += correct ? 1 : 0;
    bucket.count++;
  }
  let error = 0;
  for (const { confidence, correct, count } of sums) {
    if (count > 0) error += (count / predictions.length) * Math.abs(confidence / count - correct / count);
  }
  return error;
}
