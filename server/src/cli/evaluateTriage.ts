/**
 * Measures the local triage engine:
 *
 *   npm run eval:triage [-- --tune]
 *
 * 1. On the hand-written evaluation set (server/src/triage/evaluation/heldOutTickets.jsonl):
 *    tickets written separately from the corpus generators, in other styles and
 *    domains, labelled by the rubric in that folder's README. The engine is trained
 *    on the full shipped corpora, which never contain these tickets. This is the
 *    figure that says something about real tickets.
 * 2. On a held-out 20% split of the generated corpora (stratified, fixed seed),
 *    training on the other 80%. Generated text resembles its own training data, so
 *    this figure is an upper bound and a regression check, not a quality claim.
 *
 * `--tune` also prints 5-fold cross-validation scores of a few option settings,
 * computed on the training corpora only, which is how the defaults were chosen.
 */
import { pathToFileURL } from 'node:url';
import { loadCorpus, loadTrainingCorpus } from '../triage/corpus/loadCorpus.js';
import { loadHeldOutTickets } from '../triage/evaluation/loadHeldOut.js';
import { crossValidate, evaluateTriageModel, splitTrainTest, type EvaluationReport } from '../triage/localEngine/evaluation.js';
import { PRIORITY_LEVELS } from '../triage/localEngine/labels.js';
import { tokenize } from '../triage/localEngine/tokenizer.js';
import { trainTriageModel, type TicketText } from '../triage/localEngine/trainTriageModel.js';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function printReport(report: EvaluationReport, { skills = true } = {}): void {
  console.log(`  priority accuracy:       ${percent(report.priorityAccuracy)}`);
  console.log(`  priority macro-F1:       ${percent(report.priorityMacroF1)}`);
  console.log(
    `  priority recall:         ${PRIORITY_LEVELS.map((p) => `${p} ${percent(report.priorityRecallByLabel.get(p) ?? 0)}`).join(', ')}`,
  );
  console.log(
    `  priority F1 per label:   ${PRIORITY_LEVELS.map((p) => `${p} ${percent(report.priorityF1ByLabel.get(p) ?? 0)}`).join(', ')}`,
  );
  const three = report.threeLevel;
  console.log(
    `  3 levels (urgent=high):  accuracy ${percent(three.accuracy)}, macro-F1 ${percent(three.macroF1)}, recall ` +
      (['low', 'medium', 'high'] as const).map((p) => `${p} ${percent(three.recallByLabel.get(p) ?? 0)}`).join(', '),
  );
  console.log(`  confidence calibration:  expected calibration error ${percent(report.calibrationError)}`);
  console.log(`  category accuracy:       ${percent(report.categoryAccuracy)} (macro-F1 ${percent(report.categoryMacroF1)})`);
  if (skills) console.log(`  skill precision/recall:  ${percent(report.skillPrecision)} / ${percent(report.skillRecall)}`);
  console.log('  priority confusion (rows = labelled, columns = predicted):');
  console.log(`    ${''.padEnd(8)}${PRIORITY_LEVELS.map((p) => p.padStart(8)).join('')}`);
  for (const actual of PRIORITY_LEVELS) {
    const row = report.priorityConfusion.get(actual);
    console.log(`    ${actual.padEnd(8)}${PRIORITY_LEVELS.map((p) => String(row?.get(p) ?? 0).padStart(8)).join('')}`);
  }
}

/**
 * Share of the evaluation tickets' word occurrences that are in a training
 * vocabulary (stemmed words seen in at least two training tickets, as the model keeps).
 */
export function vocabularyCoverage(training: readonly TicketText[], tickets: readonly TicketText[]): number {
  const documentFrequency = new Map<string, number>();
  for (const ticket of training) {
    for (const token of new Set(tokenize(`${ticket.title}\n${ticket.description}`))) {
      documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
    }
  }
  const tokens = tickets.flatMap((ticket) => tokenize(`${ticket.title}\n${ticket.description}`));
  if (tokens.length === 0) return 0;
  return tokens.filter((token) => (documentFrequency.get(token) ?? 0) >= 2).length / tokens.length;
}

export interface EvaluationRun {
  heldOut: EvaluationReport;
  generatedSplit: EvaluationReport;
}

/** Prints both evaluations; returns the reports for callers. */
export function runEvaluation({ tune = false } = {}): EvaluationRun {
  const corpus = loadTrainingCorpus();
  const heldOutTickets = loadHeldOutTickets();

  const started = performance.now();
  const model = trainTriageModel(corpus);
  const trainingMs = performance.now() - started;
  const heldOut = evaluateTriageModel(model, heldOutTickets);
  console.log(
    `Hand-written evaluation set: ${heldOutTickets.length} tickets, never trained on ` +
      `(trained on all ${corpus.length} corpus tickets in ${trainingMs.toFixed(0)} ms, temperature ${model.temperature})`,
  );
  console.log(
    `  word coverage:           ${percent(vocabularyCoverage(corpus, heldOutTickets))} of its words are in the training vocabulary ` +
      `(${percent(vocabularyCoverage(loadCorpus(), heldOutTickets))} with the product corpus alone)`,
  );
  printReport(heldOut, { skills: false });

  const { train, test } = splitTrainTest(corpus);
  console.log(`\nGenerated corpus split: train ${train.length}, test ${test.length} (same generators, so an optimistic figure)`);
  if (tune) {
    console.log('  5-fold cross-validation on the training split:');
    for (const wordPenalty of [3e-4, 1e-3, 3e-3]) {
      for (const cuePenalty of [1e-5, 1e-4, 1e-3]) {
        const cv = crossValidate(train, { wordPenalty, cuePenalty });
        console.log(
          `    word L2 ${String(wordPenalty).padEnd(6)} cue L2 ${String(cuePenalty).padEnd(6)}: priority acc ${percent(cv.priorityAccuracy)}, ` +
            `macro-F1 ${percent(cv.priorityMacroF1)}, category acc ${percent(cv.categoryAccuracy)}`,
        );
      }
    }
  }
  const generatedSplit = evaluateTriageModel(trainTriageModel(train), test);
  printReport(generatedSplit);
  return { heldOut, generatedSplit };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runEvaluation({ tune: process.argv.includes('--tune') });
}
