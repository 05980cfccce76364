import type { TriageResult } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/authorize.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { Logger } from '../platform/logger.js';
import { loadTrainingCorpus } from './corpus/loadCorpus.js';
import { TriageCorrectionModel, type TriageCorrectionFields } from './correctionModel.js';
import { loadHeldOutTickets } from './evaluation/loadHeldOut.js';
import type { TriageExample } from './geminiPrompt.js';
import { classifyTicketLocally, shippedTriageModel } from './localEngine/classifyTicketLocally.js';
import { evaluateTriageModel } from './localEngine/evaluation.js';
import { trainTriageModel, type TicketText, type TriageModel } from './localEngine/trainTriageModel.js';
import { redactPersonalData } from './redactPersonalData.js';
import { TriageModelStateModel, type TriageModelStateFields } from './modelStateModel.js';

export interface TriageLearningDeps {
  lock: KeyedLock;
  logger: Logger;
  /** Retrain this long after the last correction, so a burst of them trains once. */
  retrainDebounceMs: number;
  /** How much one correction counts against one shipped example. */
  correctionWeight: number;
}

/** What admins see of the local model (`GET /api/triage/model`). */
export interface TriageModelInfo {
  version: number;
  trainedAt: string | null;
  corpusSize: number;
  correctionsUsed: number;
  /** Corrections made since the model was last trained; they count once it retrains. */
  correctionsPending: number;
  correctionWeight: number;
  evaluation: TriageModelStateFields['evaluation'];
}

const STATE_ID = 'local';
/** The most recent corrections a model learns from; older ones have had their say. */
const MAX_CORRECTIONS = 5_000;
/** How often a process looks for a model another process trained. */
const STATE_CHECK_MS = 2_000;
/** Corrections shown to Gemini as examples of how this team triages. */
const FEW_SHOT_EXAMPLES = 6;

/**
 * The local engine learning from the team. Every correction is a labelled example;
 * a debounced retrain fits the model on the shipped corpora plus the corrections,
 * weighted above shipped examples, and records in MongoDB which snapshot it used.
 * Every process (and every restart) rebuilds that same model from the same snapshot,
 * since training is deterministic, so all of them triage alike.
 */
export function createTriageLearning({ lock, logger, retrainDebounceMs, correctionWeight }: TriageLearningDeps) {
  let model: TriageModel | null = null;
  let version = 0;
  let lastCheck = 0;
  let syncing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let shippedEvaluation: TriageModelStateFields['evaluation'] | null = null;

  const current = () => model ?? shippedTriageModel();

  async function correctionsUpTo(upTo: Date): Promise<TriageCorrectionFields[]> {
    return TriageCorrectionModel.find({ updatedAt: { $lte: upTo } })
      .sort({ updatedAt: -1, _id: -1 })
      .limit(MAX_CORRECTIONS)
      .lean<TriageCorrectionFields[]>();
  }

  function train(corrections: readonly TriageCorrectionFields[], weight: number): TriageModel {
    // Oldest first, so the same snapshot always trains in the same order.
    const ordered = [...corrections].sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || String(a._id).localeCompare(String(b._id)));
    return trainTriageModel({
      extraExamples: ordered.map((c) => ({ title: c.title, description: c.description, priority: c.priority, category: c.category, weight })),
    });
  }

  function evaluate(trained: TriageModel): TriageModelStateFields['evaluation'] {
    const report = evaluateTriageModel(trained, loadHeldOutTickets());
    return {
      size: report.size,
      priorityAccuracy: report.priorityAccuracy,
      priorityMacroF1: report.priorityMacroF1,
      threeLevelMacroF1: report.threeLevel.macroF1,
      categoryAccuracy: report.categoryAccuracy,
    };
  }

  /** Adopts the model another process (or an earlier run of this one) recorded, rebuilding it from its snapshot. */
  async function adopt(state: TriageModelStateFields): Promise<void> {
    const corrections = await correctionsUpTo(state.correctionsUpTo);
    model = train(corrections, state.correctionWeight);
    version = state.version;
    logger.info({ version, corrections: corrections.length }, 'local triage model rebuilt from the recorded snapshot');
  }

  /** Brings this process up to the recorded model, looking at most every STATE_CHECK_MS. */
  async function sync(force = false): Promise<void> {
    if (!force && Date.now() - lastCheck < STATE_CHECK_MS) return;
    if (syncing) return syncing;
    syncing = (async () => {
      try {
        lastCheck = Date.now();
        const state = await TriageModelStateModel.findById(STATE_ID).lean<TriageModelStateFields>();
        if (state && state.version > version) await adopt(state);
      } catch (err) {
        logger.warn({ err }, 'could not check for a newer triage model; keeping the current one');
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  }

  /** Trains on everything corrected so far and records the snapshot for every process. */
  async function retrain(): Promise<TriageModelStateFields> {
    return lock.run('triage-model-train', async () => {
      const upTo = new Date();
      const corrections = await correctionsUpTo(upTo);
      const started = performance.now();
      const trained = train(corrections, correctionWeight);
      const evaluation = evaluate(trained);
      const previous = await TriageModelStateModel.findById(STATE_ID).select('version').lean();
      const state: TriageModelStateFields = {
        _id: STATE_ID,
        version: (previous?.version ?? 0) + 1,
        trainedAt: new Date(),
        correctionsUpTo: upTo,
        correctionsUsed: corrections.length,
        corpusSize: loadTrainingCorpus().length,
        correctionWeight,
        evaluation,
      };
      await TriageModelStateModel.replaceOne({ _id: STATE_ID }, state, { upsert: true });
      model = trained;
      version = state.version;
      lastCheck = Date.now();
      logger.info(
        { version: state.version, corrections: corrections.length, ms: Math.round(performance.now() - started), macroF1: evaluation.priorityMacroF1 },
        'local triage model retrained with the team’s corrections',
      );
      return state;
    });
  }

  return {
    /** Local triage with the newest model any process has trained. */
    async classify(ticket: TicketText): Promise<TriageResult> {
      await sync();
      return classifyTicketLocally(ticket, current());
    },

    /** Local triage with the model this process has now, without looking for a newer one. */
    classifyNow(ticket: TicketText): TriageResult {
      return classifyTicketLocally(ticket, current());
    },

    /** A correction arrived: retrain once the burst it belongs to is over. */
    scheduleRetrain(): void {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        retrain().catch((err: unknown) => logger.error({ err }, 'retraining the local triage model failed'));
      }, retrainDebounceMs);
      timer.unref();
    },

    retrain,

    /** An admin asks for the model to learn from the corrections now rather than after the debounce. */
    async retrainNow(actor: Actor): Promise<void> {
      authorize(actor, 'workspace.viewStats', null);
      await retrain();
    },

    /** Adopts the recorded model at start, so a restart triages as it did before. */
    start: () => sync(true),

    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },

    /** The team's latest corrections, redacted, as examples for a hosted model's prompt. */
    async recentExamples(): Promise<TriageExample[]> {
      const latest = await TriageCorrectionModel.find({}).sort({ updatedAt: -1, _id: -1 }).limit(FEW_SHOT_EXAMPLES).lean<TriageCorrectionFields[]>();
      return latest.map((c) => ({
        title: redactPersonalData(c.title).text,
        description: redactPersonalData(c.description).text,
        priority: c.priority,
        category: c.category,
      }));
    },

    /** What the model has learned, for admins. */
    async info(actor: Actor): Promise<TriageModelInfo> {
      authorize(actor, 'workspace.viewStats', null);
      await sync(true);
      const state = await TriageModelStateModel.findById(STATE_ID).lean<TriageModelStateFields>();
      const since = state?.correctionsUpTo ?? new Date(0);
      const pending = await TriageCorrectionModel.countDocuments({ updatedAt: { $gt: since } });
      if (state) {
        return {
          version: state.version,
          trainedAt: state.trainedAt.toISOString(),
          corpusSize: state.corpusSize,
          correctionsUsed: state.correctionsUsed,
          correctionsPending: pending,
          correctionWeight: state.correctionWeight,
          evaluation: state.evaluation,
        };
      }
      shippedEvaluation ??= evaluate(shippedTriageModel());
      return {
        version: 0,
        trainedAt: null,
        corpusSize: loadTrainingCorpus().length,
        correctionsUsed: 0,
        correctionsPending: pending,
        correctionWeight,
        evaluation: shippedEvaluation,
      };
    },
  };
}

export type TriageLearning = ReturnType<typeof createTriageLearning>;
