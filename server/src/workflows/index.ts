import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { serve } from 'inngest/express';
import type { AppContext } from '../app/context.js';
import type { DomainEvents } from '../domain/events.js';
import { findNewestPage } from '../tickets/filingNumbers.js';
import type { PopulatedTicket } from '../tickets/presenter.js';
import { createInngestClient, createInngestFunctions } from './inngestClient.js';
import type { AnyWorkflowDefinition, WorkflowEvent } from './defineWorkflow.js';
import { workflowDepsOf, type WorkflowDeps } from './deps.js';
import { workflowDefinitions } from './functions/index.js';
import { LocalWorkflowRunner, type LocalWorkflowRunnerOptions } from './runner/runner.js';

/** Where workflows execute: Inngest (Cloud, dev server, self-hosted) or this process. */
export type WorkflowMode = 'inngest' | 'local';

/** The running workflow layer of a process. */
export interface WorkflowSystem {
  readonly mode: WorkflowMode;
  readonly deps: WorkflowDeps;
  /** The in-process runner; null in Inngest mode. */
  readonly runner: LocalWorkflowRunner | null;
  /** Inngest's endpoint, to mount at `/api/inngest`; null in local mode. */
  readonly serveHandler: RequestHandler | null;
  /** `running` while the in-process runner works, `stopped` after; `external` when Inngest runs them. */
  state(): 'running' | 'stopped' | 'external';
  /** Sends background events to wherever the workflows run. */
  send(events: WorkflowEvent | WorkflowEvent[]): Promise<void>;
  /** Stops the runner, letting steps under way finish within `timeoutMs` (unfinished runs stay queued). */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** How to start the workflow layer; every field has a production default. */
export interface StartWorkflowsOptions {
  /** Defaults to Inngest when any Inngest setting is configured, local otherwise. */
  mode?: WorkflowMode;
  definitions?: readonly AnyWorkflowDefinition[];
  runner?: Omit<LocalWorkflowRunnerOptions, 'deps' | 'definitions' | 'logger'>;
  /** Re-send `ticket/created` for tickets that never got a triage (events lost to a crash). Default true. */
  catchUp?: boolean;
}

/**
 * Starts the workflow layer: picks where workflows run and (locally) starts the
 * runner, which resumes whatever a previous process left queued. What starts a
 * workflow is wired separately by the composition root (`subscribeWorkflowTriggers`).
 */
export async function startWorkflows(ctx: AppContext, options: StartWorkflowsOptions = {}): Promise<WorkflowSystem> {
  const { config, logger } = ctx;
  const mode: WorkflowMode = options.mode ?? (config.inngest.enabled ? 'inngest' : 'local');
  const definitions = options.definitions ?? workflowDefinitions;
  const deps = workflowDepsOf(ctx);

  let runner: LocalWorkflowRunner | null = null;
  let serveHandler: RequestHandler | null = null;
  let sendEvents: (events: WorkflowEvent[]) => Promise<void>;

  if (mode === 'inngest') {
    const client = createInngestClient(config.inngest, logger);
    const functions = createInngestFunctions(client, definitions, deps);
    serveHandler = serve({ client, functions }) as RequestHandler;
    sendEvents = async (events) => {
      await client.send(events);
    };
  } else {
    const local = new LocalWorkflowRunner({
      ...options.runner,
      deps,
      definitions,
      logger: logger.child({ component: 'workflows' }),
      metrics: ctx.metrics,
    });
    runner = local;
    ctx.metrics.setSources({ workflowRunsDue: () => local.countDue() });
    sendEvents = async (events) => {
      await local.send(events);
    };
  }

  const send = (events: WorkflowEvent | WorkflowEvent[]) => sendEvents(Array.isArray(events) ? events : [events]);

  const system: WorkflowSystem = {
    mode,
    deps,
    runner,
    serveHandler,
    state: () => (runner ? (runner.isRunning ? 'running' : 'stopped') : 'external'),
    send,
    async stop(options = {}) {
      await runner?.stop(options);
    },
  };
  await runner?.start();
  if (options.catchUp ?? true) {
    // Not awaited: on FerretDB reading the newest tickets scans the whole collection once per
    // filing block (ten for 500 tickets), a cost that grows with history and held up every start. The
    // runs it re-queues are durable and picked up whenever they land; a stop in between
    // loses nothing the next start will not look for again.
    void resendMissedTriage(send).catch((err: unknown) => logger.error({ err }, 'could not look for tickets missing triage'));
  }
  logger.info({ mode, functions: definitions.map((d) => d.id) }, 'workflows ready');
  return system;
}

/**
 * The translation from what services announce to the background events that start
 * workflows. Event ids are derived from what happened, so announcing the same
 * thing twice starts one run (Inngest deduplicates ids for 24 h; the runner forever).
 */
export function subscribeWorkflowTriggers(events: DomainEvents, send: (events: WorkflowEvent) => Promise<void>): () => void {
  const unsubscribes = [
    events.subscribe('ticket.created', ({ ticket }) => {
      const ticketId = String(ticket._id);
      return send({ name: WORKFLOW_EVENTS.ticketCreated, id: `ticket-created:${ticketId}`, data: { ticketId } });
    }),
    events.subscribe('ticket.status_changed', ({ ticket, to }) => {
      if (to !== 'completed' || !ticket.completedAt) return;
      const ticketId = String(ticket._id);
      const completedAt = new Date(ticket.completedAt);
      const moderatorId = refId(ticket.assignedTo);
      return send({
        name: WORKFLOW_EVENTS.ticketCompleted,
        id: `ticket-completed:${ticketId}:${completedAt.getTime()}`,
        data: { ticketId, moderatorId, completedAt: completedAt.toISOString() },
      });
    }),
    // Every write that plans a ticket's clocks announces the ticket; its plan version names the timer.
    ...(['ticket.created', 'ticket.status_changed', 'ticket.updated'] as const).map((name) =>
      events.subscribe(name, ({ ticket }: { ticket: PopulatedTicket }) => {
        if (!ticket.sla) return;
        const ticketId = String(ticket._id);
        const { planVersion } = ticket.sla;
        return send({ name: WORKFLOW_EVENTS.ticketSlaPlanned, id: `ticket-sla:${ticketId}:${planVersion}`, data: { ticketId, planVersion } });
      }),
    ),
    events.subscribe('ticket.retriage_requested', ({ ticketId, actorId }) =>
      send({ name: WORKFLOW_EVENTS.ticketRetriageRequested, id: `ticket-retriage:${ticketId}:${randomUUID()}`, data: { ticketId, requestedBy: actorId } }),
    ),
    events.subscribe('ticket.reassign_requested', ({ ticketId, actorId }) =>
      send({ name: WORKFLOW_EVENTS.ticketReassignRequested, id: `ticket-reassign:${ticketId}:${randomUUID()}`, data: { ticketId, requestedBy: actorId } }),
    ),
    events.subscribe('user.signed_up', ({ userId }) =>
      send({ name: WORKFLOW_EVENTS.userSignedUp, id: `user-signed-up:${userId}`, data: { userId } }),
    ),
    events.subscribe('mod_request.decided', ({ applicationId, userId, status }) =>
      send({ name: WORKFLOW_EVENTS.modRequestDecided, id: `mod-request-decided:${applicationId}`, data: { applicationId, userId, status } }),
    ),
  ];
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}

/** The id of a user reference, populated or not. */
function refId(ref: { _id: unknown } | object | null | undefined): string | null {
  if (!ref) return null;
  return '_id' in ref && ref._id ? String(ref._id) : String(ref);
}

/** How many of the newest tickets the start-up check looks at. */
const CATCH_UP_WINDOW = 500;

/**
 * A ticket whose `ticket.created` announcement died with its process has no run;
 * re-sending with the same derived id is harmless for those that do have one.
 * Only the newest tickets are looked at: a dying process loses what it was just
 * filing, and `{triagedBy: null}` over the whole collection is a full scan on
 * FerretDB (38 s at 50,000 tickets), paid at every start.
 */
async function resendMissedTriage(send: (events: WorkflowEvent[]) => Promise<void>): Promise<void> {
  const { docs } = await findNewestPage(1, CATCH_UP_WINDOW, '_id triagedBy');
  const untriaged = docs.filter((t) => !t.triagedBy);
  if (untriaged.length === 0) return;
  await send(
    untriaged.map((t) => ({
      name: WORKFLOW_EVENTS.ticketCreated,
      id: `ticket-created:${String(t._id)}`,
      data: { ticketId: String(t._id) },
    })),
  );
}
