import type { Server as HttpServer } from 'node:http';
import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import type { Express } from 'express';
import { subscribeCopilotToDomainEvents } from '../copilot/subscriptions.js';
import { registerCacheInvalidation } from '../domain/cacheTags.js';
import { createApp } from '../http/app.js';
import { mongoState } from '../platform/db.js';
import { subscribePresenceToDomainEvents } from '../presence/subscriptions.js';
import { subscribeSlaToDomainEvents } from '../sla/subscriptions.js';
import { subscribeStatsToDomainEvents } from '../stats/subscriptions.js';
import { attachRealtime, type Realtime, type RealtimeOptions } from '../realtime/io.js';
import { copilotDispatcher } from '../workflows/copilotTriggers.js';
import { startWorkflows, subscribeWorkflowTriggers, type StartWorkflowsOptions, type WorkflowSystem } from '../workflows/index.js';
import { subscribeRequesterUpdateTriggers } from '../workflows/requesterUpdateTriggers.js';
import { createContext, type AppContext, type ContextOptions } from './context.js';

export interface AssembleOptions extends ContextOptions {
  /** How workflows run; false leaves them off (HTTP-only tests). */
  workflows?: StartWorkflowsOptions | false;
  /** Work to do once the domain is wired but before workflows start (numbering, seeding). */
  prepare?: (ctx: AppContext) => Promise<void>;
}

/** The product assembled in one process, minus its listening socket and real-time layer. */
export interface Assembly {
  ctx: AppContext;
  workflows: WorkflowSystem | null;
  /** The Express application, with Inngest's endpoint mounted when workflows run there. */
  app: Express;
  /** Undoes everything `assembleRelayDesk` did, in reverse order; workflow steps under way get `timeoutMs` to finish. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * The composition root: builds every service once (config → stores given by the
 * caller → domain services → subscriptions → workflows → HTTP app), and knows how
 * to take them apart again. Nothing else in the server constructs a service or
 * subscribes one to another.
 */
export async function assembleRelayDesk(options: AssembleOptions): Promise<Assembly> {
  const ctx = createContext(options);
  const teardown: Array<() => void | Promise<void>> = [];
  let workflowTimeoutMs: number | undefined;
  const stop = async (stopOptions: { timeoutMs?: number } = {}) => {
    workflowTimeoutMs = stopOptions.timeoutMs;
    for (const undo of teardown.reverse()) await undo();
  };
  try {
    // Blocking: the writer's response returns only after the caches it affects are dropped.
    teardown.push(registerCacheInvalidation(ctx.events, ctx.cache));
    teardown.push(subscribePresenceToDomainEvents(ctx.events, ctx.services.presence));
    teardown.push(subscribeSlaToDomainEvents(ctx.events, ctx.services.sla));
    teardown.push(subscribeStatsToDomainEvents(ctx.events, ctx.services.stats, ctx.logger));
    const { triageLearning } = ctx.services;
    teardown.push(ctx.events.subscribe('triage.corrected', () => triageLearning.scheduleRetrain()));
    teardown.push(() => triageLearning.stop());
    await triageLearning.start();
    teardown.push(observeDomain(ctx));
    const { similarIndex } = ctx.services;
    teardown.push(subscribeCopilotToDomainEvents(ctx.events, similarIndex, ctx.services.copilot, ctx.logger));
    teardown.push(() => similarIndex.settled());
    // In the background: a large first backfill, or reading a large index into memory, must not hold up the server's
    // start; queries answer from what is indexed so far, reading the terms not in memory yet.
    const backfill = similarIndex
      .backfill()
      .catch((err: unknown) => ctx.logger.error({ err }, 'similar-ticket backfill failed'))
      .then(() => similarIndex.load());
    teardown.push(() => backfill.then(() => undefined));
    await options.prepare?.(ctx);

    let workflows: WorkflowSystem | null = null;
    if (options.workflows !== false) {
      const system = await startWorkflows(ctx, options.workflows ?? {});
      workflows = system;
      teardown.push(() => system.stop({ timeoutMs: workflowTimeoutMs }));
      teardown.push(subscribeWorkflowTriggers(ctx.events, (event) => system.send(event)));
      teardown.push(subscribeRequesterUpdateTriggers(ctx.events, ctx.services.requesterUpdates, (event) => system.send(event), ctx.logger));
      teardown.push(ctx.services.copilot.attachDispatcher(copilotDispatcher((event) => system.send(event))));
      // Not fatal: the counters stay right without it, only drift waits for the next start.
      await scheduleStatsReconcile(ctx, system).catch((err: unknown) => ctx.logger.error({ err }, 'could not schedule the dashboard counter reconcile'));
    }
    const app = createApp(ctx, {
      inngestHandler: workflows?.serveHandler ?? null,
      workflowState: () => workflows?.state() ?? 'off',
    });
    return { ctx, workflows, app, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Starts the periodic reconcile of the dashboard counters (each run schedules the
 * next). The event id names the moment, so every process starting at once schedules
 * one run, and a chain already running is not doubled.
 */
async function scheduleStatsReconcile(ctx: AppContext, system: WorkflowSystem): Promise<void> {
  const at = (await ctx.services.stats.firstReconcileAt(ctx.config.stats.reconcileMinutes)).toISOString();
  await system.send({ name: WORKFLOW_EVENTS.statsReconcileScheduled, id: `stats-reconcile:${at}`, data: { at } });
}

/** Connects the metrics' scrape-time readings and counts triage outcomes by engine. */
function observeDomain({ metrics, redis, cache, events }: AppContext): () => void {
  metrics.setSources({ mongoState, redisState: () => redis.state(), cacheStats: () => cache.stats() });
  return events.subscribe('ticket.updated', ({ ticket, fields }) => {
    if (fields.includes('triagedBy') && ticket.triagedBy) metrics.triageRuns.inc({ engine: ticket.triagedBy });
  });
}

/**
 * Starts presence and attaches the real-time layer to an HTTP server. `close` stops
 * presence first, so the connections that close next are not recorded as closed and
 * presence expires in Redis as if the process had died: a rolling restart does not
 * flash everyone offline.
 */
export async function startRealtime(http: HttpServer, ctx: AppContext, options: RealtimeOptions = {}): Promise<Realtime> {
  const { presence } = ctx.services;
  presence.start();
  try {
    const realtime = await attachRealtime(http, ctx, options);
    return {
      ...realtime,
      async close() {
        presence.stop();
        await realtime.close();
      },
    };
  } catch (err) {
    presence.stop();
    throw err;
  }
}
