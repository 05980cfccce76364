import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { connectRedis } from '../platform/redis.js';
import { deleteOwnKeys, TEST_JWT_SECRET } from '../test/harness.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The real server as a child process, on its own database and key prefix, with its output collected. */
function startChild(mongoUri: string, dataDir: string, redisKeyPrefix: string) {
  // tsx as a loader rather than its CLI: the CLI sits in between and relays signals itself.
  const child: ChildProcess = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      MONGO_URI: mongoUri,
      DATA_DIR: dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      BCRYPT_ROUNDS: '4',
      SEED_DEMO: 'never',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '20000',
      REDIS_KEY_PREFIX: redisKeyPrefix,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpExecArray) => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) {
      const m = w.pattern.exec(output);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  /** Resolves when the output shows `pattern`; fails if the process exits first. */
  const printed = (pattern: RegExp) =>
    Promise.race([
      new Promise<RegExpExecArray>((resolve) => {
        const m = pattern.exec(output);
        if (m) resolve(m);
        else waiters.push({ pattern, resolve });
      }),
      exited.then((code) => {
        throw new Error(`the server exited (${code}) before printing ${pattern}:\n${output}`);
      }),
    ]);
  return { child, printed, exited, output: () => output };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A POST held open by its client: the server has read the headers (it answered
 * `100 Continue`, so `accepted` resolves) and its handler waits for the body until `finish`.
 */
function heldPost(base: string, urlPath: string, token: string, body: unknown) {
  const payload = Buffer.from(JSON.stringify(body));
  // A keep-alive client of its own: only the server's drain makes it `Connection: close`.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const req = http.request(new URL(urlPath, base), {
    method: 'POST',
    agent,
    headers: {
      'content-type': 'application/json',
      'content-length': payload.length,
      authorization: `Bearer ${token}`,
      expect: '100-continue',
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
  });
  const accepted = new Promise<void>((resolve) => req.once('continue', () => resolve()));
  req.flushHeaders();
  return { accepted, answer, finish: () => req.end(payload), agent };
}

/** A keep-alive GET; resolves with the answer and the connection, left open and idle in the agent's pool. */
function keepAliveGet(base: string, urlPath: string, token: string, agent: http.Agent) {
  return new Promise<{ status: number; socketClosed: Promise<void> }>((resolve, reject) => {
    const req = http.get(new URL(urlPath, base), { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      const socket = res.socket;
      const socketClosed = new Promise<void>((closed) => socket.once('close', () => closed()));
      res.on('end', () => resolve({ status: res.statusCode!, socketClosed }));
    });
    req.on('error', reject);
  });
}

const databaseName = `test_shutdown_${randomBytes(6).toString('hex')}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'relaydesk-shutdown-'));
const redisKeyPrefix = `relaydesk-shutdown-test:${randomBytes(4).toString('hex')}:`;

afterAll(async () => {
  const uri = new URL(inject('mongoUri'));
  uri.pathname = `/${databaseName}`;
  const connection = await mongoose.createConnection(uri.toString()).asPromise();
  await connection.dropDatabase().catch(() => {});
  await connection.close();
  rmSync(dataDir, { recursive: true, force: true });
  const redis = await connectRedis({
    url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    enabled: true,
    keyPrefix: redisKeyPrefix,
    logger: createLogger('silent'),
  });
  await deleteOwnKeys(redis);
  await redis.close();
});

describe('SIGTERM', () => {
  it('stops accepting, closes idle keep-alive connections, finishes the requests in flight with Connection: close, and exits 0', async () => {
    const uri = new URL(inject('mongoUri'));
    uri.pathname = `/${databaseName}`;
    const server = startChild(uri.toString(), dataDir, redisKeyPrefix);
    try {
      const base = (await server.printed(/RelayDesk is running on (\S+)/))[1]!.replace('localhost', '127.0.0.1');

      const signup = await fetch(`${base}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Sam', email: `sam-${databaseName}@example.test`, password: 'correct-horse-battery' }),
      });
      expect(signup.status).toBe(201);
      const { token } = (await signup.json()) as { token: string };
      const ticket = (await (
        await fetch(`${base}/api/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ title: 'Filed before shutdown', description: 'So comments have a ticket.' }),
        })
      ).json()) as { ticket: { id: string } };

      const agent = new http.Agent({ keepAlive: true });
      const idle = await keepAliveGet(base, '/api/tickets', token, agent);
      expect(idle.status).toBe(200);

      const held = [
        heldPost(base, '/api/tickets', token, { title: 'In flight one', description: 'Sent as the server stops.' }),
        heldPost(base, '/api/tickets', token, { title: 'In flight two', description: 'Sent as the server stops.' }),
        heldPost(base, `/api/tickets/${ticket.ticket.id}/comments`, token, { body: 'A comment in flight.' }),
      ];
      await Promise.all(held.map((h) => h.accepted));

      server.child.kill('SIGTERM');
      await server.printed(/"msg":"shutting down"/);
      // The idle connection is closed by the server, not left to its keep-alive timeout.
      await idle.socketClosed;

      held.forEach((h) => h.finish());
      const answers = await Promise.all(held.map((h) => h.answer));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      for (const a of answers) expect(a.headers.connection).toBe('close');
      const titles = answers.slice(0, 2).map((a) => (JSON.parse(a.body) as { ticket: { title: string } }).ticket.title);
      expect(titles).toEqual(['In flight one', 'In flight two']);

      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('"drained":true');
      agent.destroy();
      held.forEach((h) => h.agent.destroy());
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  }, 90_000);
});
