import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createMetrics } from '../../platform/metrics.js';
import { requestIdFrom } from '../../platform/requestContext.js';
import { capturedLogger } from '../../test/capturedLog.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';
import { WorkflowRunModel } from '../../workflows/runner/runModel.js';

const app = useTestApp({}, { workflows: () => ({ runner: { pollIntervalMs: 20 }, catchUp: false }) });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The test app's routes with a logger whose lines the test reads. */
function appWithCapturedLog() {
  const { logger, lines } = capturedLogger('info');
  const express = createApp({ ...app.ctx, logger, metrics: createMetrics({ processMetrics: false }) }, { inngestHandler: null });
  return { request: supertest(express), lines };
}

describe('request ids', () => {
  it('keeps an acceptable X-Request-Id and returns it', async () => {
    const res = await app.request.get('/api/health/live').set('X-Request-Id', 'edge-7f3a.42:retry_1');
    expect(res.headers['x-request-id']).toBe('edge-7f3a.42:retry_1');
  });

  it('replaces an X-Request-Id that is too long or has unsafe characters with a fresh UUID', async () => {
    for (const given of ['x'.repeat(129), 'id with spaces', 'id\u00e9', '<script>']) {
      const res = await app.request.get('/api/health/live').set('X-Request-Id', given);
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
    expect(requestIdFrom(['first-id', 'second-id'])).toBe('first-id');
  });

  it('generates one when none is sent, a different one for each request', async () => {
    const [a, b] = await Promise.all([app.request.get('/api/health/live'), app.request.get('/api/health/live')]);
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('answers errors with the id too', async () => {
    const res = await app.request.get('/api/no-such-thing').set('X-Request-Id', 'lost-1');
    expect(res.status).toBe(404);
    expect(res.headers['x-request-id']).toBe('lost-1');
  });
});

describe('request logs', () => {
  it('logs each request once with method, route pattern, status, duration and id', async () => {
    const { request, lines } = appWithCapturedLog();
    const user = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, user);
    const res = await request.get(`/api/tickets/${id}`).set(user.auth).set('X-Request-Id', 'log-check-1');
    expect(res.status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));

    const finished = lines.filter((l) => l.msg === 'request finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ requestId: 'log-check-1', method: 'GET', route: '/api/tickets/:id', status: 200 });
    expect(finished[0]!.durationMs).toEqual(expect.any(Number));
  });

  it('names the route pattern of a request that failed in its handler, and groups unknown paths', async () => {
    const { request, lines } = appWithCapturedLog();
    const user = await createTestUser(app.ctx);
    await request.get('/api/tickets/0123456789abcdef01234567').set(user.auth).expect(404);
    await request.get('/api/definitely/not/here').expect(404);
    await new Promise((resolve) => setImmediate(resolve));
    const finished = lines.filter((l) => l.msg === 'request finished');
    expect(finished.map((l) => [l.route, l.status])).toEqual([
      ['/api/tickets/:id', 404],
      ['(unmatched)', 404],
    ]);
  });

  it('carries the id into lines logged while the request is handled, after its body was read', async () => {
    const { request, lines } = appWithCapturedLog();
    await request.post('/api/auth/login').set('X-Request-Id', 'login-1').send({ email: 'nobody@example.test', password: 'wrong-password' });
    await new Promise((resolve) => setImmediate(resolve));
    const own = lines.filter((l) => l.requestId === 'login-1');
    expect(own.length).toBeGreaterThanOrEqual(1);
    expect(lines.filter((l) => l.msg === 'request finished' && l.route === '/api/auth/login')).toHaveLength(1);
  });
});

describe('request ids in workflow runs', () => {
  it('stores the id of the request that filed a ticket on the runs its events queued', async () => {
    const user = await createTestUser(app.ctx);
    const res = await app.request
      .post('/api/tickets')
      .set(user.auth)
      .set('X-Request-Id', 'file-ticket-1')
      .send({ title: 'Cannot log in', description: 'The login page says my password is wrong since this morning.' });
    expect(res.status).toBe(201);
    await app.assembly.workflows!.runner!.waitForIdle();

    const runs = await WorkflowRunModel.find({ eventId: `ticket-created:${res.body.ticket.id as string}` }).lean();
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((run) => run.requestId === 'file-ticket-1')).toBe(true);
    // What those runs sent on (assignment after triage) belongs to the same request.
    const followUps = await WorkflowRunModel.find({ requestId: 'file-ticket-1' }).lean();
    expect(followUps.length).toBeGreaterThanOrEqual(runs.length);
  });
});
