import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** One scripted answer of the stub. */
export type GeminiReply =
  /** A normal answer whose text is this value as JSON. */
  | { kind: 'json'; body: unknown }
  /** A normal answer with this exact text (e.g. malformed JSON). */
  | { kind: 'text'; text: string }
  /** An error status with Google's error body; `retryDelay` adds a RetryInfo detail such as "0s". */
  | { kind: 'status'; status: number; retryDelay?: string }
  /** Waits, then answers with `then`; a client that gave up meanwhile just sees a closed socket. */
  | { kind: 'slow'; delayMs: number; then: GeminiReply };

/** A request as the stub received it. */
export interface GeminiRequest {
  model: string;
  apiKey: string | undefined;
  /** The prompt text (all parts of all contents). */
  prompt: string;
  body: {
    generationConfig?: { responseMimeType?: string; responseSchema?: unknown };
    systemInstruction?: unknown;
  };
}

export interface GeminiStub {
  /** Base URL for `GEMINI_BASE_URL` / the SDK's `requestOptions.baseUrl`. */
  readonly url: string;
  readonly requests: GeminiRequest[];
  /** Answers for the next requests, in order; after they run out, `fallback` answers. */
  enqueue(...replies: GeminiReply[]): void;
  /** Forgets queued answers and recorded requests; sets what answers when the queue is empty. */
  reset(fallback?: GeminiReply): void;
  close(): Promise<void>;
}

const ROUTE = /^\/v1beta\/models\/([^/:]+):generateContent$/;

/** A triage the stub can return that passes `triageResultSchema`. */
export const VALID_GEMINI_TRIAGE = {
  summary: 'Checkout page fails with a 500 after the last deploy.',
  priority: 'high',
  relatedSkills: ['payments', 'node'],
  helpfulNotes: '- Check the payment gateway logs around the deploy time.',
  category: 'bug',
};

/**
 * A loopback HTTP server that speaks Gemini's `generateContent` well enough for
 * the official SDK: `POST /v1beta/models/{model}:generateContent`, answering with
 * `candidates[0].content.parts[0].text`, or Google's error body.
 */
export async function startGeminiStub(fallback: GeminiReply = { kind: 'json', body: VALID_GEMINI_TRIAGE }): Promise<GeminiStub> {
  const queue: GeminiReply[] = [];
  const requests: GeminiRequest[] = [];
  let otherwise = fallback;

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const match = ROUTE.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      send(res, 404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GeminiRequest['body'] & {
      contents?: { parts?: { text?: string }[] }[];
    };
    const prompt = (body.contents ?? []).flatMap((c) => (c.parts ?? []).map((p) => p.text ?? '')).join('\n');
    const apiKey = req.headers['x-goog-api-key'];
    requests.push({ model: match[1]!, apiKey: typeof apiKey === 'string' ? apiKey : undefined, prompt, body });
    await reply(res, queue.shift() ?? otherwise);
  }

  async function reply(res: ServerResponse, answer: GeminiReply): Promise<void> {
    switch (answer.kind) {
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        if (res.destroyed || res.writableEnded) return;
        return reply(res, answer.then);
      case 'status': {
        const details = answer.retryDelay ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: answer.retryDelay }] : undefined;
        send(res, answer.status, { error: { code: answer.status, message: `stub status ${answer.status}`, status: 'UNAVAILABLE', details } });
        return;
      }
      case 'json':
        return reply(res, { kind: 'text', text: JSON.stringify(answer.body) });
      case 'text':
        send(res, 200, {
          candidates: [{ content: { role: 'model', parts: [{ text: answer.text }] }, finishReason: 'STOP', index: 0 }],
          usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 },
          modelVersion: 'stub',
        });
        return;
    }
  }

  function send(res: ServerResponse, status: number, body: unknown) {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    reset(next) {
      queue.length = 0;
      requests.length = 0;
      if (next) otherwise = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts a stub for the test file; register it before anything that reads `url` in its own beforeAll. */
export function useGeminiStub(): GeminiStub {
  let stub: GeminiStub | undefined;
  beforeAll(async () => {
    stub = await startGeminiStub();
  });
  afterAll(async () => {
    await stub?.close();
  });
  const ready = () => {
    if (!stub) throw new Error('Gemini stub not started yet');
    return stub;
  };
  return {
    get url() {
      return ready().url;
    },
    get requests() {
      return ready().requests;
    },
    enqueue: (...replies) => ready().enqueue(...replies),
    reset: (next) => ready().reset(next),
    close: () => ready().close(),
  };
}
