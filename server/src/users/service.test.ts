import { describe, expect, it } from 'vitest';
import { UserModel } from './userModel.js';
import { useTestApp } from '../test/harness.js';

const app = useTestApp();

describe('ensureAdmin', () => {
  it('creates the admin once and is idempotent, including concurrent starts', async () => {
    const admin = { email: 'first-admin@example.test', password: 'admin-password', name: 'First Admin' };
    const outcomes = await Promise.all([app.ctx.services.users.ensureAdmin(admin), app.ctx.services.users.ensureAdmin(admin)]);
    expect(outcomes.sort()).toEqual(['created', 'unchanged']);
    expect(await app.ctx.services.users.ensureAdmin(admin)).toBe('unchanged');
    expect(await UserModel.countDocuments({ email: admin.email })).toBe(1);
    const login = await app.request.post('/api/auth/login').send({ email: admin.email, password: admin.password });
    expect(login.body.user.role).toBe('admin');
  });

  it('promotes an existing account without changing its password', async () => {
    const signup = await app.request.post('/api/auth/signup').send({ name: 'Existing', email: 'promote-me@example.test', password: 'my-own-password' });
    expect(signup.status).toBe(201);
    expect(await app.ctx.services.users.ensureAdmin({ email: 'promote-me@example.test', password: 'other-password', name: 'X' })).toBe('promoted');
    const login = await app.request.post('/api/auth/login').send({ email: 'promote-me@example.test', password: 'my-own-password' });
    expect(login.body.user.role).toBe('admin');
  });
});
