import { describe, expect, it } from 'vitest';
import { createTestUser, useTestApp } from '../../test/harness.js';

// Without Redis the signed-out token is remembered in this process's memory.
const app = useTestApp({ REDIS_ENABLED: '0' });

describe('POST /api/auth/logout without Redis', () => {
  it('still refuses the signed-out access token at once', async () => {
    const pat = await createTestUser(app.ctx);
    const login = await app.request.post('/api/auth/login').send({ email: pat.user.email, password: pat.password });
    const auth = { Authorization: `Bearer ${login.body.token}` };
    expect((await app.request.get('/api/auth/me').set(auth)).status).toBe(200);
    await app.request.post('/api/auth/logout').set(auth).send({ refreshToken: login.body.refreshToken }).expect(204);
    expect((await app.request.get('/api/auth/me').set(auth)).status).toBe(401);
  });
});
