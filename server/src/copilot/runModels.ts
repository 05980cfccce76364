import type { AskResponse, CopilotRunKind, CopilotStage, DraftEngine, DraftReplyResponse } from '@relaydesk/shared';
import mongoose, { Schema } from 'mongoose';

/**
 * The admin's record of one copilot request (`_id` is the request id). It holds
 * counts, timings and tool names only: never the prompt, the answer, the ticket's
 * text or the key, so it can be kept and shown without exposing anyone.
 */
export interface CopilotRunFields {
  _id: string;
  ticketId: string;
  actorId: string;
  kind: CopilotRunKind;
  stage: CopilotStage;
  engine: DraftEngine | null;
  model: string | null;
  modelCalls: number;
  promptTokens: number;
  responseTokens: number;
  durationMs: number | null;
  tools: Array<{ name: string; durationMs: number }>;
  fallbackReason: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** The record of a request just made: queued, nothing measured yet. */
export function queuedRunRecord(run: Pick<CopilotRunFields, '_id' | 'ticketId' | 'actorId' | 'kind' | 'model'>): CopilotRunFields {
  return {
    ...run,
    stage: 'queued',
    engine: null,
    modelCalls: 0,
    promptTokens: 0,
    responseTokens: 0,
    durationMs: null,
    tools: [],
    fallbackReason: null,
    createdAt: new Date(),
    finishedAt: null,
  };
}

/**
 * What a request produced, kept apart from its record because it is text meant for
 * the moderator (it names the requester): read once by the HTTP request waiting for
 * it, possibly in another process, and never listed.
 */
export interface CopilotResultFields {
  _id: string;
  actorId: string;
  stage: 'done' | 'failed';
  draft: DraftReplyResponse | null;
  answer: AskResponse | null;
  createdAt: Date;
}

export const CopilotRunModel = mongoose.model<CopilotRunFields>(
  'CopilotRun',
  new Schema<CopilotRunFields>(
    {
      _id: String,
      ticketId: String,
      actorId: String,
      kind: String,
      stage: String,
      engine: { type: String, default: null },
      model: { type: String, default: null },
      modelCalls: { type: Number, default: 0 },
      promptTokens: { type: Number, default: 0 },
      responseTokens: { type: Number, default: 0 },
      durationMs: { type: Number, default: null },
      tools: { type: [new Schema({ name: String, durationMs: Number }, { _id: false })], default: [] },
      fallbackReason: { type: String, default: null },
      createdAt: { type: Date, required: true },
      finishedAt: { type: Date, default: null },
    },
    { versionKey: false },
  ),
  'copilot_runs',
);

export const CopilotResultModel = mongoose.model<CopilotResultFields>(
  'CopilotResult',
  new Schema<CopilotResultFields>(
    {
      _id: String,
      actorId: String,
      stage: String,
      draft: { type: Schema.Types.Mixed, default: null },
      answer: { type: Schema.Types.Mixed, default: null },
      createdAt: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'copilot_results',
);

/** One ticket's embedding (`_id` is the ticket id), kept while the ticket is completed. */
export interface TicketEmbeddingFields {
  _id: string;
  model: string;
  vector: number[];
  updatedAt: Date;
}

export const TicketEmbeddingModel = mongoose.model<TicketEmbeddingFields>(
  'CopilotTicketEmbedding',
  new Schema<TicketEmbeddingFields>(
    { _id: String, model: String, vector: { type: [Number], default: [] }, updatedAt: Date },
    { versionKey: false },
  ),
  'copilot_embeddings',
);
