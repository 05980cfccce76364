/**
 * Measures the local triage engine on held-out tickets:
 *
 *   npm run eval:triage [-- --tune]
 *
 * Splits the shipped corpus 80/20 (stratified, fixed seed), trains on the 80% only
 * and reports on the 20%. `--tune` also prints 5-fold cross-validation scores of a
 * few option settings, computed inside the training split, which is how the model's
 * defaults were chosen.
 */
import { pathToFileURL } from 'node:url';
import { loadCorpus } from '../triage/corpus/loadCorpus.js';
import { crossValidate, evaluateTriageModel, splitTrainTest, type EvaluationReport } from '../triage/localEngine/evaluation.js';
import { PRIORITY_LEVELS } from '../triage/localEngine/labels.js';
import { trainTriageModel } from '../triage/localEngine/trainTriageModel.js';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function printReport(report: EvaluationReport): void {
  console.log(`priority accuracy:       ${percent(report.priorityAccuracy)}`);
  console.log(`priority macro-F1:       ${percent(report.priorityMacroF1)}`);
  console.log(
    `priority F1 per label:   ${PRIORITY_LEVELS.map((p) => `${p} ${percent(report.priorityF1ByLabel.get(p) ?? 0)}`).join(', ')}`,
  );
  console.log(`category accuracy:       ${percent(report.categoryAccuracy)}`);
  console.log(`category macro-F1:       ${percent(report.categoryMacroF1)}`);
  console.log(`skill precision:         ${percent(report.skillPrecision)}`);
  console.log(`skill recall:            ${percent(report.skillRecall)}`);
  console.log('priority confusion (rows = labelled, columns = predicted):');
  console.log(`  ${''.padEnd(8)}${PRIORITY_LEVELS.map((p) => p.padStart(8)).join('')}`);
  for (const actual of PRIORITY_LEVELS) {
    const row = report.priorityConfusion.get(actual);
    console.log(`  ${actual.padEnd(8)}${PRIORITY_LEVELS.map((p) => String(row?.get(p) ?? 0).padStart(8)).join('')}`);
  }
}

/** Trains on the training split and prints held-out metrics; returns the report for callers. */
export function runEvaluation({ tune = false } = {}): EvaluationReport {
  const corpus = loadCorpus();
  const { train, test } = splitTrainTest(corpus);
  console.log(`corpus: ${corpus.length} tickets; train ${train.length}, held-out test ${test.length}`);

  if (tune) {
    console.log('5-fold cross-validation on the training split:');
    for (const smoothing of [0.03, 0.1, 0.3, 1]) {
      for (const minDocumentFrequency of [1, 2, 3]) {
        const cv = crossValidate(train, { smoothing, minDocumentFrequency });
        console.log(
          `  smoothing ${String(smoothing).padEnd(5)} minDF ${minDocumentFrequency}: priority acc ${percent(cv.priorityAccuracy)}, ` +
            `macro-F1 ${percent(cv.priorityMacroF1)}, category acc ${percent(cv.categoryAccuracy)}`,
        );
      }
    }
  }

  const started = performance.now();
  const model = trainTriageModel(train);
  const trainingMs = performance.now() - started;
  const report = evaluateTriageModel(model, test);
  console.log(`training time: ${trainingMs.toFixed(0)} ms`);
  printReport(report);
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runEvaluation({ tune: process.argv.includes('--tune') });
}
