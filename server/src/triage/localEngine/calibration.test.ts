import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, fitTemperature, negativeLogLikelihood, type ScoredExample } from './calibration.js';
import { softmax } from './logisticRegression.js';

/** Logits that claim ~98% confidence while being right only 70% of the time. */
const overconfident: ScoredExample[] = Array.from({ length: 100 }, (_, i) => ({ scores: [4, 0, 0], target: i % 10 < 7 ? 0 : 1 }));

describe('temperature scaling', () => {
  it('softens an overconfident model and lowers its loss and calibration error', () => {
    const temperature = fitTemperature(overconfident);
    expect(temperature).toBeGreaterThan(1.5);
    expect(negativeLogLikelihood(overconfident, temperature)).toBeLessThan(negativeLogLikelihood(overconfident, 1));
    const ece = (t: number) =>
      expectedCalibrationError(
        overconfident.map(({ scores, target }) => {
          const p = softmax(scores, t);
          return { confidence: Math.max(...p), correct: p.indexOf(Math.max(...p)) === target };
        }),
      );
    expect(ece(temperature)).toBeLessThan(0.05);
    expect(ece(1)).toBeGreaterThan(0.2);
  });

  it('returns 1 with nothing to fit', () => {
    expect(fitTemperature([])).toBe(1);
  });
});

describe('expectedCalibrationError', () => {
  it('is zero when confidence matches accuracy and large when it does not', () => {
    const matched = Array.from({ length: 10 }, (_, i) => ({ confidence: 0.75, correct: i % 4 !== 0 }));
    expect(expectedCalibrationError([...matched, ...matched])).toBeCloseTo(0.05, 1);
    expect(expectedCalibrationError([{ confidence: 0.95, correct: false }])).toBeCloseTo(0.95);
    expect(expectedCalibrationError([])).toBe(0);
  });
});
