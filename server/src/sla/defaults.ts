import type { Priority, SlaTarget } from '@relaydesk/shared';

const HOUR = 60;

/** The targets until an admin saves a policy: urgent 15 min / 4 h, high 1 h / 8 h, medium 4 h / 24 h, low 8 h / 72 h. */
export const DEFAULT_SLA_TARGETS: Readonly<Record<Priority, SlaTarget>> = Object.freeze({
  urgent: { firstResponseMinutes: 15, resolutionMinutes: 4 * HOUR },
  high: { firstResponseMinutes: 1 * HOUR, resolutionMinutes: 8 * HOUR },
  medium: { firstResponseMinutes: 4 * HOUR, resolutionMinutes: 24 * HOUR },
  low: { firstResponseMinutes: 8 * HOUR, resolutionMinutes: 72 * HOUR },
});
