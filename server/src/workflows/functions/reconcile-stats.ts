import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/**
 * `stats/reconcile.scheduled` → sleep until `at`, check the dashboard counters
 * against the tickets and repair drift, then schedule the next run one period on.
 * A chain of durable sleeps rather than a cron trigger, so the in-process runner and
 * Inngest run it the same way; the next event's id names its moment, so a chain
 * started twice (two processes booting) still runs once per period.
 */
export const reconcileStats = defineWorkflow({
  id: 'reconcile-stats',
  name: 'Reconcile the dashboard counters',
  triggers: [WORKFLOW_EVENTS.statsReconcileScheduled],
  retries: 3,
  concurrency: { key: '"reconcile-stats"', limit: 1 },
  async handler({ event, step, deps }) {
    await step.sleepUntil('wait', event.data.at);
    const result = await step.run('reconcile', () => deps.stats.reconcile());
    const at = await step.run('next-moment', () => Promise.resolve(deps.stats.nextReconcileAt(deps.app.config.stats.reconcileMinutes).toISOString()));
    await step.sendEvent('schedule-next', { name: WORKFLOW_EVENTS.statsReconcileScheduled, id: `stats-reconcile:${at}`, data: { at } });
    return { ...result, next: at };
  },
});
