import type { TriageResult } from '@relaydesk/shared';
import type { AppConfig } from '../config/env.js';
import { createCircuitBreaker } from '../platform/circuitBreaker.js';
import type { Logger } from '../platform/logger.js';
import { createGeminiTriageEngine, GeminiTriageError, type RemoteTriageEngine } from './geminiEngine.js';
import { classifyTicketLocally } from './localEngine/index.js';
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

export interface TriageServiceDeps {
  /** The hosted model, or null to use the local engine only. */
  remote: RemoteTriageEngine | null;
  logger: Logger;
}

/**
 * Triage of one ticket's text: the hosted model when one is configured and
 * answering, the local engine otherwise. Never throws for an engine failure, so a
 * ticket always gets a triage. Only redacted text leaves the process.
 */
export function createTriageService({ remote, logger }: TriageServiceDeps) {
  return {
    /** The local engine alone: for the last-resort triage after a workflow has given up. */
    triageLocally(ticket: { title: string; description: string }, fallbackReason?: string): TriageOutcome {
      const started = performance.now();
      const result = classifyTicketLocally({ title: ticket.title, description: ticket.description });
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
          const result = await remote.classify(redacted);
          return { result, engine: remote.name, durationMs: elapsed() };
        } catch (err) {
          fallbackReason = err instanceof GeminiTriageError ? `${err.kind}: ${err.message}` : 'unexpected error';
          logger.warn({ err, engine: remote.name }, 'hosted triage failed; using the local engine');
        }
      }
      const result = classifyTicketLocally({ title: ticket.title, description: ticket.description });
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
export function createTriageServiceFromConfig(config: AppConfig, logger: Logger): TriageService {
  const { apiKey, model, baseUrl, timeoutMs } = config.gemini;
  if (!apiKey) return createTriageService({ remote: null, logger });
  const breaker = createCircuitBreaker({
    threshold: 5,
    cooldownMs: 30_000,
    onStateChange: (state) => logger.warn({ state }, `Gemini circuit breaker is ${state}`),
  });
  const remote = createGeminiTriageEngine({ apiKey, model, baseUrl, timeoutMs, breaker, logger });
  return createTriageService({ remote, logger });
}
