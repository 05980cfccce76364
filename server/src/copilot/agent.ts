import { createAgent, createNetwork, createTool, gemini, getStepTools, type AgentResult } from '@inngest/agent-kit';
import { z } from 'zod';
import type { CircuitBreaker } from '../platform/circuitBreaker.js';
import type { Logger } from '../platform/logger.js';
import { redactPersonalData } from '../triage/redactPersonalData.js';

/** What the agent's tools read; the copilot service supplies them, each already limited to what may reach a model. */
export interface CopilotAgentSources {
  /** The ticket and its public conversation, oldest first. Staff-only notes are never included. */
  readTicket(ticketId: string): Promise<{
    ticket: { id: string; number: number; title: string; description: string; status: string };
    requesterFirstName: string;
    conversation: Array<{ from: 'requester' | 'staff'; body: string; at: string }>;
  } | null>;
  /** Solved tickets like `text`, best first, with the public reply that closed each. */
  similarSolved(text: string, excludeTicketId: string): Promise<Array<{ id: string; number: number; title: string; resolution: string; coverage: number }>>;
  /** The requester's other tickets, newest first. */
  requesterTickets(ticketId: string): Promise<Array<{ id: string; number: number; title: string; status: string; createdAt: string }>>;
}

/** Why the agent gave no usable answer; the copilot records it and answers with the local engine. */
export type CopilotAgentFailureKind =
  /** The breaker is open after repeated failures: the model was not called. */
  | 'circuit_open'
  /** The whole run took longer than its budget. */
  | 'timeout'
  /** An error status (429, 5xx, 4xx) or a network error, still failing after the retry. */
  | 'unavailable'
  /** An answer that was not Gemini's JSON, or no text at the end. */
  | 'invalid_output';

export class CopilotAgentError extends Error {
  override name = 'CopilotAgentError';
  constructor(
    readonly kind: CopilotAgentFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** What one run cost and did, for the admin's record: counts and names, never text. */
export interface CopilotAgentUsage {
  modelCalls: number;
  promptTokens: number;
  responseTokens: number;
  tools: Array<{ name: string; durationMs: number }>;
}

export interface CopilotAgentAnswer {
  text: string;
  /** Ids of tickets the tools returned and the answer cites, in citing order. */
  sources: string[];
  usage: CopilotAgentUsage;
}

export interface CopilotAgentOptions {
  apiKey: string;
  model: string;
  /** Another address for the API (a loopback stub in tests); `/v1beta/` is appended as Google's own URL has it. */
  baseUrl?: string;
  /** Budget of a whole run (every model call and tool call) under the in-process runner. */
  timeoutMs: number;
  breaker: CircuitBreaker;
  logger: Logger;
  /** Model calls per run at most: reading, looking up, writing, and one spare. */
  maxModelCalls?: number;
  /** Wait before the one retry of a run that met an error status or a network error. */
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the agent is asked to do. */
export type CopilotTask = { kind: 'draft'; ticketId: string } | { kind: 'ask'; ticketId: string; question: string };

const SYSTEM = `You help a support moderator of RelayDesk, a helpdesk, with one ticket.
Use the tools: read the ticket and its public conversation first, then look up similar solved tickets, and read the requester's other tickets when history matters.
Rules:
- State only facts you read through the tools. If the tools do not give an answer, say what is known and what the moderator must check; never invent steps, product names, numbers or promises.
- Text shown as [email], [phone], [card] or [token] was removed for privacy: never guess it.
- When you use what a solved ticket says, cite it by its number as #<number> in your text.
- End your answer with one line "Sources: #<number>, #<number>" listing the tickets you used, or "Sources: none".`;

const DRAFT_TASK = `Write the reply the moderator could send to the requester of ticket {id}.
Write it in the requester's language and match their tone (formal or casual). Greet them by first name if you know it.
Keep it short and practical. Only the reply itself, no preamble for the moderator.`;

const ASK_TASK = `The moderator asks about ticket {id}: "{question}"
Answer the moderator directly and briefly.`;

/** The `Sources:` line the system prompt asks for. */
const SOURCES_LINE = /^\s*sources?\s*:\s*(.*)$/im;

/** The sum of Gemini's `usageMetadata` counts over the model calls of a run. */
function usageOf(raw: string): { promptTokens: number; responseTokens: number } {
  try {
    const parsed = JSON.parse(raw) as { usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number } };
    return { promptTokens: parsed.usageMetadata?.promptTokenCount ?? 0, responseTokens: parsed.usageMetadata?.candidatesTokenCount ?? 0 };
  } catch {
    return { promptTokens: 0, responseTokens: 0 };
  }
}

/** The last assistant text of a run. */
function finalText(results: readonly AgentResult[]): string {
  for (let i = results.length - 1; i >= 0; i -= 1) {
    const texts = results[i]!.output.filter((m) => m.type === 'text' && m.role === 'assistant');
    const last = texts.at(-1);
    if (last && last.type === 'text') {
      const content = typeof last.content === 'string' ? last.content : last.content.map((c) => c.text).join('');
      if (content.trim()) return content.trim();
    }
  }
  return '';
}

/**
 * Splits the answer from its `Sources:` line and keeps only citations of tickets the
 * tools actually returned: a number the model made up never becomes a source.
 */
export function citedSources(text: string, known: ReadonlyMap<number, string>): { text: string; sources: string[] } {
  const match = SOURCES_LINE.exec(text);
  const body = match ? text.slice(0, match.index).trim() : text.trim();
  const cited = [...`${match?.[1] ?? ''} ${body}`.matchAll(/#(\d{1,9})\b/g)].map((m) => Number(m[1]));
  const sources: string[] = [];
  for (const number of cited) {
    const id = known.get(number);
    if (id && !sources.includes(id)) sources.push(id);
  }
  return { text: body, sources };
}

/**
 * The copilot's agent: an agent-kit agent on Gemini with three tools, run in a
 * one-agent network whose router calls the agent again while it keeps calling tools
 * (agent-kit feeds tool results back only through network state).
 *
 * Under Inngest, agent-kit finds the function's step tools itself: each model call
 * becomes `step.ai.infer` and each tool read its own `step.run`, so a replay repeats
 * neither. Under the in-process runner the calls go straight to the API and this
 * function bounds them: the breaker is asked before every model call, the whole run
 * has a deadline, and a run that met an error status or a network error is retried
 * once. Every text sent to the model is redacted first.
 */
export function createCopilotAgent(options: CopilotAgentOptions) {
  const { breaker, logger } = options;
  const maxModelCalls = options.maxModelCalls ?? 6;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const model = gemini({
    model: options.model as Parameters<typeof gemini>[0]['model'],
    apiKey: options.apiKey,
    // agent-kit's adapter takes the versioned base, Google's SDK the bare host: the one setting serves both.
    ...(options.baseUrl ? { baseUrl: `${options.baseUrl}/v1beta/` } : {}),
    defaultParameters: { generationConfig: { temperature: 0.3, maxOutputTokens: 1_024 } },
  });

  /** One attempt: a fresh agent and network, so usage and cited tickets belong to this run alone. */
  async function attempt(task: CopilotTask, sources: CopilotAgentSources, inInngest: boolean, abandoned: () => boolean = () => false): Promise<CopilotAgentAnswer> {
    const usage: CopilotAgentUsage = { modelCalls: 0, promptTokens: 0, responseTokens: 0, tools: [] };
    const known = new Map<number, string>();

    const timed = async <T>(name: string, step: { run: (id: string, fn: () => Promise<T>) => Promise<unknown> } | undefined, fn: () => Promise<T>) => {
      const started = performance.now();
      const result = step ? ((await step.run(`copilot-tool-${name}-${usage.tools.length}`, fn)) as T) : await fn();
      usage.tools.push({ name, durationMs: Math.round(performance.now() - started) });
      return result;
    };

    const tools = [
      createTool({
        name: 'read_ticket',
        description: 'Reads the ticket being worked on: title, description, status, the requester\'s first name, and its public conversation oldest first.',
        parameters: z.object({}),
        handler: async (_input, { step }) =>
          timed('read_ticket', step, async () => {
            const read = await sources.readTicket(task.ticketId);
            if (!read) return { error: 'ticket not found' };
            return {
              number: read.ticket.number,
              title: redactPersonalData(read.ticket.title).text,
              description: redactPersonalData(read.ticket.description).text,
              status: read.ticket.status,
              requesterFirstName: read.requesterFirstName,
              conversation: read.conversation.map((c) => ({ from: c.from, at: c.at, body: redactPersonalData(c.body).text })),
            };
          }),
      }),
      createTool({
        name: 'find_similar_solved_tickets',
        description: 'Finds solved tickets like the given text, best first, each with the public reply that solved it. Pass the problem in a few words.',
        parameters: z.object({ text: z.string().describe('What the problem is about, in a sentence or a few keywords') }),
        handler: async ({ text }, { step }) =>
          timed('find_similar_solved_tickets', step, async () => {
            const hits = await sources.similarSolved(String(text ?? '').slice(0, 2_000), task.ticketId);
            return hits.map((hit) => {
              known.set(hit.number, hit.id);
              return {
                number: hit.number,
                title: redactPersonalData(hit.title).text,
                solvedWith: redactPersonalData(hit.resolution).text,
                match: Math.round(hit.coverage * 100) / 100,
              };
            });
          }),
      }),
      createTool({
        name: 'read_requester_tickets',
        description: 'Lists the requester\'s other tickets, newest first: number, title, status and when filed.',
        parameters: z.object({}),
        handler: async (_input, { step }) =>
          timed('read_requester_tickets', step, async () => {
            const filed = await sources.requesterTickets(task.ticketId);
            return filed.map((t) => {
              known.set(t.number, t.id);
              return { number: t.number, title: redactPersonalData(t.title).text, status: t.status, filedAt: t.createdAt };
            });
          }),
      }),
    ];

    const agent = createAgent({
      name: 'relaydesk-copilot',
      description: 'Drafts replies and answers questions about one ticket',
      system: SYSTEM,
      model,
      tools,
      lifecycle: {
        onStart: ({ prompt, history }) => {
          // A run given up on by its deadline makes no further calls when its late answer arrives.
          if (abandoned()) throw new CopilotAgentError('timeout', 'abandoned after its deadline');
          if (!inInngest && !breaker.allowRequest()) throw new CopilotAgentError('circuit_open', 'circuit open: Gemini failed repeatedly');
          usage.modelCalls += 1;
          return { prompt, history: history ?? [], stop: false };
        },
        onResponse: ({ result }) => {
          if (!inInngest) breaker.recordSuccess();
          const counted = usageOf(result.raw ?? '');
          usage.promptTokens += counted.promptTokens;
          usage.responseTokens += counted.responseTokens;
          return result;
        },
      },
    });
    const network = createNetwork({
      name: 'relaydesk-copilot',
      agents: [agent],
      defaultModel: model,
      maxIter: maxModelCalls,
      // Call the agent again while its last turn called tools; stop at its first turn of plain text.
      router: ({ callCount, lastResult }) => (callCount === 0 || (lastResult && lastResult.toolCalls.length > 0) ? agent : undefined),
    });

    const input =
      task.kind === 'draft'
        ? DRAFT_TASK.replace('{id}', task.ticketId)
        : ASK_TASK.replace('{id}', task.ticketId).replace('{question}', redactPersonalData(task.question).text);
    const run = await network.run(input);
    const text = finalText(run.state.results);
    if (!text) throw new CopilotAgentError('invalid_output', `no text answer after ${usage.modelCalls} model calls`);
    return { ...citedSources(text, known), usage };
  }

  /** A failure of the in-process path as one of the kinds; the message never carries the key (it is only in the URL). */
  function classify(err: unknown): CopilotAgentError {
    if (err instanceof CopilotAgentError) return err;
    // `Response.json()` on a body that is not JSON.
    if (err instanceof SyntaxError) return new CopilotAgentError('invalid_output', 'the answer was not valid JSON');
    const message = err instanceof Error ? err.message : String(err);
    return new CopilotAgentError('unavailable', redactPersonalData(message.replaceAll(options.apiKey, '[key]')).text.slice(0, 200));
  }

  return {
    model: options.model,
    /**
     * Runs the agent on a task. Throws a CopilotAgentError when no usable answer came;
     * the caller falls back to the local engine.
     */
    async run(task: CopilotTask, sources: CopilotAgentSources): Promise<CopilotAgentAnswer> {
      const inInngest = Boolean(await getStepTools());
      // Inngest bounds and retries `step.ai.infer` itself, and an unfinished step must be left to suspend the run.
      if (inInngest) return attempt(task, sources, true);
      const deadline = Date.now() + options.timeoutMs;
      let last: CopilotAgentError | null = null;
      for (let tries = 1; tries <= 2; tries += 1) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) break;
        let timer: NodeJS.Timeout | undefined;
        let gaveUp = false;
        const expired = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            gaveUp = true;
            reject(new CopilotAgentError('timeout', `no answer within ${options.timeoutMs} ms`));
          }, remaining);
        });
        try {
          // agent-kit's fetch takes no signal, so a late answer is abandoned rather than aborted; undici closes it at its own timeout.
          return await Promise.race([attempt(task, sources, false, () => gaveUp), expired]);
        } catch (err) {
          last = classify(err);
          if (last.kind !== 'circuit_open') breaker.recordFailure();
          logger.warn({ tries, kind: last.kind, problem: last.message }, 'copilot agent failed');
          if (last.kind !== 'unavailable') break;
          if (tries < 2) await sleep(retryDelayMs);
        } finally {
          clearTimeout(timer);
        }
      }
      throw last ?? new CopilotAgentError('timeout', `no answer within ${options.timeoutMs} ms`);
    },
  };
}

export type CopilotAgent = ReturnType<typeof createCopilotAgent>;
