import { describe, expect, it } from 'vitest';
import { createTestUser, useTestApp, type TestUser } from '../test/harness.js';
import { nextEvent, useSocketServer, type TestClient } from '../test/socketHarness.js';

const app = useTestApp();
const server = useSocketServer(app);
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function logIn(person: TestUser): Promise<{ token: string; refreshToken: string }> {
  const res = await app.request.post('/api/auth/login').send({ email: person.user.email, password: person.password });
  return { token: res.body.token, refreshToken: res.body.refreshToken };
}

/** Resolves with the reason the server gave when it ended `client`'s session, once it has disconnected it. */
async function ended(client: TestClient): Promise<string> {
  const said = nextEvent(client, 'session_ended');
  const reason = await new Promise<string>((resolve) => client.once('disconnect', resolve));
  expect(reason).toBe('io server disconnect');
  return (await said).reason;
}

describe('live connections when sessions end', () => {
  it('logout-all disconnects every live connection of the user, saying they signed out', async () => {
    const pat = await createTestUser(app.ctx);
    const phone = await logIn(pat);
    const laptop = await logIn(pat);
    const clients = [await server.connect(phone.token, { reconnection: false }), await server.connect(laptop.token, { reconnection: false })];
    const reasons = clients.map(ended);
    await app.request.post('/api/auth/logout-all').set(bearer(laptop.token)).expect(204);
    expect(await Promise.all(reasons)).toEqual(['signed_out', 'signed_out']);
  });

  it('logout disconnects only the connections opened with the token signed out, which cannot connect again', async () => {
    const pat = await createTestUser(app.ctx);
    const here = await logIn(pat);
    const elsewhere = await logIn(pat);
    const mine = await server.connect(here.token, { reconnection: false });
    const other = await server.connect(elsewhere.token, { reconnection: false });
    const reason = ended(mine);
    await app.request.post('/api/auth/logout').set(bearer(here.token)).send({ refreshToken: here.refreshToken }).expect(204);
    expect(await reason).toBe('signed_out');
    await server.barrier(other);
    expect(other.connected).toBe(true);
    const refused = (await server.connect(here.token, { reconnection: false }).catch((e: unknown) => e)) as Error;
    expect(refused.message).toBe('invalid or expired token');
  });

  it('a password change disconnects the live connections of every session', async () => {
    const pat = await createTestUser(app.ctx);
    const session = await logIn(pat);
    const client = await server.connect(session.token, { reconnection: false });
    const reason = ended(client);
    await app.request
      .patch('/api/auth/password')
      .set(bearer(session.token))
      .send({ currentPassword: pat.password, newPassword: 'a-brand-new-secret' })
      .expect(200);
    expect(await reason).toBe('password_changed');
    const refused = (await server.connect(session.token, { reconnection: false }).catch((e: unknown) => e)) as Error;
    expect(refused.message).toBe('invalid or expired token');
  });

  it('a demotion disconnects the demoted moderator, whose old token cannot connect again', async () => {
    const moderator = await createTestUser(app.ctx, { role: 'moderator' });
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const client = await server.connect(moderator.token, { reconnection: false });
    const reason = ended(client);
    await app.request.patch(`/api/users/${moderator.actor.id}`).set(admin.auth).send({ role: 'user' }).expect(200);
    expect(await reason).toBe('role_changed');
    const refused = (await server.connect(moderator.token, { reconnection: false }).catch((e: unknown) => e)) as Error;
    expect(refused.message).toBe('invalid or expired token');
  });
});
