import { describe, expect, it } from 'vitest';
import { loadConfig } from './env.js';

const base = { JWT_SECRET: 'x'.repeat(40), DATA_DIR: '.data/test' };

describe('workflow, model and mail settings', () => {
  it('default to in-process workflows, the local triage engine and the development outbox', () => {
    const config = loadConfig(base);
    expect(config.gemini).toEqual({ apiKey: undefined, model: 'gemini-2.0-flash', baseUrl: undefined, timeoutMs: 15_000 });
    expect(config.mail).toEqual({ sendgridApiKey: undefined, from: 'RelayDesk <no-reply@relaydesk.local>', sendgridBaseUrl: undefined });
    expect(config.inngest).toEqual({ enabled: false, eventKey: undefined, signingKey: undefined, isDev: false, baseUrl: undefined });
    expect(config.assignment).toEqual({ capacity: 10 });
  });

  it.each([
    [{ INNGEST_EVENT_KEY: 'evt' }, { enabled: true, isDev: false }],
    [{ INNGEST_SIGNING_KEY: 'signkey-prod-abc' }, { enabled: true, isDev: false }],
    [{ INNGEST_DEV: '1' }, { enabled: true, isDev: true, baseUrl: undefined }],
    [{ INNGEST_DEV: '0' }, { enabled: false, isDev: false }],
    [{ INNGEST_DEV: 'http://127.0.0.1:8288' }, { enabled: true, isDev: true, baseUrl: 'http://127.0.0.1:8288' }],
    [{ INNGEST_BASE_URL: 'https://inngest.internal' }, { enabled: true, isDev: false, baseUrl: 'https://inngest.internal' }],
  ])('sends workflows to Inngest when configured: %j', (env, expected) => {
    expect(loadConfig({ ...base, ...env }).inngest).toMatchObject(expected);
  });

  it('reads the model, mail and capacity settings', () => {
    const config = loadConfig({
      ...base,
      GEMINI_API_KEY: 'key',
      GEMINI_MODEL: 'gemini-2.5-flash',
      GEMINI_BASE_URL: 'http://127.0.0.1:9999/',
      GEMINI_TIMEOUT_MS: '2500',
      SENDGRID_API_KEY: 'SG.key',
      SENDGRID_FROM: 'Desk <desk@example.test>',
      SENDGRID_BASE_URL: 'http://127.0.0.1:9998',
      ASSIGNMENT_CAPACITY: '4',
    });
    expect(config.gemini).toEqual({ apiKey: 'key', model: 'gemini-2.5-flash', baseUrl: 'http://127.0.0.1:9999', timeoutMs: 2_500 });
    expect(config.mail).toEqual({ sendgridApiKey: 'SG.key', from: 'Desk <desk@example.test>', sendgridBaseUrl: 'http://127.0.0.1:9998' });
    expect(config.assignment.capacity).toBe(4);
  });

  it('reports bad values together', () => {
    try {
      loadConfig({ ...base, GEMINI_TIMEOUT_MS: 'soon', GEMINI_BASE_URL: 'not a url', ASSIGNMENT_CAPACITY: '0', INNGEST_DEV: 'maybe' });
      expect.unreachable();
    } catch (err) {
      for (const name of ['GEMINI_TIMEOUT_MS', 'GEMINI_BASE_URL', 'ASSIGNMENT_CAPACITY', 'INNGEST_DEV']) expect((err as Error).message).toContain(name);
    }
  });
});
