import { triageResultSchema, type TriageResult } from '@relaydesk/shared';
import { loadTrainingCorpus } from '../corpus/loadCorpus.js';
import { cleanLine, truncateAtWord, SUMMARY_MAX_LENGTH } from './summarize.js';
import {
  createRulesOnlyTriageModel,
  trainTriageModel,
  type TicketText,
  type TriageModel,
} from './trainTriageModel.js';

/** Where the in-process model came from, for health checks and logs. */
export interface LocalTriageModelInfo {
  source: 'corpus' | 'rules-only';
  trainingExamples: number;
  trainingMs: number;
  /** Why training from the corpus failed, when it did. */
  error?: string;
}

let cached: { model: TriageModel; info: LocalTriageModelInfo } | undefined;

/*
 * The model is trained from the shipped corpus on first use and kept in memory for
 * the life of the process. Training takes about a second of CPU on ~4k tickets, so
 * there is no build step and no model file to go stale; the corpora are the single
 * source of truth. If the corpus cannot be read,
 * the rules-only model is used so triage never fails.
 */
function loadModel(): { model: TriageModel; info: LocalTriageModelInfo } {
  if (cached) return cached;
  const started = performance.now();
  try {
    const corpus = loadTrainingCorpus();
    const model = trainTriageModel(corpus);
    cached = {
      model,
      info: { source: 'corpus', trainingExamples: corpus.length, trainingMs: performance.now() - started },
    };
  } catch (error) {
    cached = {
      model: createRulesOnlyTriageModel(),
      info: {
        source: 'rules-only',
        trainingExamples: 0,
        trainingMs: performance.now() - started,
        error: error instanceof Error ? error.message : String(error),
      },
    };
  }
  return cached;
}

/** Trains the local model now (rather than on the first ticket) and says how it went. */
export function warmUpLocalTriageModel(): LocalTriageModelInfo {
  return loadModel().info;
}

/** The model trained on the shipped corpora alone, shared by everything in the process. */
export function shippedTriageModel(): TriageModel {
  return loadModel().model;
}

/** Builds a minimal valid result from the title alone; the last resort if classification throws. */
function minimalTriage(input: Partial<TicketText>): TriageResult {
  const title = truncateAtWord(cleanLine(typeof input.title === 'string' ? input.title : ''), SUMMARY_MAX_LENGTH);
  const fallback: TriageResult = {
    summary: title.length > 0 ? title : 'Ticket could not be summarised',
    priority: 'medium',
    relatedSkills: [],
    helpfulNotes: 'Automatic triage could not read this ticket; please triage it by hand.',
    category: 'other',
  };
  const parsed = triageResultSchema.safeParse(fallback);
  return parsed.success ? parsed.data : { ...fallback, summary: 'Ticket could not be summarised' };
}

/**
 * Triage a ticket in-process, with no network: summary, priority, category, related
 * skills, notes for the moderator and `confidence`, the calibrated probability of the
 * priority. Always returns a result that passes `triageResultSchema`, whatever the input.
 */
export function classifyTicketLocally(input: TicketText, model: TriageModel = loadModel().model): TriageResult {
  try {
    const parsed = triageResultSchema.safeParse(model.classify(input));
    if (parsed.success) return parsed.data;
  } catch {
    // Fall through: a ticket must always get some triage.
  }
  return minimalTriage(input);
}
