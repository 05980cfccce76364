import type { Priority, TriageCategory, TriageResult } from '@relaydesk/shared';
import { loadTrainingCorpus } from '../corpus/loadCorpus.js';
import { REDACTION_PLACEHOLDER_PATTERN, redactPersonalData } from '../redactPersonalData.js';
import { fitTemperature, type ScoredExample } from './calibration.js';
import { fitTfidfVectorizer, ticketTerms, type FeatureVector, type TfidfVectorizer } from './features.js';
import { buildHelpfulNotes } from './helpfulNotes.js';
import { impactFeatures } from './impactCues.js';
import { CATEGORY_LABELS, maxPriority, PRIORITY_LEVELS } from './labels.js';
import { softmax, trainLogisticRegression, type LogisticRegressionModel } from './logisticRegression.js';
import { detectSkills } from './skillLexicon.js';
import { summarizeTicket } from './summarize.js';
import { applyUrgencyFloor, assessUrgency } from './urgencyRules.js';

/** What the engine reads from a ticket. */
export interface TicketText {
  title: string;
  description: string;
}

/** A ticket with the triage labels a person gave it. */
export interface TriageTrainingExample extends TicketText {
  priority: Priority;
  category: TriageCategory;
  /** How much the example counts in training (default 1). */
  weight?: number;
}

/** The local engine's triage: the shared result plus how sure it is of the priority. */
export interface LocalTriageResult extends TriageResult {
  /**
   * Calibrated probability (0..1) of the returned priority; when an urgency rule
   * raised the priority, the probability that the ticket is at least that pressing.
   */
  confidence: number;
}

export interface TriageModel {
  /** Triage one ticket; deterministic for a given model and input. */
  classify(ticket: TicketText): LocalTriageResult;
  /** Calibrated probability of each priority, before the urgency rules; for evaluation. */
  priorityProbabilities(ticket: TicketText): Map<Priority, number>;
  /** Temperature fitted on the calibration fold (1 when there was none). */
  readonly temperature: number;
}

export interface TriageModelOptions {
  /** L2 penalty on word features; larger keeps the model from memorising phrasings. */
  wordPenalty?: number;
  /** L2 penalty on impact-cue features. */
  cuePenalty?: number;
  /** Passes of gradient descent. */
  epochs?: number;
  /** Minimum document frequency for a term to enter the vocabulary. */
  minDocumentFrequency?: number;
  /** Fit the probability temperature on every fifth example before the final fit (default true). */
  calibrate?: boolean;
}

export interface TriageTrainingOptions extends TriageModelOptions {
  /** Labelled tickets to train on; the shipped corpora when omitted. */
  examples?: readonly TriageTrainingExample[];
  /**
   * More labelled tickets, e.g. a team's corrections of past triage, usually with a
   * `weight` above 1 so they count more than shipped examples.
   */
  extraExamples?: readonly TriageTrainingExample[];
}

/*
 * Checked by 5-fold cross-validation on the generated training split (`npm run
 * eval:triage -- --tune`), never on the hand-written evaluation set: word penalties
 * 3e-4 to 3e-3 and cue penalties 1e-5 to 1e-3 all score within half a point, since a
 * few SGD passes already regularise. Generated data cannot tell which features carry
 * to other domains, so cues keep the lighter penalty by design: they are what should
 * transfer, while product vocabulary should not dominate.
 */
const DEFAULT_OPTIONS: Required<TriageModelOptions> = {
  wordPenalty: 1e-3,
  cuePenalty: 1e-4,
  epochs: 6,
  minDocumentFrequency: 2,
  calibrate: true,
};

/** Longer input adds nothing to the triage and only costs time. */
const MAX_TITLE_CHARS = 500;
const MAX_DESCRIPTION_CHARS = 20_000;
const MAX_SKILLS = 5;
/** Below this probability "urgent" is not returned without a strong impact cue. */
const URGENT_WITHOUT_EVIDENCE = 0.8;
const STRONG_EVIDENCE = ['combo:wide-and-hit', 'combo:wide-outage', 'combo:production-hit', 'combo:incident-wide', 'combo:hit-and-safety'];

/** Placeholders from redaction are not words the requester wrote. */
function withoutPlaceholders(text: string): string {
  return text.replace(REDACTION_PLACEHOLDER_PATTERN, ' ');
}

function clip(ticket: TicketText): TicketText {
  return {
    title: String(ticket.title ?? '').slice(0, MAX_TITLE_CHARS),
    description: String(ticket.description ?? '').slice(0, MAX_DESCRIPTION_CHARS),
  };
}

interface Encoded {
  words: FeatureVector;
  cues: Map<string, number>;
}

function encode(vectorizer: TfidfVectorizer | null, ticket: TicketText): Encoded {
  const title = withoutPlaceholders(ticket.title);
  const description = withoutPlaceholders(ticket.description);
  return {
    words: vectorizer ? vectorizer.transform(ticketTerms(title, description)) : new Map(),
    cues: impactFeatures(title, description),
  };
}

const merge = ({ words, cues }: Encoded): FeatureVector => new Map([...words, ...cues]);

interface TrainedParts {
  vectorizer: TfidfVectorizer;
  priority: LogisticRegressionModel<Priority>;
  category: LogisticRegressionModel<TriageCategory>;
  temperature: number;
}

interface EncodedExample {
  example: TriageTrainingExample;
  features: FeatureVector;
}

/** Vocabulary and features of every example, computed once for the calibration fit and the final fit. */
function encodeAll(
  examples: readonly TriageTrainingExample[],
  minDocumentFrequency: number,
): { vectorizer: TfidfVectorizer; encoded: EncodedExample[] } {
  const documents = examples.map(({ title, description }) => ticketTerms(withoutPlaceholders(title), withoutPlaceholders(description)));
  const vectorizer = fitTfidfVectorizer(documents, { minDocumentFrequency });
  const encoded = examples.map((example, i) => ({
    example,
    features: merge({
      words: vectorizer.transform(documents[i] ?? []),
      cues: impactFeatures(withoutPlaceholders(example.title), withoutPlaceholders(example.description)),
    }),
  }));
  return { vectorizer, encoded };
}

function fitPriority(encoded: readonly EncodedExample[], options: Required<TriageModelOptions>): LogisticRegressionModel<Priority> {
  const l2 = (feature: string) => (feature.includes(':') ? options.cuePenalty : options.wordPenalty);
  return trainLogisticRegression(
    encoded.map(({ example, features }) => ({ features, label: example.priority, weight: example.weight ?? 1 })),
    { labels: PRIORITY_LEVELS, l2, epochs: options.epochs },
  );
}

function fitCategory(encoded: readonly EncodedExample[], options: Required<TriageModelOptions>): LogisticRegressionModel<TriageCategory> {
  return trainLogisticRegression(
    encoded.map(({ example, features }) => ({ features, label: example.category, weight: example.weight ?? 1 })),
    { labels: CATEGORY_LABELS, l2: options.wordPenalty, epochs: options.epochs, balanceClasses: false },
  );
}

/**
 * Trains the local triage engine: TF-IDF word features plus impact cues (scope,
 * blockage, time pressure, harm, questions, workarounds) feeding one logistic
 * regression for priority and one for category, with the priority probabilities
 * calibrated by temperature scaling on a held-back fifth of the examples. Skills,
 * the summary and the notes come from the lexicon and rules. Deterministic.
 *
 * Called with an array, trains on exactly those examples; called with options,
 * trains on the shipped corpora plus any `extraExamples`.
 */
export function trainTriageModel(examples: readonly TriageTrainingExample[], options?: TriageModelOptions): TriageModel;
export function trainTriageModel(options?: TriageTrainingOptions): TriageModel;
export function trainTriageModel(
  first: readonly TriageTrainingExample[] | TriageTrainingOptions = {},
  second: TriageModelOptions = {},
): TriageModel {
  const training: TriageTrainingOptions = Array.isArray(first) ? { ...second, examples: first } : (first as TriageTrainingOptions);
  const options = { ...DEFAULT_OPTIONS, ...definedOnly(training) };
  const examples = [...(training.examples ?? loadTrainingCorpus()), ...(training.extraExamples ?? [])];
  if (examples.length === 0) throw new Error('no training examples');

  const { vectorizer, encoded } = encodeAll(examples, options.minDocumentFrequency);
  let temperature = 1;
  if (options.calibrate && examples.length >= 50) {
    // Calibrated on every fifth example, with a model trained on the other four fifths.
    const partial = fitPriority(
      encoded.filter((_, i) => i % 5 !== 4),
      options,
    );
    const scored: ScoredExample[] = encoded
      .filter((_, i) => i % 5 === 4)
      .map(({ example, features }) => ({ scores: partial.scores(features), target: PRIORITY_LEVELS.indexOf(example.priority) }));
    temperature = fitTemperature(scored);
  }
  return createTriageModel({
    vectorizer,
    priority: fitPriority(encoded, options),
    category: fitCategory(encoded, options),
    temperature,
  });
}

function definedOnly(options: TriageTrainingOptions): Partial<TriageModelOptions> {
  const out: Partial<Record<keyof TriageModelOptions, unknown>> = {};
  for (const key of Object.keys(DEFAULT_OPTIONS) as (keyof TriageModelOptions)[]) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out as Partial<TriageModelOptions>;
}

/** Used when there is nothing to train on: rules and lexicon only. */
const RULES_ONLY_PRIORITY: Priority = 'medium';
const RULES_ONLY_CATEGORY: TriageCategory = 'other';

/**
 * A model that needs no training data: priority comes from the urgency rules alone
 * (medium when none fire) and category is "other". It keeps triage working, with
 * lower quality, if the corpus cannot be read.
 */
export function createRulesOnlyTriageModel(): TriageModel {
  return createTriageModel(null);
}

function argmax<L extends string>(probabilities: Map<L, number>, fallback: L): L {
  let best = fallback;
  let bestP = -1;
  for (const [label, p] of probabilities) {
    if (p > bestP) {
      best = label;
      bestP = p;
    }
  }
  return best;
}

function createTriageModel(trained: TrainedParts | null): TriageModel {
  const idf = trained?.vectorizer.idf ?? new Map<string, number>();
  // Words the corpus never saw get the weight of the rarest known word: they are likely specific.
  let maxIdf = 1;
  for (const weight of idf.values()) maxIdf = Math.max(maxIdf, weight);
  const termWeight = (token: string) => idf.get(token) ?? maxIdf;
  const temperature = trained?.temperature ?? 1;

  const priorityProbabilities = (encoded: Encoded): Map<Priority, number> => {
    if (!trained) return new Map(PRIORITY_LEVELS.map((p) => [p, p === RULES_ONLY_PRIORITY ? 1 : 0]));
    const p = softmax(trained.priority.scores(merge(encoded)), temperature);
    return new Map(PRIORITY_LEVELS.map((label, i) => [label, p[i] as number]));
  };

  return {
    temperature,
    priorityProbabilities(ticket) {
      return priorityProbabilities(encode(trained?.vectorizer ?? null, clip(ticket)));
    },
    classify(ticket) {
      const { title, description } = clip(ticket);
      const plainTitle = withoutPlaceholders(title);
      const plainDescription = withoutPlaceholders(description);
      const encoded = encode(trained?.vectorizer ?? null, { title, description });
      const probabilities = priorityProbabilities(encoded);

      let predicted = argmax(probabilities, RULES_ONLY_PRIORITY);
      // "Urgent" pages people: without a strong impact cue, the model must be very sure.
      const strongEvidence = STRONG_EVIDENCE.some((feature) => encoded.cues.has(feature));
      if (predicted === 'urgent' && !strongEvidence && (probabilities.get('urgent') ?? 0) < URGENT_WITHOUT_EVIDENCE) predicted = 'high';

      const category = trained
        ? argmax(trained.category.probabilities(merge(encoded)), RULES_ONLY_CATEGORY)
        : RULES_ONLY_CATEGORY;
      const urgency = assessUrgency(`${plainTitle}\n${plainDescription}`);
      // A question about breaches or outages (a policy, a questionnaire) is not one.
      // A rule's floor needs the cues to agree that something is actually wrong: a
      // question about breaches or outages (a policy, a questionnaire) is not one.
      const corroborated = ['cue:blocked', 'cue:outage', 'cue:work-stopped', 'cue:security-incident', 'cue:data-loss'].some((cue) =>
        encoded.cues.has(cue),
      );
      const onlyAsking =
        encoded.cues.has('combo:asking-only') || encoded.cues.has('combo:security-question') || (trained !== null && !corroborated);
      // A rule alone makes a ticket urgent only when many are hit; otherwise its floor is high.
      const floor =
        urgency.minimumPriority === 'urgent' && trained !== null && !strongEvidence && !urgency.widespread
          ? { ...urgency, minimumPriority: 'high' as const }
          : urgency;
      const priority = onlyAsking ? predicted : applyUrgencyFloor(predicted, floor);
      // When a rule raised the priority, the model's belief that the ticket is at least that pressing.
      const atOrAbove = PRIORITY_LEVELS.slice(PRIORITY_LEVELS.indexOf(priority)).reduce(
        (sum, level) => sum + (probabilities.get(level) ?? 0),
        0,
      );
      const confidence = trained
        ? Math.round((priority === predicted ? (probabilities.get(priority) ?? 0) : atOrAbove) * 1000) / 1000
        : urgency.minimumPriority === null ? 0.4 : 0.6;
      const relatedSkills = detectSkills(`${plainTitle}\n${plainDescription}`, { max: MAX_SKILLS });

      // The summary quotes the requester, so it must not carry their personal data.
      const redactedTitle = redactPersonalData(title);
      const redactedDescription = redactPersonalData(description);
      const summary = summarizeTicket(redactedTitle.text, redactedDescription.text, termWeight);
      const redactions: Record<string, number> = { ...redactedTitle.redactions };
      for (const [kind, count] of Object.entries(redactedDescription.redactions)) {
        redactions[kind] = (redactions[kind] ?? 0) + count;
      }
      const firedRules = onlyAsking ? [] : urgency.fired;
      const helpfulNotes = buildHelpfulNotes({ category, skills: relatedSkills, firedRules, redactions });
      return { summary, priority: maxPriority(priority, 'low'), relatedSkills, helpfulNotes, category, confidence };
    },
  };
}
