import { PRIORITIES, TRIAGE_CATEGORIES, type Priority } from '@relaydesk/shared';

/** Priorities from least to most pressing; the order matters for raising a priority. */
export const PRIORITY_LEVELS = PRIORITIES;

export const CATEGORY_LABELS = TRIAGE_CATEGORIES;

/** Position of a priority on the low → urgent scale. */
export function priorityRank(priority: Priority): number {
  return PRIORITY_LEVELS.indexOf(priority);
}

/** The more pressing of two priorities. */
export function maxPriority(a: Priority, b: Priority): Priority {
  return priorityRank(a) >= priorityRank(b) ? a : b;
}
