import type { Priority, TriageCategory } from '@relaydesk/shared';
import { expectedCalibrationError } from './calibration.js';
import { createSeededRandom } from './seededRandom.js';
import {
  trainTriageModel,
  type TriageModel,
  type TriageModelOptions,
  type TriageTrainingExample,
} from './trainTriageModel.js';

/** A labelled ticket including the skills a person judged it needs. */
export interface EvaluationExample extends TriageTrainingExample {
  skills: readonly string[];
}

export const DEFAULT_SPLIT_SEED = 42;
export const DEFAULT_TEST_FRACTION = 0.2;

/**
 * Splits examples into train and test sets, stratified by (priority, category) so
 * the test set has each combination in about its corpus proportion. Deterministic
 * for a given seed; both parts keep the corpus order.
 */
export function splitTrainTest<T extends TriageTrainingExample>(
  examples: readonly T[],
  { seed = DEFAULT_SPLIT_SEED, testFraction = DEFAULT_TEST_FRACTION } = {},
): { train: T[]; test: T[] } {
  const random = createSeededRandom(seed);
  const strata = new Map<string, number[]>();
  examples.forEach((example, index) => {
    const key = `${example.priority}|${example.category}`;
    strata.set(key, [...(strata.get(key) ?? []), index]);
  });
  const testIndexes = new Set<number>();
  for (const key of [...strata.keys()].sort()) {
    const indexes = random.shuffle(strata.get(key) ?? []);
    const testCount = Math.round(indexes.length * testFraction);
    for (const index of indexes.slice(0, testCount)) testIndexes.add(index);
  }
  return {
    train: examples.filter((_, index) => !testIndexes.has(index)),
    test: examples.filter((_, index) => testIndexes.has(index)),
  };
}

/** Fraction of positions where prediction equals truth. */
export function accuracy<L>(truth: readonly L[], predicted: readonly L[]): number {
  if (truth.length === 0) return 0;
  return truth.filter((label, i) => label === predicted[i]).length / truth.length;
}

/** Per-label F1 and their unweighted mean over the labels that occur in truth or predictions. */
export function macroF1<L>(truth: readonly L[], predicted: readonly L[]): { macro: number; perLabel: Map<L, number> } {
  const labels = [...new Set([...truth, ...predicted])];
  const perLabel = new Map<L, number>();
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((actual, i) => {
      const guess = predicted[i];
      if (guess === label && actual === label) tp++;
      else if (guess === label) fp++;
      else if (actual === label) fn++;
    });
    perLabel.set(label, tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  }
  const macro = labels.length === 0 ? 0 : [...perLabel.values()].reduce((a, b) => a + b, 0) / labels.length;
  return { macro, perLabel };
}

/** Share of each label's examples that were predicted as that label. */
export function recallByLabel<L>(truth: readonly L[], predicted: readonly L[]): Map<L, number> {
  const recall = new Map<L, number>();
  for (const label of new Set(truth)) {
    const indexes = truth.flatMap((actual, i) => (actual === label ? [i] : []));
    recall.set(label, indexes.filter((i) => predicted[i] === label).length / indexes.length);
  }
  return recall;
}

/** Three levels, as many helpdesks (and public ticket sets) use: urgent counts as high. */
export type ThreeLevelPriority = 'low' | 'medium' | 'high';
export const toThreeLevels = (priority: Priority): ThreeLevelPriority => (priority === 'urgent' ? 'high' : priority);

/** Micro-averaged precision and recall of predicted skill sets against labelled ones. */
export function setPrecisionRecall(
  truth: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): { precision: number; recall: number } {
  let tp = 0;
  let predictedCount = 0;
  let truthCount = 0;
  truth.forEach((actual, i) => {
    const guesses = new Set(predicted[i] ?? []);
    const expected = new Set(actual);
    predictedCount += guesses.size;
    truthCount += expected.size;
    for (const skill of guesses) if (expected.has(skill)) tp++;
  });
  return {
    precision: predictedCount === 0 ? 0 : tp / predictedCount,
    recall: truthCount === 0 ? 0 : tp / truthCount,
  };
}

export interface EvaluationReport {
  size: number;
  priorityAccuracy: number;
  priorityMacroF1: number;
  priorityF1ByLabel: Map<Priority, number>;
  /** truth → predicted → count */
  priorityConfusion: Map<Priority, Map<Priority, number>>;
  priorityRecallByLabel: Map<Priority, number>;
  /** The same scores with urgent and high merged into one level. */
  threeLevel: { accuracy: number; macroF1: number; recallByLabel: Map<ThreeLevelPriority, number> };
  /** Expected calibration error of the returned priority confidence (0 when the engine gives none). */
  calibrationError: number;
  categoryAccuracy: number;
  categoryMacroF1: number;
  skillPrecision: number;
  skillRecall: number;
}

/** Scores a trained model on labelled examples it was not trained on. */
export function evaluateTriageModel(model: TriageModel, examples: readonly EvaluationExample[]): EvaluationReport {
  const results = examples.map((example) => model.classify(example));
  const truePriorities = examples.map((example) => example.priority);
  const predictedPriorities = results.map((result) => result.priority);
  const trueCategories = examples.map((example) => example.category);
  const predictedCategories = results.map((result) => result.category);
  const priorityF1 = macroF1(truePriorities, predictedPriorities);
  // Skills are scored only on tickets that have skill labels (the varied corpus and the hand-written set have none).
  const withSkills = examples.flatMap((example, i) => (example.skills.length > 0 ? [i] : []));
  const skills = setPrecisionRecall(
    withSkills.map((i) => examples[i]!.skills),
    withSkills.map((i) => results[i]!.relatedSkills),
  );
  const priorityConfusion = new Map<Priority, Map<Priority, number>>();
  truePriorities.forEach((actual, i) => {
    const row = priorityConfusion.get(actual) ?? new Map<Priority, number>();
    const guess = predictedPriorities[i] as Priority;
    row.set(guess, (row.get(guess) ?? 0) + 1);
    priorityConfusion.set(actual, row);
  });
  const threeTruth = truePriorities.map(toThreeLevels);
  const threePredicted = predictedPriorities.map(toThreeLevels);
  const confidences = results.flatMap((result, i) =>
    'confidence' in result && typeof result.confidence === 'number'
      ? [{ confidence: result.confidence, correct: result.priority === truePriorities[i] }]
      : [],
  );
  return {
    size: examples.length,
    priorityRecallByLabel: recallByLabel(truePriorities, predictedPriorities),
    threeLevel: {
      accuracy: accuracy(threeTruth, threePredicted),
      macroF1: macroF1(threeTruth, threePredicted).macro,
      recallByLabel: recallByLabel(threeTruth, threePredicted),
    },
    calibrationError: expectedCalibrationError(confidences),
    priorityAccuracy: accuracy(truePriorities, predictedPriorities),
    priorityMacroF1: priorityF1.macro,
    priorityF1ByLabel: priorityF1.perLabel,
    priorityConfusion,
    categoryAccuracy: accuracy<TriageCategory>(trueCategories, predictedCategories),
    categoryMacroF1: macroF1(trueCategories, predictedCategories).macro,
    skillPrecision: skills.precision,
    skillRecall: skills.recall,
  };
}

/**
 * k-fold cross-validation within `examples` (folds assigned round-robin after a
 * seeded shuffle). Used to choose model options from the training split alone.
 */
export function crossValidate(
  examples: readonly EvaluationExample[],
  options: TriageModelOptions,
  { folds = 5, seed = DEFAULT_SPLIT_SEED } = {},
): { priorityAccuracy: number; priorityMacroF1: number; categoryAccuracy: number } {
  const order = createSeededRandom(seed).shuffle(examples.map((_, index) => index));
  const foldOf = new Map(order.map((index, position) => [index, position % folds]));
  const totals = { priorityAccuracy: 0, priorityMacroF1: 0, categoryAccuracy: 0 };
  for (let fold = 0; fold < folds; fold++) {
    const train = examples.filter((_, index) => foldOf.get(index) !== fold);
    const test = examples.filter((_, index) => foldOf.get(index) === fold);
    const report = evaluateTriageModel(trainTriageModel(train, options), test);
    totals.priorityAccuracy += report.priorityAccuracy / folds;
    totals.priorityMacroF1 += report.priorityMacroF1 / folds;
    totals.categoryAccuracy += report.categoryAccuracy / folds;
  }
  return totals;
}
