import type { Server as HttpServer } from 'node:http';
import type { Express } from 'express';
import { registerCacheInvalidation } from '../domain/cacheTags.js';
import { createApp } from '../http/app.js';
import { subscribePresenceToDomainEvents } from '../presence/subscriptions.js';
import { subscribeSlaToDomainEvents } from '../sla/subscriptions.js';
import { attachRealtime, type Realtime, type RealtimeOptions } from '../realtime/io.js';
import { startWorkflows, subscribeWorkflowTriggers, type StartWorkflowsOptions, type WorkflowSystem } from '../workflows/index.js';
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
  /** Undoes everything `assembleRelayDesk` did, in reverse order. */
  stop(): Promise<void>;
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
  const stop = async () => {
    for (const undo of teardown.reverse()) await undo();
  };
  try {
    // Blocking: the writer's response returns only after the caches it affects are dropped.
    teardown.push(registerCacheInvalidation(ctx.events, ctx.cache));
    teardown.push(subscribePresenceToDomainEvents(ctx.events, ctx.services.presence));
    teardown.push(subscribeSlaToDomainEvents(ctx.events, ctx.services.sla));
    const { triageLearning } = ctx.services;
    teardown.push(ctx.events.subscribe('triage.corrected', () => triageLearning.scheduleRetrain()));
    teardown.push(() => triageLearning.stop());
    await triageLearning.start();
    await options.prepare?.(ctx);

    let workflows: WorkflowSystem | null = null;
    if (options.workflows !== false) {
      const system = await startWorkflows(ctx, options.workflows ?? {});
      workflows = system;
      teardown.push(() => system.stop());
      teardown.push(subscribeWorkflowTriggers(ctx.events, (event) => system.send(event)));
    }
    const app = createApp(ctx, { inngestHandler: workflows?.serveHandler ?? null });
    return { ctx, workflows, app, stop };
  } catch (err) {
    await stop();
    throw err;
  }
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
