import { afterEach, describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../platform/circuitBreaker.js';
import { createLogger } from '../platform/logger.js';
import { useGeminiStub, VALID_GEMINI_TRIAGE } from '../test/geminiStub.js';
import { createGeminiTriageEngine, GeminiTriageError, parseTriage } from './geminiEngine.js';

const stub = useGeminiStub();
const logger = createLogger('silent');
const TICKET = { title: 'Checkout broken', description: 'Paying fails with an error since this morning.' };

function engine(overrides: { timeoutMs?: number; threshold?: number; now?: () => number } = {}) {
  const breaker = createCircuitBreaker({ threshold: overrides.threshold ?? 5, cooldownMs: 1_000, now: overrides.now });
  const sleeps: number[] = [];
  const gemini = createGeminiTriageEngine({
    apiKey: 'test-key',
    model: 'gemini-test',
    baseUrl: stub.url,
    timeoutMs: overrides.timeoutMs ?? 2_000,
    breaker,
    logger,
    retryBaseMs: 5,
    retryMaxMs: 20,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { gemini, breaker, sleeps };
}

afterEach(() => stub.reset({ kind: 'json', body: VALID_GEMINI_TRIAGE }));

describe('Gemini triage engine', () => {
  it('asks for JSON against the triage schema and returns the validated answer', async () => {
    const { gemini } = engine();
    await expect(gemini.classify(TICKET)).resolves.toEqual(VALID_GEMINI_TRIAGE);
    const [request] = stub.requests;
    expect(request).toMatchObject({ model: 'gemini-test', apiKey: 'test-key' });
    expect(request!.body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', required: ['summary', 'priority', 'relatedSkills', 'helpfulNotes', 'category'] },
    });
    expect(request!.prompt).toContain('Checkout broken');
  });

  it('normalises what the schema normalises (trimmed, lower-case skills)', async () => {
    stub.enqueue({ kind: 'json', body: { ...VALID_GEMINI_TRIAGE, summary: '  Spaced  ', relatedSkills: ['Node '] } });
    const { gemini } = engine();
    await expect(gemini.classify(TICKET)).resolves.toMatchObject({ summary: 'Spaced', relatedSkills: ['node'] });
  });

  it('retries a schema-invalid answer once, telling the model what was wrong', async () => {
    stub.enqueue({ kind: 'json', body: { ...VALID_GEMINI_TRIAGE, priority: 'critical', category: undefined } }, { kind: 'json', body: VALID_GEMINI_TRIAGE });
    const { gemini } = engine();
    await expect(gemini.classify(TICKET)).resolves.toEqual(VALID_GEMINI_TRIAGE);
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[0]!.prompt).not.toContain('rejected');
    expect(stub.requests[1]!.prompt).toContain('Your previous answer was rejected');
    expect(stub.requests[1]!.prompt).toContain('priority');
    expect(stub.requests[1]!.prompt).toContain('category');
  });

  it('retries malformed JSON once and succeeds', async () => {
    stub.enqueue({ kind: 'text', text: '{"summary": "cut off' }, { kind: 'json', body: VALID_GEMINI_TRIAGE });
    const { gemini } = engine();
    await expect(gemini.classify(TICKET)).resolves.toEqual(VALID_GEMINI_TRIAGE);
    expect(stub.requests[1]!.prompt).toContain('it was not valid JSON');
  });

  it('gives up with invalid_output after two invalid answers', async () => {
    stub.reset({ kind: 'text', text: 'Sure! Here is the triage: high priority.' });
    const { gemini, breaker } = engine();
    const error = await gemini.classify(TICKET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeminiTriageError);
    expect(error).toMatchObject({ kind: 'invalid_output' });
    expect(stub.requests).toHaveLength(2);
    // Bad answers are not an outage.
    expect(breaker.state()).toBe('closed');
  });

  it('backs off and retries a 429, honouring the requested delay', async () => {
    stub.enqueue({ kind: 'status', status: 429, retryDelay: '0.015s' }, { kind: 'json', body: VALID_GEMINI_TRIAGE });
    const { gemini, sleeps } = engine();
    await expect(gemini.classify(TICKET)).resolves.toEqual(VALID_GEMINI_TRIAGE);
    expect(stub.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(15);
  });

  it('retries 5xx answers and gives up as unavailable', async () => {
    stub.reset({ kind: 'status', status: 500 });
    const { gemini, sleeps } = engine();
    await expect(gemini.classify(TICKET)).rejects.toMatchObject({ kind: 'unavailable', message: expect.stringContaining('HTTP 500') });
    expect(stub.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('does not retry a 4xx that a retry cannot fix', async () => {
    stub.reset({ kind: 'status', status: 400 });
    const { gemini } = engine();
    await expect(gemini.classify(TICKET)).rejects.toMatchObject({ kind: 'rejected' });
    expect(stub.requests).toHaveLength(1);
  });

  it('times out a slow answer and counts it as unavailable', async () => {
    stub.reset({ kind: 'slow', delayMs: 1_000, then: { kind: 'json', body: VALID_GEMINI_TRIAGE } });
    const { gemini } = engine({ timeoutMs: 100 });
    const started = Date.now();
    await expect(gemini.classify(TICKET)).rejects.toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/timed out|abort/i) });
    expect(Date.now() - started).toBeLessThan(1_000 * 3);
  });

  it('opens the circuit after repeated failures and then stops calling', async () => {
    stub.reset({ kind: 'status', status: 503 });
    const clock = { now: 0 };
    const { gemini, breaker } = engine({ threshold: 4, now: () => clock.now });
    await expect(gemini.classify(TICKET)).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(gemini.classify(TICKET)).rejects.toMatchObject({ kind: 'circuit_open' });
    expect(stub.requests).toHaveLength(4);
    expect(breaker.state()).toBe('open');

    // While open: no request at all.
    await expect(gemini.classify(TICKET)).rejects.toMatchObject({ kind: 'circuit_open' });
    expect(stub.requests).toHaveLength(4);

    // After the cool-down one trial goes through; its success closes the circuit.
    stub.reset({ kind: 'json', body: VALID_GEMINI_TRIAGE });
    clock.now = 1_000;
    await expect(gemini.classify(TICKET)).resolves.toEqual(VALID_GEMINI_TRIAGE);
    expect(breaker.state()).toBe('closed');
  });
});

describe('parseTriage', () => {
  it('accepts a valid answer and explains an invalid one', () => {
    expect(parseTriage(JSON.stringify(VALID_GEMINI_TRIAGE))).toMatchObject({ ok: true });
    expect(parseTriage('')).toEqual({ ok: false, problem: 'it was empty' });
    expect(parseTriage('{"summary": 1}')).toMatchObject({ ok: false, problem: expect.stringContaining('summary') });
  });
});
