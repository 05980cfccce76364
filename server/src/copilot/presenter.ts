import type { CopilotRun } from '@relaydesk/shared';
import type { CopilotRunFields } from './runModels.js';

/** A run record as admins see it: the stored whitelist, dates as ISO strings. */
export function presentRun(run: CopilotRunFields): CopilotRun {
  return {
    id: run._id,
    ticketId: run.ticketId,
    kind: run.kind,
    stage: run.stage,
    engine: run.engine,
    model: run.model,
    modelCalls: run.modelCalls,
    promptTokens: run.promptTokens,
    responseTokens: run.responseTokens,
    durationMs: run.durationMs,
    tools: run.tools.map((t) => ({ name: t.name, durationMs: t.durationMs })),
    fallbackReason: run.fallbackReason,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
