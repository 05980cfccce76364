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
  | { kind: 'slow'; delayMs: number; then: GeminiReply }
  /** A model turn that calls a function (a tool) with these arguments. */
  | { kind: 'functionCall'; name: string; args?: Record<string, unknown> }
  /** A 200 answer whose body is this text as it is, e.g. not JSON at all. */
  | { kind: 'body'; text: string };

/** A request as the stub received it. */
export interface GeminiRequest {
  model: string;
  apiKey: string | undefined;
  /** The prompt text (all parts of all contents). */
  prompt: string;
  /** The function responses the request carries back to the model, in order: the tool's name and what it returned (parsed). */
  functionResponses: Array<{ name: string; content: unknown }>;
  body: {
    generationConfig?: { responseMimeType?: string; responseSchema?: unknown };
    systemInstruction?: unknown;
  };
}

/** An `embedContent` or `batchEmbedContents` request as the stub received it: one text per embedding asked for. */
export interface GeminiEmbedRequest {
  model: string;
  texts: string[];
}

export interface GeminiStub {
  /** Base URL for `GEMINI_BASE_URL` / the SDK's `requestOptions.baseUrl`. */
  readonly url: string;
  readonly requests: GeminiRequest[];
  readonly embedRequests: GeminiEmbedRequest[];
  /** Answers for the next requests, in order; after they run out, `fallback` answers. */
  enqueue(...replies: GeminiReply[]): void;
  /** Forgets queued answers and recorded requests; sets what answers when the queue is empty. */
  reset(fallback?: GeminiReply): void;
  close(): Promise<void>;
}

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|embedContent|batchEmbedContents)(?:\?(.*))?$/;

/** Dimensions of the stub's embeddings. */
export const STUB_EMBEDDING_DIMENSIONS = 64;

/**
 * The stub's embedding of a text: word counts hashed into 64 buckets. Deterministic,
 * and texts sharing words get similar vectors, which is all a ranking test needs.
 */
export function stubEmbedding(text: string): number[] {
  const vector = new Array<number>(STUB_EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []) {
    let hash = 0;
    for (const ch of word) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    vector[hash % STUB_EMBEDDING_DIMENSIONS]! += 1;
  }
  return vector;
}

/** A triage the stub can return that passes `triageResultSchema`. */
export const VALID_GEMINI_TRIAGE = {
  summary: 'Checkout page fails with a 500 after the last deploy.',
  priority: 'high',
  relatedSkills: ['payments', 'node'],
  helpfulNotes: '- Check the payment gateway logs around the deploy time.',
  category: 'bug',
};

/**
 * A loopback HTTP server that speaks Gemini's REST protocol well enough for the
 * official SDK and agent-kit's adapter: `POST /v1beta/models/{model}:generateContent`
 * answers with scripted text, function calls (the requests carry the function
 * responses back, recorded in `functionResponses`), Google's error body or a body
 * that is not JSON; `:embedContent` and `:batchEmbedContents` answer with
 * `stubEmbedding` of each text. The key is read from the header (SDK) or the `key`
 * query parameter (agent-kit).
 */
export async function startGeminiStub(fallback: GeminiReply = { kind: 'json', body: VALID_GEMINI_TRIAGE }): Promise<GeminiStub> {
  const queue: GeminiReply[] = [];
  const requests: GeminiRequest[] = [];
  const embedRequests: GeminiEmbedRequest[] = [];
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
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const [, model, method, query] = match;
    if (method === 'embedContent' || method === 'batchEmbedContents') {
      type EmbedBody = { content?: { parts?: { text?: string }[] } };
      const items = method === 'embedContent' ? [parsed as EmbedBody] : ((parsed.requests as EmbedBody[] | undefined) ?? []);
      const texts = items.map((item) => (item.content?.parts ?? []).map((p) => p.text ?? '').join(' '));
      embedRequests.push({ model: model!, texts });
      const embeddings = texts.map((text) => ({ values: stubEmbedding(text) }));
      send(res, 200, method === 'embedContent' ? { embedding: embeddings[0] } : { embeddings });
      return;
    }
    const body = parsed as GeminiRequest['body'] & {
      contents?: { parts?: { text?: string; functionResponse?: { name: string; response?: { content?: unknown } } }[] }[];
    };
    const parts = (body.contents ?? []).flatMap((c) => c.parts ?? []);
    const prompt = parts.map((p) => p.text ?? '').join('\n');
    const functionResponses = parts.flatMap((p) => {
      if (!p.functionResponse) return [];
      const content = p.functionResponse.response?.content;
      let value: unknown = content;
      try {
        value = typeof content === 'string' ? JSON.parse(content) : content;
      } catch {
        // Not JSON: keep the text.
      }
      return [{ name: p.functionResponse.name, content: value }];
    });
    const headerKey = req.headers['x-goog-api-key'];
    const apiKey = typeof headerKey === 'string' ? headerKey : (new URLSearchParams(query ?? '').get('key') ?? undefined);
    requests.push({ model: model!, apiKey, prompt, functionResponses, body });
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
      case 'body':
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(answer.text);
        return;
      case 'functionCall':
        send(res, 200, {
          candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: answer.name, args: answer.args ?? {} } }] }, finishReason: 'STOP', index: 0 }],
          usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
          modelVersion: 'stub',
        });
        return;
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
    embedRequests,
    enqueue: (...replies) => queue.push(...replies),
    reset(next) {
      queue.length = 0;
      requests.length = 0;
      embedRequests.length = 0;
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
    get embedRequests() {
      return ready().embedRequests;
    },
    enqueue: (...replies) => ready().enqueue(...replies),
    reset: (next) => ready().reset(next),
    close: () => ready().close(),
  };
}
