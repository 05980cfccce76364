import type { TriageResult } from '@relaydesk/shared';
import type { AppConfig } from '../config/env.js';
import { createCircuitBreaker } from '../platform/circuitBreaker.js';
import type { Logger } from '../platform/logger.js';
import { createGeminiTriageEngine, GeminiTriageError, type RemoteTriageEngine } from './geminiEngine.js';
import { classifyTicketLocally } from './localEngine/index.js';
import type { TriageExample } from './geminiPrompt.js';
import { redactPersonalData } from './redactPersonalData.js';

export { GeminiTriageError, type RemoteTriageEngine } from './geminiEngine.js';

/** Which engine produced a triage; stored on the ticket as `triagedBy`. */
export type TriageEngineName = 'gemini' | 'local';

/** A triage and how it was obtained. */
export interface TriageOutcome {
  result: TriageResult;
  engine: TriageEngineName;
  durationMs: number;
  /** Why the hosted model was not used, when one is configured but the local engine answered. */
  fallbackReason?: string;
}

/** The local engine as the triage service uses it; the learning model when the root provides one. */
export interface LocalTriageEngine {
  /** With the newest model any process trained. */
  classify(ticket: { title: string; description: string }): Promise<TriageResult>;
  /** With the model at hand, without looking further. */
  classifyNow(ticket: { title: string; description: string }): TriageResult;
  /** The team's recent corrections, redacted, as examples for a hosted model. */
  recentExamples?(): Promise<TriageExample[]>;
}

/** The shipped model alone, for callers that do not learn (scripts, tests). */
const SHIPPED_LOCAL_ENGINE: LocalTriageEngine = {
  classify: async (ticket) => classifyTicketLocally(ticket),
  classifyNow: (ticket) => classifyTicketLocally(ticket),
};

export interface TriageServiceDeps {
  /** The hosted model, or null to use the local engine only. */
  remote: RemoteTriageEngine | null;
  logger: Logger;
  /** Defaults to the model trained on the shipped corpora alone. */
  local?: LocalTriageEngine;
}

/**
 * Triage of one ticket's text: the hosted model when one is configured and
 * answering, the local engine otherwise. Never throws for an engine failure, so a
 * ticket always gets a triage. Only redacted text leaves the process.
 */
export function createTriageService({ remote, logger, local = SHIPPED_LOCAL_ENGINE }: TriageServiceDeps) {
  return {
    /** The local engine alone: for the last-resort triage after a workflow has given up. */
    triageLocally(ticket: { title: string; description: string }, fallbackReason?: string): TriageOutcome {
      const started = performance.now();
      const result = local.classifyNow({ title: ticket.title, description: ticket.description });
      const durationMs = Math.round(performance.now() - started);
      return fallbackReason === undefined ? { result, engine: 'local', durationMs } : { result, engine: 'local', durationMs, fallbackReason };
    },

    async triageTicket(ticket: { title: string; description: string }): Promise<TriageOutcome> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      let fallbackReason: string | undefined;
      if (remote) {
        const redacted = {
          title: redactPersonalData(ticket.title).text,
          description: redactPersonalData(ticket.description).text,
        };
        try {
          const examples = (await local.recentExamples?.().catch(() => [])) ?? [];
          const result = await remote.classify(redacted, examples);
          return { result, engine: remote.name, durationMs: elapsed() };
        } catch (err) {
          fallbackReason = err instanceof GeminiTriageError ? `${err.kind}: ${err.message}` : 'unexpected error';
          logger.warn({ err, engine: remote.name }, 'hosted triage failed; using the local engine');
        }
      }
      const result = await local.classify({ title: ticket.title, description: ticket.description });
      return fallbackReason === undefined
        ? { result, engine: 'local', durationMs: elapsed() }
        : { result, engine: 'local', durationMs: elapsed(), fallbackReason };
    },
  };
}

export type TriageService = ReturnType<typeof createTriageService>;

/**
 * The triage service the configuration asks for: Gemini when `GEMINI_API_KEY` is
 * set (with a circuit breaker that outlives single tickets), local otherwise.
 */
export function createTriageServiceFromConfig(config: AppConfig, logger: Logger, local?: LocalTriageEngine): TriageService {
  const { apiKey, model, baseUrl, timeoutMs } = config.gemini;
  if (!apiKey) return createTriageService({ remote: null, logger, local });
  const breaker = createCircuitBreaker({
    threshold: 5,
    cooldownMs: 30_000,
    onStateChange: (state) => logger.warn({ state }, `Gemini circuit breaker is ${state}`),
  });
  const remote = createGeminiTriageEngine({ apiKey, model, baseUrl, timeoutMs, breaker, logger });
  return createTriageService({ remote, logger, local });
}
