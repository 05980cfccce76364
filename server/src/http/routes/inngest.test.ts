import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { assembleRelayDesk } from '../../app/compositionRoot.js';
import { testConfig, useTestApp } from '../../test/harness.js';

// No Inngest setting: workflows run in-process.
const app = useTestApp();

describe('/api/inngest', () => {
  it('does not exist in the default (in-process) mode, and answers 404 without reading the body', async () => {
    const broken = await app.request.post('/api/inngest').set('Content-Type', 'application/json').send('{"not json');
    expect(broken.status).toBe(404);
    expect(broken.body.error.code).toBe('not_found');

    const started = Date.now();
    const large = await app.request
      .post('/api/inngest')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ steps: 'x'.repeat(3_000_000) }));
    expect(large.status).toBe(404);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('is rate limited per IP in Inngest mode', async () => {
    const config = testConfig({ INNGEST_DEV: '1', INNGEST_RATE_LIMIT_MAX: '2' });
    const inngestMode = await assembleRelayDesk({ config, logger: app.ctx.logger, redis: app.redis, mongoEngine: 'test', workflows: { catchUp: false } });
    const inngestApp = supertest(inngestMode.app);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await inngestApp.post('/api/inngest').send({ event: {} })).status);
    await inngestMode.stop();
    expect(statuses.at(-1)).toBe(429);
  });
});
