/**
 * The ticket pipeline at one database size: a fresh FerretDB seeded with `tickets`
 * tickets, the real server started as its own process (start-up timed), every
 * moderator and admin connected over Socket.io, then tickets filed one at a time,
 * each timed from sending `POST /api/tickets` to `ticket_assigned` arriving on the
 * assignee's socket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { createSimilarIndex } from '../../server/src/copilot/similarIndex.js';
import { createKeyedLock } from '../../server/src/platform/keyedLock.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { connectRedis } from '../../server/src/platform/redis.js';
import { createStatsService } from '../../server/src/stats/service.js';
import { startAppServer } from './appServer.js';
import { ticketBodies } from './creation.js';
import { startBenchDatabase } from './database.js';
import { FULL_SCALE, seedDatabase } from './seed.js';

/** What one size measured. */
export interface PipelineFigures {
  tickets: number;
  moderators: number;
  users: number;
  /** e.g. `FerretDB 1.24 on SQLite`; printed next to every figure. */
  engine: string;
  /** Seconds from spawning the server to its accepting requests. */
  startupSeconds: number;
  /** Created → `ticket_assigned` on the assignee's socket, ms, one per filed ticket (warm-up excluded). */
  assignedMs: number[];
  /** `POST /api/tickets` round trips, ms, same tickets. */
  postMs: number[];
  /** Filed tickets whose `ticket_assigned` did not arrive within the timeout. */
  missed: number;
  /** 1-minute load average before the samples. */
  loadAverage: number;
}

export interface PipelineOptions {
  tickets: number;
  /** Timed tickets after the warm-up ones. */
  samples: number;
  warmup: number;
  backend: 'auto' | 'sqlite';
  redisUrl: string;
  /** Redis keys go under this prefix (deleted by the caller). */
  redisPrefix: string;
  /** How long one ticket may take to be assigned before it counts as missed. */
  timeoutMs: number;
  log: (message: string) => void;
}

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/**
 * Records when each ticket's `ticket_assigned` first arrives on any of the sockets.
 * Listening from the start, not after the POST answers: an assignment may land first.
 */
function assignmentClock(sockets: Socket[]) {
  const arrivals = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  for (const socket of sockets) {
    socket.on('ticket_assigned', (p: { ticketId: string }) => {
      if (arrivals.has(p.ticketId)) return;
      const at = performance.now();
      arrivals.set(p.ticketId, at);
      waiters.get(p.ticketId)?.(at);
    });
  }
  return {
    /** When `ticketId` was assigned, waiting up to `timeoutMs`; null if it was not. */
    arrival(ticketId: string, timeoutMs: number): Promise<number | null> {
      const known = arrivals.get(ticketId);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(ticketId);
          resolve(null);
        }, timeoutMs);
        waiters.set(ticketId, (at) => {
          clearTimeout(timer);
          waiters.delete(ticketId);
          resolve(at);
        });
      });
    },
  };
}

async function connectAll(url: string, tokens: string[]): Promise<Socket[]> {
  return Promise.all(
    tokens.map(
      (token) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connectSocket(url, { auth: { token }, transports: ['websocket'], reconnection: false });
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', reject);
        }),
    ),
  );
}

/** Measures the pipeline at one size; everything it starts is stopped before it returns. */
export async function measurePipeline(options: PipelineOptions): Promise<PipelineFigures> {
  const { tickets, log } = options;
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-bench-pipeline-'));
  const serverRedisPrefix = `${options.redisPrefix}pipeline-${tickets}:`;
  const db = await startBenchDatabase({
    pgDatabase: `relaydesk_pipeline_${process.pid}_${tickets}`,
    dbName: 'relaydesk_pipeline',
    scratchDir,
    log,
    backend: options.backend,
  });
  let sockets: Socket[] = [];
  let server: Awaited<ReturnType<typeof startAppServer>> | null = null;
  try {
    await mongoose.connect(db.uri, { dbName: db.dbName, autoIndex: true });
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
    // People grow with the ticket volume down to the 5,000-ticket team, so the smallest
    // size is an empty helpdesk with the same team rather than a toy one.
    const peopleScale = Math.max(0.1, tickets / FULL_SCALE.tickets);
    const seeded = await seedDatabase(peopleScale, log, { tickets });
    // What a first start does once per database (count the dashboard counters, index the solved tickets, snapshot the index),
    // done here: the figures are for a server restarted on its data, and these one-off costs are measured
    // on their own (bench/stats.ts, bench/similarTickets.ts).
    const oneOff = performance.now();
    const quiet = createLogger('silent');
    await createStatsService({ lock: createKeyedLock(), logger: quiet }).reconcile();
    // The server's Redis prefix: a full read of the index leaves the snapshot (and its change-log position) that a
    // restarted server starts from, as the server's previous run would have.
    const redis = await connectRedis({ url: options.redisUrl, enabled: true, keyPrefix: serverRedisPrefix, logger: quiet });
    try {
      const similar = createSimilarIndex({ lock: createKeyedLock(), logger: quiet, redis });
      await similar.backfill();
      await similar.load();
      await similar.settled();
    } finally {
      await redis.close();
    }
    log(`${tickets} tickets: one-off first-start work (dashboard counters, similar-ticket index) done in ${((performance.now() - oneOff) / 1000).toFixed(1)} s`);
    await mongoose.disconnect();
    await db.settle();

    const jwtSecret = randomBytes(48).toString('base64url');
    server = await startAppServer(
      {
        mongoUri: db.uri,
        redisUrl: options.redisUrl,
        redisKeyPrefix: serverRedisPrefix,
        jwtSecret,
        cacheEnabled: true,
        dataDir: path.join(scratchDir, 'server'),
      },
      `server-${tickets}`,
    );
    log(`${tickets} tickets: server accepting requests after ${server.startupSeconds.toFixed(1)} s`);
    const sign = (id: string) => jwt.sign({ sub: id, ver: 0 }, jwtSecret, { algorithm: 'HS256', expiresIn: '2h' });
    sockets = await connectAll(server.url, [...seeded.moderatorIds, ...seeded.adminIds].map(sign));
    const clock = assignmentClock(sockets);
    const creators = seeded.userIds.slice(0, 10).map(sign);
    const bodies = ticketBodies();

    const assignedMs: number[] = [];
    const postMs: number[] = [];
    let missed = 0;
    const loadAverage = os.loadavg()[0] ?? 0;
    for (let i = 0; i < options.warmup + options.samples; i += 1) {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${creators[i % creators.length]}`, 'content-type': 'application/json' },
        body: bodies[i % bodies.length],
      });
      const posted = performance.now();
      if (response.status !== 201) throw new Error(`POST /api/tickets answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      const { ticket } = (await response.json()) as { ticket: { id: string } };
      const id = ticket.id;
      const arrived = await clock.arrival(id, options.timeoutMs);
      if (arrived === null) log(`ticket ${id} was not assigned within ${options.timeoutMs} ms; the server's last lines:\n${server.child.tail.join('\n')}`);
      if (i < options.warmup) continue;
      postMs.push(posted - started);
      if (arrived === null) missed += 1;
      else assignedMs.push(arrived - started);
    }
    return {
      tickets,
      moderators: seeded.moderatorIds.length,
      users: seeded.userIds.length,
      engine: db.engine,
      startupSeconds: server.startupSeconds,
      assignedMs,
      postMs,
      missed,
      loadAverage,
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await mongoose.disconnect().catch(() => {});
    await db.stop();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
