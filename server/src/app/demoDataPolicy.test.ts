import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/env.js';
import { useTestApp } from '../test/harness.js';
import { prepareData, wantsDemoData } from './startServer.js';

const secret = { JWT_SECRET: 'p'.repeat(48), DATA_DIR: '.data/test' };
const emptyEmbedded = { isEmbedded: true, isEmpty: async () => true };

describe('demo data at start-up', () => {
  const app = useTestApp({ NODE_ENV: 'production' });

  it('is not loaded in production on an empty embedded database, so the demo admin cannot log in', async () => {
    await prepareData(app.ctx, true);
    const res = await app.request.post('/api/auth/login').send({ email: 'admin@relaydesk.test', password: 'admin-demo-pass' });
    expect(res.status).toBe(401);
  });

  it('is loaded on a fresh clone with nothing set (development on an empty embedded database)', async () => {
    const config = loadConfig({ DATA_DIR: '.data/test' });
    expect(config.env).toBe('development');
    expect(await wantsDemoData(config, emptyEmbedded)).toBe(true);
  });

  it('is not loaded automatically in production, in tests, or on an external database', async () => {
    expect(await wantsDemoData(loadConfig({ ...secret, NODE_ENV: 'production' }), emptyEmbedded)).toBe(false);
    expect(await wantsDemoData(loadConfig({ ...secret, NODE_ENV: 'test' }), emptyEmbedded)).toBe(false);
    expect(await wantsDemoData(loadConfig(secret), { isEmbedded: false, isEmpty: async () => true })).toBe(false);
  });

  it('is loaded with SEED_DEMO=always outside production, and that setting refuses to start in production', async () => {
    expect(await wantsDemoData(loadConfig({ ...secret, SEED_DEMO: 'always' }), { isEmbedded: false, isEmpty: async () => false })).toBe(true);
    expect(() => loadConfig({ ...secret, NODE_ENV: 'production', SEED_DEMO: 'always' })).toThrow(/SEED_DEMO: `always` is refused/);
  });
});
