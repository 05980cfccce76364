import type { Priority, TriageCategory, TriageResult } from '@relaydesk/shared';
import { REDACTION_PLACEHOLDER_PATTERN, redactPersonalData } from '../redactPersonalData.js';
import { fitTfidfVectorizer, ticketTerms, type TfidfVectorizer } from './features.js';
import { buildHelpfulNotes } from './helpfulNotes.js';
import { CATEGORY_LABELS, PRIORITY_LEVELS } from './labels.js';
import { trainNaiveBayes, type NaiveBayesClassifier } from './naiveBayes.js';
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
}

export interface TriageModel {
  /** Triage one ticket; deterministic for a given model and input. */
  classify(ticket: TicketText): TriageResult;
}

export interface TriageModelOptions {
  /** Naive Bayes smoothing for both classifiers. */
  smoothing?: number;
  /** Minimum document frequency for a term to enter the vocabulary. */
  minDocumentFrequency?: number;
}

/*
 * Checked by 5-fold cross-validation inside the training split only (`evaluateLocalEngine
 * --tune`, never the held-out split): smoothing 0.03–0.3 with a minimum document
 * frequency of 1–3 all score within about a point of each other, while smoothing 1
 * costs several points of category accuracy. A minimum frequency of 2 keeps one-off
 * typos and ids out of the vocabulary.
 */
const DEFAULT_OPTIONS: Required<TriageModelOptions> = { smoothing: 0.1, minDocumentFrequency: 2 };

/** Longer input adds nothing to the triage and only costs time. */
const MAX_TITLE_CHARS = 500;
const MAX_DESCRIPTION_CHARS = 20_000;
const MAX_SKILLS = 5;

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

/**
 * Trains the local triage engine on labelled tickets: TF-IDF features feeding one
 * naive Bayes classifier for priority and one for category. Skills, urgency floors,
 * the summary and the notes come from rules and the lexicon, not from training.
 * Training is deterministic: the same examples always give the same model.
 */
export function trainTriageModel(
  examples: readonly TriageTrainingExample[],
  options: TriageModelOptions = {},
): TriageModel {
  const { smoothing, minDocumentFrequency } = { ...DEFAULT_OPTIONS, ...options };
  const documents = examples.map(({ title, description }) =>
    ticketTerms(withoutPlaceholders(title), withoutPlaceholders(description)),
  );
  const vectorizer = fitTfidfVectorizer(documents, { minDocumentFrequency });
  const vectorized = examples.map((example, i) => ({ example, features: vectorizer.transform(documents[i] ?? []) }));

  const priorityClassifier = trainNaiveBayes(
    vectorized.map(({ example, features }) => ({ features, label: example.priority })),
    // Equal priors: "urgent" is rare in the corpus but must not be predicted away.
    { labels: PRIORITY_LEVELS, smoothing, learnPriors: false },
  );
  const categoryClassifier = trainNaiveBayes(
    vectorized.map(({ example, features }) => ({ features, label: example.category })),
    { labels: CATEGORY_LABELS, smoothing, learnPriors: true },
  );
  return createTriageModel({ vectorizer, priorityClassifier, categoryClassifier });
}

interface TrainedParts {
  vectorizer: TfidfVectorizer;
  priorityClassifier: NaiveBayesClassifier<Priority>;
  categoryClassifier: NaiveBayesClassifier<TriageCategory>;
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

function createTriageModel(trained: TrainedParts | null): TriageModel {
  const idf = trained?.vectorizer.idf ?? new Map<string, number>();
  // Words the corpus never saw get the weight of the rarest known word: they are likely specific.
  let maxIdf = 1;
  for (const weight of idf.values()) maxIdf = Math.max(maxIdf, weight);
  const termWeight = (token: string) => idf.get(token) ?? maxIdf;

  return {
    classify(ticket) {
      const { title, description } = clip(ticket);
      const plainTitle = withoutPlaceholders(title);
      const plainDescription = withoutPlaceholders(description);
      const fullText = `${plainTitle}\n${plainDescription}`;

      let predictedPriority = RULES_ONLY_PRIORITY;
      let category = RULES_ONLY_CATEGORY;
      if (trained) {
        const features = trained.vectorizer.transform(ticketTerms(plainTitle, plainDescription));
        predictedPriority = trained.priorityClassifier.predict(features);
        category = trained.categoryClassifier.predict(features);
      }
      const urgency = assessUrgency(fullText);
      const priority = applyUrgencyFloor(predictedPriority, urgency);
      const relatedSkills = detectSkills(fullText, { max: MAX_SKILLS });

      // The summary quotes the requester, so it must not carry their personal data.
      const redactedTitle = redactPersonalData(title);
      const redactedDescription = redactPersonalData(description);
      const summary = summarizeTicket(redactedTitle.text, redactedDescription.text, termWeight);
      const redactions: Record<string, number> = { ...redactedTitle.redactions };
      for (const [kind, count] of Object.entries(redactedDescription.redactions)) {
        redactions[kind] = (redactions[kind] ?? 0) + count;
      }
      const helpfulNotes = buildHelpfulNotes({ category, skills: relatedSkills, firedRules: urgency.fired, redactions });

      return { summary, priority, relatedSkills, helpfulNotes, category };
    },
  };
}
