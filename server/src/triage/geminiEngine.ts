import type { TriageExample } from './geminiPrompt.js';
import { describeIssues, triageResultSchema, type TriageResult } from '@relaydesk/shared';
import {
  GoogleGenerativeAI,
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIFetchError,
  GoogleGenerativeAIResponseError,
  type GenerativeModel,
} from '@google/generative-ai';
import type { CircuitBreaker } from '../platform/circuitBreaker.js';
import type { Logger } from '../platform/logger.js';
import { buildTriagePrompt, TRIAGE_RESPONSE_SCHEMA, TRIAGE_SYSTEM_INSTRUCTION } from './geminiPrompt.js';

/** Why the hosted model gave no usable triage; the caller falls back to the local engine. */
export type GeminiFailureKind =
  /** The breaker is open after repeated failures: Gemini was not called. */
  | 'circuit_open'
  /** Timeouts, 429 and 5xx answers, network errors: still failing after the retries. */
  | 'unavailable'
  /** A 4xx other than 429 (bad key, bad request): retrying cannot help. */
  | 'rejected'
  /** Answers that were not valid triage JSON, even after one corrective retry. */
  | 'invalid_output';

/** A hosted-model failure with its kind; the triage service turns it into a fallback reason. */
export class GeminiTriageError extends Error {
  override name = 'GeminiTriageError';
  constructor(
    readonly kind: GeminiFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Connection, timing and retry settings of the Gemini engine. */
export interface GeminiTriageEngineOptions {
  apiKey: string;
  model: string;
  /** Another address for the API, e.g. a stub in tests; the SDK appends `/v1beta/models/...`. */
  baseUrl?: string;
  /** Per HTTP request. */
  timeoutMs: number;
  breaker: CircuitBreaker;
  logger: Logger;
  /** HTTP attempts per answer for timeouts, 429 and 5xx. */
  maxAttempts?: number;
  /** First backoff between HTTP attempts; doubles each time, with jitter. */
  retryBaseMs?: number;
  /** Longest wait between attempts, also the cap on a server's requested retry delay. */
  retryMaxMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A hosted triage engine: one ticket in, one validated triage out, or a GeminiTriageError. */
export interface RemoteTriageEngine {
  readonly name: 'gemini';
  /** `examples`: recent corrections by the team, shown to the model as how this team triages. */
  classify(ticket: { title: string; description: string }, examples?: readonly TriageExample[]): Promise<TriageResult>;
}

const INVALID_OUTPUT_ATTEMPTS = 2;

/**
 * Triage through Gemini in JSON mode with a response schema. Every answer is
 * validated with `triageResultSchema`; an invalid one is retried once with the
 * validation error in the prompt. Transient HTTP failures are retried with
 * exponential backoff; each failed HTTP attempt counts against the circuit breaker,
 * and while it is open no request is made at all. The caller is responsible for
 * redacting the ticket first.
 */
export function createGeminiTriageEngine(options: GeminiTriageEngineOptions): RemoteTriageEngine {
  const { breaker, logger, timeoutMs } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 8_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const model: GenerativeModel = new GoogleGenerativeAI(options.apiKey).getGenerativeModel(
    {
      model: options.model,
      systemInstruction: TRIAGE_SYSTEM_INSTRUCTION,
      generationConfig: {
        responseMimeType: 'application/json',
        responseSchema: TRIAGE_RESPONSE_SCHEMA,
        temperature: 0.2,
        maxOutputTokens: 2_048,
      },
    },
    options.baseUrl ? { baseUrl: options.baseUrl } : undefined,
  );

  /** One answer's text, retrying transient failures. */
  async function requestText(prompt: string): Promise<string> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (!breaker.allowRequest()) {
        throw new GeminiTriageError('circuit_open', lastProblem ? `circuit opened after: ${lastProblem}` : 'circuit open');
      }
      try {
        const result = await model.generateContent(prompt, { signal: AbortSignal.timeout(timeoutMs) });
        breaker.recordSuccess();
        try {
          return result.response.text();
        } catch (err) {
          // A blocked or empty candidate: the service works, the answer is unusable.
          if (err instanceof GoogleGenerativeAIResponseError) return '';
          throw err;
        }
      } catch (err) {
        const failure = classifyHttpFailure(err, timeoutMs);
        if (!failure.retryable) {
          // The service answered; a 4xx is about our request, not an outage.
          breaker.recordSuccess();
          throw new GeminiTriageError('rejected', failure.message);
        }
        breaker.recordFailure();
        lastProblem = failure.message;
        logger.warn({ attempt, maxAttempts, problem: failure.message }, 'Gemini request failed');
        if (attempt < maxAttempts) {
          const backoff = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
          await sleep(Math.min(retryMaxMs, Math.max(backoff, failure.retryAfterMs ?? 0)));
        }
      }
    }
    throw new GeminiTriageError('unavailable', `gave up after ${maxAttempts} attempts: ${lastProblem}`);
  }

  return {
    name: 'gemini',
    async classify(ticket, examples = []) {
      let correction: string | undefined;
      for (let attempt = 1; attempt <= INVALID_OUTPUT_ATTEMPTS; attempt += 1) {
        const text = await requestText(buildTriagePrompt(ticket, correction, examples));
        const outcome = parseTriage(text);
        if (outcome.ok) return outcome.result;
        correction = outcome.problem;
        logger.warn({ attempt, problem: outcome.problem }, 'Gemini answered with invalid triage');
      }
      throw new GeminiTriageError('invalid_output', `invalid answer after ${INVALID_OUTPUT_ATTEMPTS} tries: ${correction}`);
    },
  };
}

type ParseOutcome = { ok: true; result: TriageResult } | { ok: false; problem: string };

/** Reads the model's text as triage JSON; the problem is phrased for the model to fix. */
export function parseTriage(text: string): ParseOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: text.trim() ? 'it was not valid JSON' : 'it was empty' };
  }
  const parsed = triageResultSchema.safeParse(json);
  if (parsed.success) return { ok: true, result: parsed.data };
  const details = describeIssues(parsed.error.issues)
    .slice(0, 5)
    .map((d) => `${d.path}: ${d.message}`)
    .join('; ');
  return { ok: false, problem: `it did not match the required fields (${details})` };
}

interface HttpFailure {
  retryable: boolean;
  message: string;
  retryAfterMs?: number;
}

function classifyHttpFailure(err: unknown, timeoutMs: number): HttpFailure {
  if (err instanceof GoogleGenerativeAIFetchError) {
    const status = err.status ?? 0;
    const retryable = status === 429 || status === 408 || status >= 500;
    return { retryable, message: `HTTP ${status}`, retryAfterMs: retryDelayFrom(err.errorDetails) };
  }
  if (err instanceof GoogleGenerativeAIAbortError || (err instanceof Error && err.name === 'TimeoutError')) {
    return { retryable: true, message: `timed out after ${timeoutMs} ms` };
  }
  // Network errors (connection refused, reset) surface as plain SDK errors.
  return { retryable: true, message: err instanceof Error ? err.message.slice(0, 200) : 'unknown error' };
}

/** Google APIs put the wait they ask for in a RetryInfo detail, e.g. `"retryDelay": "7s"`. */
function retryDelayFrom(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details as { retryDelay?: unknown }[]) {
    const match = typeof detail?.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (match?.[1]) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}
