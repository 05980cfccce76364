import { describe, expect, it } from 'vitest';
import { loadTrainingCorpus } from '../corpus/loadCorpus.js';
import { evaluateTriageModel } from '../localEngine/evaluation.js';
import { trainTriageModel } from '../localEngine/trainTriageModel.js';
import { loadHeldOutTickets } from './loadHeldOut.js';

describe('hand-written evaluation set', () => {
  const tickets = loadHeldOutTickets();

  it('covers every priority and is kept apart from the training corpora', () => {
    expect(tickets.length).toBeGreaterThanOrEqual(150);
    for (const priority of ['low', 'medium', 'high', 'urgent'] as const) {
      expect(tickets.filter((t) => t.priority === priority).length, priority).toBeGreaterThanOrEqual(20);
    }
    const training = new Set(loadTrainingCorpus().map((t) => `${t.title}\n${t.description}`.toLowerCase()));
    const titles = new Set(loadTrainingCorpus().map((t) => t.title.toLowerCase()));
    expect(tickets.filter((t) => training.has(`${t.title}\n${t.description}`.toLowerCase()))).toEqual([]);
    expect(tickets.filter((t) => titles.has(t.title.toLowerCase())).length).toBeLessThan(5);
  });

  /*
   * Measured when the engine was built: accuracy 75.0%, macro-F1 74.6% (three levels,
   * urgent counted as high: 81.8% / 81.4%); retraining on other seeds of the varied
   * corpus moved macro-F1 between 73% and 78%. The floors sit four to six points
   * below, so such noise passes and a real regression fails. The naive Bayes engine
   * this replaced scored 58.0% / 58.2% here.
   */
  it('stays above the measured quality floor', () => {
    const report = evaluateTriageModel(trainTriageModel(), tickets);
    expect(report.priorityMacroF1).toBeGreaterThan(0.7);
    expect(report.priorityAccuracy).toBeGreaterThan(0.7);
    expect(report.threeLevel.macroF1).toBeGreaterThan(0.75);
    for (const priority of ['low', 'medium', 'high', 'urgent'] as const) {
      expect(report.priorityRecallByLabel.get(priority), priority).toBeGreaterThan(0.5);
    }
    expect(report.categoryAccuracy).toBeGreaterThan(0.6);
  });
});
