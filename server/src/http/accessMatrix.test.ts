import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp, type TestApp, type TestUser } from '../test/harness.js';
import { listRoutes } from './routeTable.js';

/**
 * Who may call what: one row per route the app registers, one column per
 * caller. Every cell runs on fixtures of its own (a ticket filed by the
 * requester and assigned to the moderator, a canned reply, a pending
 * moderator application by the requester), so one cell's write never decides
 * another's answer.
 *
 * A cell is the status class the caller must get: `ok` is any 2xx; a number
 * is that exact status; `409` marks an allowed call refused by the resource's
 * state, not by the caller's rights. `ai` is a call the caller may make that
 * needs a language model: 2xx, or the documented 503 `ai_unavailable` when the
 * test app has none.
 *
 * A moderator sees the tickets assigned to them and the unassigned ones, so
 * the other moderator gets 404 for the requester's ticket, as a stranger does.
 */
type Expected = 'ok' | 'ai' | 401 | 403 | 404 | 409;

const CALLERS = ['anonymous', 'requester', 'otherUser', 'assignee', 'otherModerator', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

interface Fixtures {
  users: Record<Exclude<Caller, 'anonymous'>, TestUser>;
  ticketId: string;
  ticketNumber: number;
  cannedReplyId: string;
  modRequestId: string;
  attachmentId: string;
}

interface Row {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** The concrete URL, from the fixtures. */
  url?: (f: Fixtures) => string;
  /** A body the schema accepts, so the answer is about the caller. */
  body?: (f: Fixtures, caller: Caller) => object;
  /** A file sent as multipart/form-data (field `file`) instead of a JSON body. */
  file?: { bytes: Buffer; name: string; contentType: string };
  expect: Record<Caller, Expected>;
}

const row = (
  method: Row['method'],
  path: string,
  [anonymous, requester, otherUser, assignee, otherModerator, admin]: [Expected, Expected, Expected, Expected, Expected, Expected],
  extra: Pick<Row, 'url' | 'body' | 'file'> = {},
): Row => ({ method, path, ...extra, expect: { anonymous, requester, otherUser, assignee, otherModerator, admin } });

/** A real 1×1 PNG, for the attachment rows. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const ticketUrl = (suffix: string) => (f: Fixtures) => `/api/tickets/${f.ticketId}${suffix}`;

//                                                                anon  req   other assig othMod admin
const MATRIX: Row[] = [
  row('get', '/api/health', /*                                 */ ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('get', '/api/health/live', /*                            */ ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('get', '/api/health/ready', /*                           */ ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('post', '/api/auth/signup', /*                           */ ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'], {
    body: (_f, caller) => ({ name: 'New Person', email: `signup-${caller}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, password: 'a-long-enough-password-1' }),
  }),
  row('post', '/api/auth/login', /*                            */ ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'], {
    body: (f) => ({ email: f.users.requester.user.email, password: f.users.requester.password }),
  }),
  row('post', '/api/auth/refresh', /*                          */ [401, 401, 401, 401, 401, 401], { body: () => ({ refreshToken: 'x'.repeat(43) }) }),
  row('post', '/api/auth/logout', /*                           */ ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'], { body: () => ({}) }),
  row('post', '/api/auth/logout-all', /*                       */ [401, 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('patch', '/api/auth/password', /*                        */ [401, 'ok', 'ok', 'ok', 'ok', 'ok'], {
    body: (f, caller) => ({ currentPassword: caller === 'anonymous' ? 'x' : f.users[caller].password, newPassword: 'another-long-password-2' }),
  }),
  row('get', '/api/auth/me', /*                                */ [401, 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('patch', '/api/auth/preferences', /*                     */ [401, 'ok', 'ok', 'ok', 'ok', 'ok'], { body: () => ({ notifyByEmail: true }) }),
  row('patch', '/api/auth/status', /*                          */ [401, 'ok', 'ok', 'ok', 'ok', 'ok'], { body: () => ({ status: 'online' }) }),
  row('get', '/api/tickets', /*                                */ [401, 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('post', '/api/tickets', /*                               */ [401, 'ok', 'ok', 'ok', 'ok', 'ok'], {
    body: () => ({ title: 'Printer on fire', description: 'It is on fire.' }),
  }),
  row('post', '/api/tickets/bulk', /*                          */ [401, 403, 403, 403, 403, 'ok'], {
    body: (f) => ({ ids: [f.ticketId], action: 'priority', priority: 'high' }),
  }),
  row('post', '/api/tickets/:id/read', /*                      */ [401, 'ok', 404, 'ok', 404, 'ok'], { url: ticketUrl('/read') }),
  row('get', '/api/tickets/by-number/:number', /*              */ [401, 'ok', 404, 'ok', 404, 'ok'], { url: (f) => `/api/tickets/by-number/${f.ticketNumber}` }),
  row('get', '/api/tickets/:id', /*                            */ [401, 'ok', 404, 'ok', 404, 'ok'], { url: ticketUrl('') }),
  row('patch', '/api/tickets/:id/status', /*                   */ [401, 403, 404, 'ok', 404, 'ok'], { url: ticketUrl('/status'), body: () => ({ status: 'in_progress' }) }),
  row('get', '/api/tickets/:id/comments', /*                   */ [401, 'ok', 404, 'ok', 404, 'ok'], { url: ticketUrl('/comments') }),
  row('post', '/api/tickets/:id/comments', /*                  */ [401, 'ok', 404, 'ok', 404, 'ok'], { url: ticketUrl('/comments'), body: () => ({ body: 'Any news?' }) }),
  row('get', '/api/tickets/:id/attachments', /*                */ [401, 'ok', 404, 'ok', 404, 'ok'], { url: ticketUrl('/attachments') }),
  row('post', '/api/tickets/:id/attachments', /*               */ [401, 'ok', 404, 'ok', 404, 'ok'], {
    url: ticketUrl('/attachments'),
    file: { bytes: PNG, name: 'screenshot.png', contentType: 'image/png' },
  }),
  row('get', '/api/attachments/:id', /*                        */ [401, 'ok', 404, 'ok', 404, 'ok'], { url: (f) => `/api/attachments/${f.attachmentId}` }),
  row('post', '/api/tickets/:id/retriage', /*                  */ [401, 403, 404, 403, 404, 'ok'], { url: ticketUrl('/retriage') }),
  row('post', '/api/tickets/:id/reassign', /*                  */ [401, 403, 404, 403, 404, 'ok'], { url: ticketUrl('/reassign') }),
  row('patch', '/api/tickets/:id/triage', /*                   */ [401, 403, 404, 'ok', 404, 'ok'], { url: ticketUrl('/triage'), body: () => ({ priority: 'high' }) }),
  row('get', '/api/tickets/:id/candidates', /*                 */ [401, 403, 404, 403, 404, 'ok'], { url: ticketUrl('/candidates') }),
  row('post', '/api/tickets/:id/assign', /*                    */ [401, 403, 404, 403, 404, 'ok'], {
    url: ticketUrl('/assign'),
    body: (f) => ({ moderatorId: f.users.otherModerator.actor.id, force: true }),
  }),
  row('post', '/api/tickets/:id/claim', /*                     */ [401, 404, 404, 'ok', 409, 409], { url: ticketUrl('/claim') }),
  row('post', '/api/tickets/:id/release', /*                   */ [401, 403, 404, 'ok', 404, 'ok'], { url: ticketUrl('/release') }),
  row('get', '/api/tickets/:id/similar', /*                    */ [401, 403, 403, 'ok', 404, 'ok'], { url: ticketUrl('/similar') }),
  row('post', '/api/tickets/:id/draft-reply', /*               */ [401, 403, 403, 'ok', 404, 'ok'], { url: ticketUrl('/draft-reply') }),
  row('post', '/api/tickets/:id/ask', /*                       */ [401, 403, 403, 'ai', 404, 'ai'], { url: ticketUrl('/ask'), body: () => ({ question: 'What broke?' }) }),
  row('get', '/api/users/:id/context', /*                      */ [401, 403, 403, 'ok', 404, 'ok'], { url: (f) => `/api/users/${f.users.requester.actor.id}/context` }),
  row('get', '/api/canned-replies', /*                         */ [401, 403, 403, 'ok', 'ok', 'ok']),
  row('post', '/api/canned-replies', /*                        */ [401, 403, 403, 403, 403, 'ok'], { body: () => ({ title: 'Greeting', body: 'Hello there' }) }),
  row('patch', '/api/canned-replies/:id', /*                   */ [401, 403, 403, 403, 403, 'ok'], {
    url: (f) => `/api/canned-replies/${f.cannedReplyId}`,
    body: () => ({ title: 'Greeting, changed' }),
  }),
  row('delete', '/api/canned-replies/:id', /*                  */ [401, 403, 403, 403, 403, 'ok'], { url: (f) => `/api/canned-replies/${f.cannedReplyId}` }),
  row('get', '/api/triage/model', /*                           */ [401, 403, 403, 403, 403, 'ok']),
  row('post', '/api/triage/model/retrain', /*                  */ [401, 403, 403, 403, 403, 'ok']),
  row('get', '/api/users', /*                                  */ [401, 403, 403, 403, 403, 'ok']),
  row('patch', '/api/users/:id', /*                            */ [401, 403, 403, 403, 403, 'ok'], {
    url: (f) => `/api/users/${f.users.otherUser.actor.id}`,
    body: () => ({ skills: ['billing'] }),
  }),
  row('get', '/api/mod-requests', /*                           */ [401, 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('post', '/api/mod-requests', /*                          */ [401, 409, 'ok', 403, 403, 403], {
    body: () => ({ skills: ['billing'], motivation: 'I know the billing system well.' }),
  }),
  row('patch', '/api/mod-requests/:id', /*                     */ [401, 403, 403, 403, 403, 'ok'], {
    url: (f) => `/api/mod-requests/${f.modRequestId}`,
    body: () => ({ status: 'approved' }),
  }),
  row('get', '/api/presence', /*                               */ [401, 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('get', '/api/copilot/runs', /*                           */ [401, 403, 403, 403, 403, 'ok']),
  row('get', '/api/stats', /*                                  */ [401, 403, 403, 403, 403, 'ok']),
  row('get', '/api/sla', /*                                   */ [401, 403, 403, 'ok', 'ok', 'ok']),
  row('put', '/api/sla', /*                                   */ [401, 403, 403, 403, 403, 'ok'], { body: () => ({ targets: { low: { firstResponseMinutes: 480, resolutionMinutes: 4320 } } }) }),
  row('get', '/api/dev/outbox', /*                             */ [401, 403, 403, 403, 403, 'ok']),
  row('get', '/api/openapi.json', /*                           */ ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('get', '/api/docs', /*                                   */ ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  // Supertest calls from loopback, which /metrics admits when no token is set.
  row('get', '/metrics', /*                                    */ ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
];

async function createFixtures(app: TestApp, path: string): Promise<Fixtures> {
  const { ctx } = app;
  const [requester, otherUser, assignee, otherModerator, admin] = await Promise.all([
    createTestUser(ctx),
    createTestUser(ctx),
    createTestUser(ctx, { role: 'moderator', skills: ['billing'] }),
    createTestUser(ctx, { role: 'moderator', skills: ['billing'] }),
    createTestUser(ctx, { role: 'admin' }),
  ]);
  const { id: ticketId, ticket } = await createTestTicket(ctx, requester, { assignee });
  let cannedReplyId = '';
  let modRequestId = '';
  let attachmentId = '';
  if (path.startsWith('/api/attachments/')) {
    const file = await app.request.post(`/api/tickets/${ticketId}/attachments`).set(requester.auth).attach('file', PNG, { filename: 'a.png', contentType: 'image/png' });
    if (file.status !== 201) throw new Error(`fixtures: attachment ${file.status}`);
    attachmentId = (file.body as { attachment: { id: string } }).attachment.id;
  }
  if (path.startsWith('/api/canned-replies/')) {
    const canned = await app.request.post('/api/canned-replies').set(admin.auth).send({ title: 'Refunds', body: 'Refunds take five days.' });
    if (canned.status !== 201) throw new Error(`fixtures: canned reply ${canned.status}`);
    cannedReplyId = (canned.body as { cannedReply: { id: string } }).cannedReply.id;
  }
  if (path.startsWith('/api/mod-requests')) {
    const application = await app.request
      .post('/api/mod-requests')
      .set(requester.auth)
      .send({ skills: ['billing'], motivation: 'I answer billing questions all day.' });
    if (application.status !== 201) throw new Error(`fixtures: application ${application.status}`);
    modRequestId = (application.body as { request: { id: string } }).request.id;
  }
  return {
    users: { requester, otherUser, assignee, otherModerator, admin },
    ticketId,
    ticketNumber: (ticket as unknown as { filingNumber: number }).filingNumber,
    cannedReplyId,
    modRequestId,
    attachmentId,
  };
}

const isAiUnavailable = (status: number, code: string | undefined) => status === 503 && code === 'ai_unavailable';

function matches(status: number, code: string | undefined, expected: Expected): boolean {
  if (expected === 'ai' && isAiUnavailable(status, code)) return true;
  return expected === 'ok' || expected === 'ai' ? status >= 200 && status < 300 : status === expected;
}

describe('the role × endpoint access matrix', () => {
  const app = useTestApp();

  it('has one row for every route the app registers, and none for a route it does not', () => {
    const registered = listRoutes(app.assembly.app)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const listed = MATRIX.map((r) => `${r.method} ${r.path}`).sort();
    expect(listed).toEqual(registered);
  });

  it.concurrent.each(MATRIX.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s answers each caller as the table says, and never with a 5xx',
    async (_name, r) => {
      // A read leaves the fixtures as they were, so its callers share one set; a write gives each caller its own.
      const shared = r.method === 'get' ? await createFixtures(app, r.path) : null;
      const fixtures = await Promise.all(CALLERS.map(() => shared ?? createFixtures(app, r.path)));
      const answers = await Promise.all(
        CALLERS.map(async (caller, i) => {
          const f = fixtures[i]!;
          let request = app.request[r.method](r.url ? r.url(f) : r.path);
          if (caller !== 'anonymous') request = request.set(f.users[caller].auth);
          const res = await (r.file
            ? request.attach('file', r.file.bytes, { filename: r.file.name, contentType: r.file.contentType })
            : r.body
              ? request.send(r.body(f, caller))
              : request);
          return { caller, status: res.status, code: (res.body as { error?: { code?: string } })?.error?.code };
        }),
      );
      const got = Object.fromEntries(answers.map((a) => [a.caller, a]));
      for (const a of answers) {
        if (!(r.expect[a.caller] === 'ai' && isAiUnavailable(a.status, a.code))) {
          expect(a.status, `${a.caller}: ${a.status} ${a.code ?? ''}`).toBeLessThan(500);
        }
        if (a.status >= 400) expect(a.code, `${a.caller}: error body without a code`).toEqual(expect.any(String));
      }
      const mismatches = CALLERS.filter((c) => !matches(got[c]!.status, got[c]!.code, r.expect[c]));
      expect(mismatches.map((c) => `${c}: expected ${r.expect[c]}, got ${got[c]!.status}`)).toEqual([]);
    },
  );
});
