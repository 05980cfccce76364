/**
 * Soak: the real server as its own process, N authenticated socket.io clients
 * connected throughout, and mixed API load (list, read, comment, status change)
 * for a bounded time. Reports errors, p50/p95/p99 per operation and the
 * server's memory slope (RSS and heap sampled over the run, least-squares line).
 *
 *   npm run bench:soak -- [--minutes 10] [--sockets 500] [--workers 8]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { io, type Socket } from 'socket.io-client';
import { startAppServer, type ServerProcess } from './lib/appServer.js';
import { startBenchDatabase, type BenchDatabase } from './lib/database.js';
import { killAllChildrenNow, stopAllChildren } from './lib/processes.js';
import { formatMs, machineInfo } from './lib/report.js';
import { seedDatabase } from './lib/seed.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const MINUTES = option('minutes', 10);
const SOCKETS = option('sockets', 500);
const WORKERS = option('workers', 8);
const SAMPLE_EVERY_MS = 5_000;
const OPERATIONS = ['list', 'read', 'comment', 'status'] as const;
type Operation = (typeof OPERATIONS)[number];

const log = (message: string) => console.error(`[soak] ${message}`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

interface MemorySample {
  minute: number;
  rssMiB: number;
  heapMiB: number | null;
}

/** RSS from /proc (the server's own process), heap from its /metrics when it exposes it. */
async function sampleMemory(server: ServerProcess, startedAt: number): Promise<MemorySample | null> {
  const pid = server.child.process.pid;
  let rssMiB: number | null = null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (kb) rssMiB = Number(kb) / 1024;
  } catch {
    // Not Linux: the metrics answer alone.
  }
  let heapMiB: number | null = null;
  try {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const heap = /^\w*nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1];
    const rss = /^\w*process_resident_memory_bytes (\S+)/m.exec(text)?.[1];
    if (heap) heapMiB = Number(heap) / 2 ** 20;
    if (rssMiB === null && rss) rssMiB = Number(rss) / 2 ** 20;
  } catch {
    // A missed sample; the line is fitted through the others.
  }
  return rssMiB === null ? null : { minute: (performance.now() - startedAt) / 60_000, rssMiB, heapMiB };
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-soak-'));
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const jwtSecret = randomBytes(48).toString('base64url');
  let db: BenchDatabase | null = null;
  let server: ServerProcess | null = null;
  const sockets: Socket[] = [];
  try {
    db = await startBenchDatabase({ pgDatabase: `relaydesk_soak_${process.pid}`, dbName: 'relaydesk_soak', scratchDir, log });
    log(`database: ${db.engine}`);
    await mongoose.connect(db.uri, { dbName: db.dbName, serverSelectionTimeoutMS: 10_000 });
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
    const seeded = await seedDatabase(0.004, log);
    await mongoose.disconnect();
    const sign = (id: string) => jwt.sign({ sub: id, ver: 0 }, jwtSecret, { algorithm: 'HS256', expiresIn: '4h' });
    const users = seeded.userIds.map(sign);
    const moderators = seeded.moderatorIds.map(sign);
    const admin = sign(seeded.adminIds[0]!);

    server = await startAppServer(
      {
        mongoUri: db.uri,
        redisUrl,
        redisKeyPrefix: `relaydesk-soak:${process.pid}:`,
        jwtSecret,
        cacheEnabled: true,
        dataDir: path.join(scratchDir, 'data'),
      },
      'server-soak',
    );
    const base = server.url;
    log(`server accepting requests after ${server.startupSeconds.toFixed(1)} s`);

    const call = async (method: string, url: string, token: string, body?: object) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    };

    // Each user files one ticket of their own to read and comment on.
    const owned: { token: string; ticketId: string }[] = [];
    for (const token of users) {
      const res = await call('POST', '/api/tickets', token, { title: 'Soak ticket', description: 'Filed by the soak run.' });
      if (res.status !== 201) throw new Error(`could not file a ticket: ${res.status} ${JSON.stringify(res.json)}`);
      owned.push({ token, ticketId: (res.json.ticket as { id: string }).id });
    }

    // Sockets: users and moderators in turn, each joined to a ticket room when it is its own.
    let socketErrors = 0;
    let disconnects = 0;
    const identities = [...users.map((t, i) => ({ token: t, ticketId: owned[i]?.ticketId })), ...moderators.map((t) => ({ token: t, ticketId: undefined }))];
    for (let i = 0; i < SOCKETS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, SOCKETS - i) }, (_, j) => {
          const who = identities[(i + j) % identities.length]!;
          return new Promise<void>((resolve) => {
            const socket = io(base, { auth: { token: who.token }, transports: ['websocket'], reconnection: false, forceNew: true });
            sockets.push(socket);
            socket.once('connect', () => {
              if (who.ticketId) socket.emit('join_ticket', { ticketId: who.ticketId });
              resolve();
            });
            socket.once('connect_error', () => {
              socketErrors += 1;
              resolve();
            });
            socket.on('disconnect', () => (disconnects += 1));
          });
        }),
      );
    }
    log(`${sockets.length - socketErrors} of ${SOCKETS} sockets connected`);

    const latencies = new Map<Operation, number[]>(OPERATIONS.map((op) => [op, []]));
    const errors = new Map<Operation, number>(OPERATIONS.map((op) => [op, 0]));
    const errorSamples: string[] = [];
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
    const runOne = async () => {
      const op = pick(OPERATIONS);
      const mine = pick(owned);
      const started = performance.now();
      let res: { status: number } | null = null;
      try {
        if (op === 'list') res = await call('GET', '/api/tickets?limit=20', pick([...users, ...moderators]));
        else if (op === 'read') res = await call('GET', `/api/tickets/${mine.ticketId}`, mine.token);
        else if (op === 'comment') res = await call('POST', `/api/tickets/${mine.ticketId}/comments`, mine.token, { body: 'Still happening.' });
        else res = await call('PATCH', `/api/tickets/${mine.ticketId}/status`, admin, { status: pick(['todo', 'in_progress'] as const) });
      } catch (err) {
        if (errorSamples.length < 5) errorSamples.push(`${op}: ${(err as Error).message}`);
      }
      latencies.get(op)!.push(performance.now() - started);
      // A status change to the status a ticket already has is refused with 409 by design.
      const ok = res !== null && (res.status < 400 || (op === 'status' && res.status === 409));
      if (!ok) {
        errors.set(op, errors.get(op)! + 1);
        if (res && errorSamples.length < 5) errorSamples.push(`${op}: ${res.status}`);
      }
    };

    const startedAt = performance.now();
    const endsAt = startedAt + MINUTES * 60_000;
    const samples: MemorySample[] = [];
    const sampler = setInterval(() => {
      void sampleMemory(server!, startedAt).then((s) => s && samples.push(s));
    }, SAMPLE_EVERY_MS);
    const first = await sampleMemory(server, startedAt);
    if (first) samples.push(first);
    log(`load for ${MINUTES} min with ${WORKERS} concurrent requests`);
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (performance.now() < endsAt) await runOne();
      }),
    );
    clearInterval(sampler);
    const last = await sampleMemory(server, startedAt);
    if (last) samples.push(last);
    const seconds = (performance.now() - startedAt) / 1_000;

    const rows = OPERATIONS.map((op) => {
      const sorted = [...latencies.get(op)!].sort((a, b) => a - b);
      return `| ${op} | ${sorted.length} | ${errors.get(op)} | ${formatMs(percentile(sorted, 50))} | ${formatMs(percentile(sorted, 95))} | ${formatMs(percentile(sorted, 99))} |`;
    });
    const total = OPERATIONS.reduce((s, op) => s + latencies.get(op)!.length, 0);
    const rssSlope = slope(samples.map((s) => ({ x: s.minute, y: s.rssMiB })));
    const heapPoints = samples.filter((s) => s.heapMiB !== null).map((s) => ({ x: s.minute, y: s.heapMiB! }));
    const heapSlope = slope(heapPoints);
    const firstSample = samples[0];
    const lastSample = samples.at(-1);
    console.log(
      [
        `Soak: ${SOCKETS} sockets, ${WORKERS} concurrent requests, ${seconds.toFixed(0)} s; ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB.toFixed(0)} GiB, Node ${machine.node}, load average ${machine.loadAverageAtStart.toFixed(1)} at start; ${db.engine}.`,
        '',
        `Sockets connected: ${sockets.length - socketErrors} of ${SOCKETS}; connect errors ${socketErrors}; disconnects during the run ${disconnects}.`,
        `Requests: ${total} (${(total / seconds).toFixed(1)}/s).`,
        '',
        '| operation | requests | errors | p50 ms | p95 ms | p99 ms |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
        `Server memory, ${samples.length} samples every ${SAMPLE_EVERY_MS / 1_000} s: RSS ${firstSample?.rssMiB.toFixed(0)} → ${lastSample?.rssMiB.toFixed(0)} MiB, slope ${rssSlope.toFixed(2)} MiB/min; ` +
          (heapPoints.length >= 2
            ? `heap used ${heapPoints[0]!.y.toFixed(0)} → ${heapPoints.at(-1)!.y.toFixed(0)} MiB, slope ${heapSlope.toFixed(2)} MiB/min.`
            : 'heap not exposed by /metrics.'),
        ...(errorSamples.length ? ['', `First errors: ${errorSamples.join('; ')}`] : []),
      ].join('\n'),
    );
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await stopAllChildren();
    await db?.stop();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

process.on('SIGINT', () => {
  killAllChildrenNow();
  process.exit(130);
});

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    killAllChildrenNow();
    process.exit(1);
  },
);
