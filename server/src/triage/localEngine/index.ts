/** The offline triage engine: used when no hosted model is configured or it fails. */
export { classifyTicketLocally, shippedTriageModel, warmUpLocalTriageModel, type LocalTriageModelInfo } from './classifyTicketLocally.js';
export {
  createRulesOnlyTriageModel,
  trainTriageModel,
  type TicketText,
  type TriageModel,
  type LocalTriageResult,
  type TriageModelOptions,
  type TriageTrainingOptions,
  type TriageTrainingExample,
} from './trainTriageModel.js';
export { detectSkills, SKILL_LEXICON } from './skillLexicon.js';
export { assessUrgency, URGENCY_RULES, type UrgencyAssessment } from './urgencyRules.js';
export { evaluateTriageModel, splitTrainTest, type EvaluationReport } from './evaluation.js';
