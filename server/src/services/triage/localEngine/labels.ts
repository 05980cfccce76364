import type { Priority, TriageCategory } from '@relaydesk/shared';

/*
 * These mirror PRIORITIES and TRIAGE_CATEGORIES from @relaydesk/shared. They are kept
 * as local values so that the training, evaluation and corpus scripts import nothing
 * from @relaydesk/shared at run time: under plain `tsx` that package resolves to its
 * build output, which may not exist yet. The type checks below and labels.test.ts
 * fail if the lists drift apart.
 */

/** Priorities from least to most pressing; the order matters for raising a priority. */
export const PRIORITY_LEVELS = ['low', 'medium', 'high', 'urgent'] as const satisfies readonly Priority[];

export const CATEGORY_LABELS = [
  'account',
  'billing',
  'bug',
  'performance',
  'security',
  'integration',
  'how_to',
  'feature_request',
  'other',
] as const satisfies readonly TriageCategory[];

type AssertNever<T extends never> = T;
/** Compile-time proof that every shared priority is listed above. */
export type PriorityLevelsAreComplete = AssertNever<Exclude<Priority, (typeof PRIORITY_LEVELS)[number]>>;
/** Compile-time proof that every shared category is listed above. */
export type CategoryLabelsAreComplete = AssertNever<Exclude<TriageCategory, (typeof CATEGORY_LABELS)[number]>>;

/** Position of a priority on the low → urgent scale. */
export function priorityRank(priority: Priority): number {
  return PRIORITY_LEVELS.indexOf(priority);
}

/** The more pressing of two priorities. */
export function maxPriority(a: Priority, b: Priority): Priority {
  return priorityRank(a) >= priorityRank(b) ? a : b;
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITY_LEVELS as readonly string[]).includes(value);
}

export function isTriageCategory(value: unknown): value is TriageCategory {
  return typeof value === 'string' && (CATEGORY_LABELS as readonly string[]).includes(value);
}
