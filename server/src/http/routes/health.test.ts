import { describe, expect, it } from 'vitest';
import { healthSchema } from '@relaydesk/shared';
import { useTestApp } from '../../test/harness.js';

const app = useTestApp();

describe('GET /api/health', () => {
  it('reports the process, the database and Redis as up', async () => {
    const res = await app.request.get('/api/health');
    expect(res.status).toBe(200);
    const health = healthSchema.parse(res.body);
    expect(health).toMatchObject({ status: 'ok', mongo: { state: 'up' }, redis: { state: 'up' } });
  });

  it('sets security headers', async () => {
    const res = await app.request.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows listed origins only', async () => {
    const allowed = await app.request.get('/api/health').set('Origin', 'http://localhost:5173');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const refused = await app.request.get('/api/health').set('Origin', 'https://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});
