import { triageResultSchema } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../platform/circuitBreaker.js';
import { createLogger } from '../platform/logger.js';
import { useGeminiStub, VALID_GEMINI_TRIAGE } from '../test/geminiStub.js';
import { createGeminiTriageEngine, GeminiTriageError } from './geminiEngine.js';
import { createTriageService } from './engine.js';

const stub = useGeminiStub();
const logger = createLogger('silent');

const TICKET = {
  title: 'Invoice charged twice',
  description: 'My card 4111 1111 1111 1111 was billed twice. Reach me at ann.smith@example.com or +44 7700 900123.',
};

function serviceWithStub() {
  const remote = createGeminiTriageEngine({
    apiKey: 'k',
    model: 'gemini-test',
    baseUrl: stub.url,
    timeoutMs: 500,
    breaker: createCircuitBreaker(),
    logger,
    retryBaseMs: 1,
    retryMaxMs: 2,
  });
  return createTriageService({ remote, logger });
}

describe('triage service', () => {
  it('uses Gemini when it answers, sending only redacted text', async () => {
    stub.reset({ kind: 'json', body: VALID_GEMINI_TRIAGE });
    const outcome = await serviceWithStub().triageTicket(TICKET);
    expect(outcome).toMatchObject({ engine: 'gemini', result: VALID_GEMINI_TRIAGE });
    expect(outcome.fallbackReason).toBeUndefined();
    const prompt = stub.requests.map((r) => r.prompt).join('\n');
    expect(prompt).toContain('[email]');
    expect(prompt).not.toContain('ann.smith@example.com');
    expect(prompt).not.toContain('4111');
    expect(prompt).not.toContain('7700 900123');
  });

  it.each([
    ['a server error', { kind: 'status', status: 500 } as const, 'unavailable'],
    ['output that never validates', { kind: 'text', text: 'not json' } as const, 'invalid_output'],
    ['a slow answer', { kind: 'slow', delayMs: 2_000, then: { kind: 'json', body: VALID_GEMINI_TRIAGE } } as const, 'unavailable'],
  ])('falls back to the local engine on %s', async (_label, reply, kind) => {
    stub.reset(reply);
    const outcome = await serviceWithStub().triageTicket(TICKET);
    expect(outcome.engine).toBe('local');
    expect(outcome.fallbackReason).toMatch(new RegExp(`^${kind}:`));
    expect(triageResultSchema.safeParse(outcome.result).success).toBe(true);
    expect(outcome.result.relatedSkills).toContain('billing');
  });

  it('uses the local engine alone when no model is configured', async () => {
    const outcome = await createTriageService({ remote: null, logger }).triageTicket(TICKET);
    expect(outcome).toMatchObject({ engine: 'local', result: { category: 'billing' } });
    expect(outcome.fallbackReason).toBeUndefined();
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('falls back on any engine error, not only Gemini ones', async () => {
    const service = createTriageService({
      remote: {
        name: 'gemini',
        classify: async () => {
          throw new TypeError('boom');
        },
      },
      logger,
    });
    await expect(service.triageTicket(TICKET)).resolves.toMatchObject({ engine: 'local', fallbackReason: 'unexpected error' });
    expect(new GeminiTriageError('rejected', 'x').kind).toBe('rejected');
  });
});
