/**
 * Real-time benchmark: `npx tsx bench/realtime.ts` (add `--quick` for a short run).
 *
 * On one process: N sockets (100, 1000, 5000) in one ticket room, one comment posted over
 * HTTP per round; delivery latency to every socket, measured from the moment the comment
 * service announces the comment (fan-out) and from the moment the POST was sent (end to
 * end, database included). In the same run, a bare socket.io server broadcasts the same
 * payload to the same number of sockets: the ratio of the fan-out figures is the cost of
 * this layer (auth'd rooms, presenters, Redis adapter, recovery log). Then memory per 1000
 * connected sockets, and delivery through Redis to sockets on a second server process.
 *
 * The sockets live in a child process so the server's memory and event loop are its own.
 * Needs Redis on REDIS_URL (default redis://127.0.0.1:6379); starts the embedded database
 * (FerretDB on SQLite) in a temporary directory.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(here), '..');
const mode = process.argv[2];

// ---------------------------------------------------------------------------------------
// The socket side: a child process holding many socket.io clients, driven over IPC.

type ClientCommand =
  | { cmd: 'connect'; url: string; token: string | null; count: number; ticketId: string | null }
  | { cmd: 'arm'; event: string }
  | { cmd: 'collect'; expected: number }
  | { cmd: 'close' };

async function runClients() {
  const { io } = await import('socket.io-client');
  type Client = ReturnType<typeof io>;
  let clients: Client[] = [];
  let receipts: number[] = [];
  let armedEvent = '';
  const nowMs = () => performance.timeOrigin + performance.now();
  const reply = (message: unknown) => process.send!(message);

  async function connectOne(url: string, token: string | null, ticketId: string | null): Promise<Client> {
    const client = io(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('connect_error', reject);
    });
    client.onAny((event: string) => {
      if (event === armedEvent) receipts.push(nowMs());
    });
    if (ticketId) {
      const ack = (await client.timeout(30_000).emitWithAck('join_ticket', { ticketId })) as { ok?: boolean };
      if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
    }
    return client;
  }

  process.on('message', async (message: ClientCommand) => {
    switch (message.cmd) {
      case 'connect': {
        const batch = 100;
        for (let i = 0; i < message.count; i += batch) {
          const size = Math.min(batch, message.count - i);
          clients.push(...(await Promise.all(Array.from({ length: size }, () => connectOne(message.url, message.token, message.ticketId)))));
        }
        reply({ connected: clients.length });
        break;
      }
      case 'arm':
        armedEvent = message.event;
        receipts = [];
        reply({ armed: true });
        break;
      case 'collect': {
        const deadline = Date.now() + 30_000;
        while (receipts.length < message.expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        reply({ receipts });
        break;
      }
      case 'close':
        for (const c of clients) c.disconnect();
        clients = [];
        await new Promise((r) => setTimeout(r, 200));
        reply({ closed: true });
        break;
    }
  });
  reply({ ready: true });
}

// ---------------------------------------------------------------------------------------
// The server side.

interface Stats {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

function percentiles(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, count: sorted.length };
}

const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');

class ClientPool {
  private pending: ((m: Record<string, unknown>) => void)[] = [];
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Record<string, unknown>) => this.pending.shift()?.(m));
  }

  static async start(): Promise<ClientPool> {
    const child = fork(here, ['clients'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const pool = new ClientPool(child);
    await new Promise((resolve) => pool.pending.push(resolve));
    return pool;
  }

  send<T extends Record<string, unknown>>(command: ClientCommand): Promise<T> {
    return new Promise((resolve) => {
      this.pending.push(resolve as (m: Record<string, unknown>) => void);
      this.child.send(command);
    });
  }

  stop() {
    this.child.kill();
  }
}

async function runBenchmark(quick: boolean) {
  const sizes = quick ? [100, 1000] : [100, 1000, 5000];
  const rounds = quick ? 3 : 10;
  const nowMs = () => performance.timeOrigin + performance.now();
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

  const [{ loadConfig }, { assembleRelayDesk, startRealtime }, { connectMongo, disconnectMongo }, { createLogger }, { connectRedis }, { startEmbeddedMongo }, models, mongooseModule, { Server }, supertestModule] =
    await Promise.all([
      import('../server/src/config/env.js'),
      import('../server/src/app/compositionRoot.js'),
      import('../server/src/platform/db.js'),
      import('../server/src/platform/logger.js'),
      import('../server/src/platform/redis.js'),
      import('../server/src/platform/embeddedMongo.js'),
      import('../server/src/users/userModel.js'),
      import('mongoose'),
      import('socket.io'),
      import('supertest'),
    ]);
  const supertest = supertestModule.default;
  const bcrypt = (await import('bcryptjs')).default;

  const dataDir = mkdtempSync(path.join(tmpdir(), 'relaydesk-bench-'));
  const logger = createLogger('silent');
  console.log('starting the embedded database…');
  const mongo = await startEmbeddedMongo({ dataDir, log: () => {} });
  await connectMongo(mongo.uri, logger, 'bench');
  const prefix = `relaydesk-bench:${randomBytes(4).toString('hex')}:`;
  const env = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
    AUTH_RATE_LIMIT_MAX: '1000000',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: prefix,
    DATA_DIR: dataDir,
    PRESENCE_GRACE_MS: '1000',
  };
  const config = loadConfig(env);
  const redis = await connectRedis({ ...config.redis, logger });
  if (!redis.isUp()) throw new Error('the benchmark needs Redis (REDIS_URL)');
  const { ctx, app } = await assembleRelayDesk({ config, logger, redis, mongoEngine: mongo.engine, workflows: false });

  // Subscribed before the real-time layer, so this timestamp precedes its emit.
  let fanoutStart = 0;
  ctx.events.subscribe('comment.added', () => {
    fanoutStart = nowMs();
  });

  const http = createServer(app);
  const realtime = await startRealtime(http, ctx);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const api = supertest(url);

  const makeUser = async (role: 'user' | 'moderator') => {
    const user = await models.UserModel.create({
      name: `Bench ${role}`,
      email: `${role}-${randomBytes(4).toString('hex')}@bench.test`,
      passwordHash: await bcrypt.hash('bench-password', 4),
      role,
    });
    return { id: String(user._id), token: ctx.services.users.issueToken(user) };
  };
  const creator = await makeUser('user');
  const moderator = await makeUser('moderator');
  const ticket = await ctx.services.tickets.createTicket(
    { id: creator.id, role: 'user', name: 'Bench user' },
    { title: 'Benchmark ticket', description: 'Measuring real-time delivery.' },
  );
  const ticketId = String(ticket._id);
  await ctx.services.tickets.assignTicket({ ticketId, moderatorId: moderator.id, actorId: null });

  const bareHttp = createServer();
  const bare = new Server(bareHttp, { serveClient: false });
  bare.on('connection', (socket) => void socket.join('room'));
  await new Promise<void>((resolve) => bareHttp.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bareHttp.address() as AddressInfo).port}`;

  const pool = await ClientPool.start();
  const results: string[] = [];
  const memory: string[] = [];

  async function measure(count: number, trigger: () => Promise<{ fanout: number; e2e: number }>) {
    const fanout: number[] = [];
    const e2e: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await pool.send({ cmd: 'arm', event: 'comment_added' });
      const start = await trigger();
      const { receipts } = await pool.send<{ receipts: number[] }>({ cmd: 'collect', expected: count });
      if (receipts.length < count) throw new Error(`only ${receipts.length} of ${count} sockets received the event`);
      for (const t of receipts) {
        fanout.push(t - start.fanout);
        e2e.push(t - start.e2e);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return { fanout: percentiles(fanout), e2e: percentiles(e2e) };
  }

  const postComment = async () => {
    const sent = nowMs();
    const res = await api.post(`/api/tickets/${ticketId}/comments`).set('Authorization', `Bearer ${moderator.token}`).send({ body: 'Benchmark comment' });
    if (res.status !== 201) throw new Error(`comment failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { fanout: fanoutStart, e2e: sent };
  };

  const samplePayload = await (async () => {
    const { presentComment } = await import('../server/src/tickets/presenter.js');
    const [comment] = (await ctx.services.comments.listComments({ id: creator.id, role: 'user', name: 'Bench user' }, ticketId, { page: 1, limit: 1 })).items;
    return comment ? { ticketId, comment: presentComment(comment), updatedAt: new Date().toISOString() } : null;
  })();

  /** Server heap and RSS growth per 1000 sockets while `connect` opens `n` of them. */
  async function memoryPer1000(n: number, connect: () => Promise<unknown>) {
    gc();
    const before = process.memoryUsage();
    await connect();
    await new Promise((r) => setTimeout(r, 1000));
    gc();
    const after = process.memoryUsage();
    const per1000 = (bytes: number) => `${((bytes / n) * 1000 / 1048576).toFixed(1)} MiB`;
    return { heap: per1000(after.heapUsed - before.heapUsed), rss: per1000(after.rss - before.rss) };
  }
  const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

  for (const n of sizes) {
    // Bare socket.io first, so nothing left over from the other run shares its event loop.
    const payload = samplePayload ?? { ticketId, comment: {}, updatedAt: new Date().toISOString() };
    const bareMemory = await memoryPer1000(n, () => pool.send({ cmd: 'connect', url: bareUrl, token: null, count: n, ticketId: null }));
    const bareResult = await measure(n, async () => {
      const start = nowMs();
      bare.to('room').emit('comment_added', payload);
      return { fanout: start, e2e: start };
    });
    await pool.send({ cmd: 'close' });
    await settle(1000);

    const relayMemory = await memoryPer1000(n, () => pool.send({ cmd: 'connect', url, token: creator.token, count: n, ticketId }));
    const relay = await measure(n, postComment);
    await pool.send({ cmd: 'close' });
    // Past the presence grace period, so the offline sweeps of these sockets are done.
    await settle(3000);

    memory.push(`| ${n} | ${relayMemory.heap} / ${relayMemory.rss} | ${bareMemory.heap} / ${bareMemory.rss} |`);
    results.push(
      `| ${n} | ${fmt(relay.fanout.p50)} / ${fmt(relay.fanout.p99)} | ${fmt(bareResult.fanout.p50)} / ${fmt(bareResult.fanout.p99)} | ${(relay.fanout.p50 / bareResult.fanout.p50).toFixed(1)}× / ${(relay.fanout.p99 / bareResult.fanout.p99).toFixed(1)}× | ${fmt(relay.e2e.p50)} / ${fmt(relay.e2e.p99)} |`,
    );
    console.log(`N=${n}: relaydesk fan-out p50 ${fmt(relay.fanout.p50)} p99 ${fmt(relay.fanout.p99)}; bare p50 ${fmt(bareResult.fanout.p50)} p99 ${fmt(bareResult.fanout.p99)}; end-to-end p50 ${fmt(relay.e2e.p50)} p99 ${fmt(relay.e2e.p99)}`);
  }

  // Cross-process: sockets on a second server process, the comment posted to this one.
  const crossCount = 100;
  const nodeUrl = new URL(mongo.uri);
  nodeUrl.pathname = '/bench';
  const node = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(repoRoot, 'server/src/test/realtimeNode.ts')], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env, MONGO_URI: nodeUrl.toString(), PORT: '0', HOST: '127.0.0.1' },
  });
  const nodePort = await new Promise<number>((resolve) => {
    createInterface({ input: node.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  await pool.send({ cmd: 'connect', url: `http://127.0.0.1:${nodePort}`, token: creator.token, count: crossCount, ticketId });
  const cross = await measure(crossCount, postComment);
  await pool.send({ cmd: 'close' });
  console.log(`cross-process (${crossCount} sockets on process B): fan-out p50 ${fmt(cross.fanout.p50)} p99 ${fmt(cross.fanout.p99)}`);

  console.log('\nDelivery latency, p50 / p99 (fan-out: from the comment event to receipt; end to end: from POST to receipt)\n');
  console.log('| sockets in room | RelayDesk fan-out | bare socket.io broadcast | ratio | RelayDesk end to end (HTTP + DB) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const line of results) console.log(line);
  console.log('\nServer memory growth per 1000 connected sockets (heap after GC / RSS), measured while connecting N\n');
  console.log('| N | RelayDesk | bare socket.io |');
  console.log('| --- | --- | --- |');
  for (const line of memory) console.log(line);
  console.log(`\nCross-process through Redis (${crossCount} sockets on process B, comment posted to A), ${rounds} rounds:`);
  console.log(`fan-out p50 ${fmt(cross.fanout.p50)}, p99 ${fmt(cross.fanout.p99)}; end to end p50 ${fmt(cross.e2e.p50)}, p99 ${fmt(cross.e2e.p99)}`);
  console.log(`\nDatabase engine: ${mongo.engine}; Node ${process.version}; ${rounds} comments per size.`);

  node.kill('SIGKILL');
  pool.stop();
  await realtime.close();
  await bare.close();
  const client = redis.client!;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await client.del(...keys);
  } while (cursor !== '0');
  await redis.close();
  await mongooseModule.default.connection.dropDatabase().catch(() => {});
  await disconnectMongo();
  await mongo.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

// Run on the TypeScript sources of the shared package and with a callable GC: re-run
// this script under the right flags if it was started without them.
if (mode !== 'clients' && !process.execArgv.includes('--conditions=source')) {
  const child = spawn(process.execPath, [...process.execArgv, '--conditions=source', '--expose-gc', here, ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: repoRoot,
  });
  child.on('exit', (code) => process.exit(code ?? 1));
} else if (mode === 'clients') {
  await runClients();
} else {
  await runBenchmark(process.argv.includes('--quick'));
}
