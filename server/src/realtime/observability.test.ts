import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../http/app.js';
import { capturedLogger } from '../test/capturedLog.js';
import { createTestUser, useTestApp } from '../test/harness.js';
import { openClient } from '../test/socketHarness.js';
import { attachRealtime, type Realtime } from './io.js';

const app = useTestApp();
const { logger, lines } = capturedLogger('debug');
let realtime: Realtime;
let url = '';
let http: ReturnType<typeof createServer>;

beforeAll(async () => {
  const ctx = { ...app.ctx, logger };
  http = createServer(createApp(ctx));
  realtime = await attachRealtime(http, ctx);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await realtime.close();
  await new Promise((resolve) => http.close(resolve));
});

const connections = async () => {
  const text = await app.ctx.metrics.registry.getSingleMetricAsString('relaydesk_socket_connections');
  return Number(text.trim().split('\n').at(-1)!.split(' ').at(-1));
};

describe('the real-time layer, observed', () => {
  it('counts open connections up and down', async () => {
    const person = await createTestUser(app.ctx);
    const before = await connections();
    const client = await openClient(url, person.token, { reconnection: false });
    expect(await connections()).toBe(before + 1);
    client.disconnect();
    await expect.poll(connections).toBe(before);
  });

  it('logs the socket messages a request caused with that request id', async () => {
    const person = await createTestUser(app.ctx);
    const res = await supertest(url)
      .post('/api/tickets')
      .set(person.auth)
      .set('X-Request-Id', 'emit-trace-1')
      .send({ title: 'Export button does nothing', description: 'Clicking export on the reports page has no effect at all.' });
    expect(res.status).toBe(201);
    await expect
      .poll(() => lines.filter((l) => l.msg === 'emitting socket messages' && l.domainEvent === 'ticket.created'))
      .toEqual([expect.objectContaining({ requestId: 'emit-trace-1' })]);
  });
});
