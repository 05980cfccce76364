import type { Request } from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestUser, testConfig, useTestApp } from '../../test/harness.js';
import { createApp } from '../app.js';
import { metricsAccess } from './metrics.js';

const app = useTestApp({}, { workflows: () => ({ runner: { pollIntervalMs: 20 }, catchUp: false }) });

/** The value of one sample line of the exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const line = text.split('\n').find((l) => {
    if (!l.startsWith(`${name}{`) && !l.startsWith(`${name} `)) return false;
    return Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`));
  });
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics', () => {
  it('serves Prometheus text to this machine when no token is configured', async () => {
    const res = await app.request.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE relaydesk_http_request_duration_seconds histogram');
    expect(res.text).toContain('relaydesk_process_resident_memory_bytes');
    expect(sample(res.text, 'relaydesk_dependency_up', { dependency: 'mongo' })).toBe(1);
    expect(sample(res.text, 'relaydesk_dependency_up', { dependency: 'redis' })).toBe(1);
    expect(sample(res.text, 'relaydesk_workflow_runs_due')).toEqual(expect.any(Number));
    expect(sample(res.text, 'relaydesk_socket_connections')).toBe(0);
  });

  it('times requests by route pattern and status class, not by raw path', async () => {
    const user = await createTestUser(app.ctx);
    await app.request.get('/api/tickets/0123456789abcdef01234567').set(user.auth).expect(404);
    await app.request.get('/api/tickets/76543210fedcba9876543210').set(user.auth).expect(404);
    const { text } = await app.request.get('/metrics');
    const labels = { method: 'GET', route: '/api/tickets/:id', status_class: '4xx' };
    expect(sample(text, 'relaydesk_http_request_duration_seconds_count', labels)).toBe(2);
    expect(text).not.toContain('0123456789abcdef01234567');
  });

  it('counts cache hits and misses as the cache serves reads', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const before = await app.request.get('/metrics');
    const hitsBefore = sample(before.text, 'relaydesk_cache_reads_total', { result: 'hit' }) ?? 0;
    const missesBefore = sample(before.text, 'relaydesk_cache_reads_total', { result: 'miss' }) ?? 0;
    await app.request.get('/api/stats').set(admin.auth).expect(200);
    await app.request.get('/api/stats').set(admin.auth).expect(200);
    const after = await app.request.get('/metrics');
    expect(sample(after.text, 'relaydesk_cache_reads_total', { result: 'miss' })).toBeGreaterThan(missesBefore);
    expect(sample(after.text, 'relaydesk_cache_reads_total', { result: 'hit' })).toBeGreaterThan(hitsBefore);
  });

  it('counts workflow attempts by function and state, and triage by engine', async () => {
    const user = await createTestUser(app.ctx);
    await app.request
      .post('/api/tickets')
      .set(user.auth)
      .send({ title: 'Refund not received', description: 'I was promised a refund two weeks ago and it has not arrived.' })
      .expect(201);
    await app.assembly.workflows!.runner!.waitForIdle();
    const { text } = await app.request.get('/metrics');
    expect(sample(text, 'relaydesk_workflow_attempts_total', { function: 'triage-ticket', state: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'relaydesk_workflow_attempt_duration_seconds_count', { function: 'triage-ticket', state: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'relaydesk_triage_total', { engine: 'local' })).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const token = 'scrape-token-0123456789';
  const withToken = () => supertest(createApp({ ...app.ctx, config: testConfig({ METRICS_TOKEN: token }) }));

  it('refuses a scrape without the token or with another one', async () => {
    const missing = await withToken().get('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthenticated');
    const wrong = await withToken().get('/metrics').set('Authorization', 'Bearer not-the-token-at-all');
    expect(wrong.status).toBe(401);
  });

  it('serves the metrics with the token', async () => {
    const res = await withToken().get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('relaydesk_http_request_duration_seconds');
  });
});

describe('metrics access without a token', () => {
  const attempt = (remoteAddress: string, headers: Record<string, string> = {}) => {
    const req = { headers, socket: { remoteAddress } } as unknown as Request;
    let passed = false;
    try {
      metricsAccess(undefined)(req, {} as never, () => (passed = true));
    } catch (err) {
      return (err as { code?: string }).code;
    }
    return passed ? 'allowed' : 'stuck';
  };

  it('allows loopback connections, IPv4 and IPv6', () => {
    expect(attempt('127.0.0.1')).toBe('allowed');
    expect(attempt('::1')).toBe('allowed');
    expect(attempt('::ffff:127.0.0.1')).toBe('allowed');
  });

  it('refuses other addresses, whatever X-Forwarded-For claims', () => {
    expect(attempt('10.1.2.3')).toBe('forbidden');
    expect(attempt('203.0.113.9', { 'x-forwarded-for': '127.0.0.1' })).toBe('forbidden');
  });
});
