/**
 * The in-process workflow runner's throughput: a burst of tickets filed at once on
 * an empty database, each triaged (local engine), assigned and its moderator
 * notified by the runner, in this process (the app is assembled as the server
 * does, `assembleRelayDesk`, and driven with supertest). The MongoDB driver's
 * command monitoring counts what the runner sends (`workflow_runs`) against
 * everything sent. Completions are read from the runner's own metrics, not the
 * database, so waiting for the end adds no command.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { assembleRelayDesk } from '../../server/src/app/compositionRoot.js';
import { loadConfig } from '../../server/src/config/env.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { connectRedis } from '../../server/src/platform/redis.js';
import { UserModel } from '../../server/src/users/userModel.js';
import { startBenchDatabase } from './database.js';

/** Which FerretDB backend to measure on. */
export type RunnerBenchEngine = 'sqlite' | 'postgres';

/** What one burst measured. */
export interface RunnerThroughputResult {
  /** e.g. `FerretDB 1.24 on SQLite`; goes next to every figure. */
  engine: string;
  tickets: number;
  moderators: number;
  /** Tickets filed, triaged, assigned and notified per second, first POST to last notification. */
  ticketsPerSecond: number;
  /** Workflow runs completed per second over the same span (three a ticket). */
  runsPerSecond: number;
  /** Seconds from the first POST to the last notification. */
  seconds: number;
  /** Database commands on the runner's collections (`workflow_runs`, and `workflow_steps` where it exists) per ticket. */
  runnerCommandsPerTicket: number;
  /** The same by command name (insert, update, findAndModify, find, ...). */
  runnerCommandsByName: Record<string, number>;
  /**
   * The same by workflow function (the runs a ticket causes: triage, assignment,
   * notification, and the service-level timers planned at filing and at assignment);
   * `queue` for reads not about one run (polls, counts).
   */
  runnerCommandsByFunction: Record<string, number>;
  /** Every database command per ticket, the runner's included. */
  totalCommandsPerTicket: number;
  /** Ticket created (its `createdAt`) → `ticket.assigned` published, in milliseconds. */
  createdToAssignedMs: { p50: number; p95: number };
  /** Runs that ended failed (should be 0). */
  failedRuns: number;
  /** Tickets notified when the measurement ended; below `tickets` only when it timed out. */
  notifiedTickets: number;
  /** Whether the pipeline had not caught up after `timeoutSeconds`; the rates are then over what finished. */
  timedOut: boolean;
  /** System load average (1 min) when the burst started: the machine is shared, so say how busy it was. */
  loadAverageAtStart: number;
}

const MODERATORS = 10;
/**
 * The runner's collections: its runs, and the per-step documents that earlier
 * versions kept apart (counted so that figures from before and after compare).
 */
const RUNNER_COLLECTIONS = new Set(['workflow_runs', 'workflow_steps']);
/** POSTs in flight at once: a burst, but not so many sockets that the client is what is measured. */
const IN_FLIGHT = 32;

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);

/**
 * Files `tickets` tickets at once (default 300) on an empty database and measures
 * how fast the in-process runner triages, assigns and notifies them all. Needs
 * Redis on `REDIS_URL` (default redis://127.0.0.1:6379); `postgres` needs
 * PostgreSQL on PGHOST/PGPORT (it falls back to SQLite, and says so in `engine`).
 */
export async function measureRunnerThroughput({
  engine = 'sqlite',
  tickets = 300,
  timeoutSeconds = 600,
}: { engine?: RunnerBenchEngine; tickets?: number; timeoutSeconds?: number } = {}): Promise<RunnerThroughputResult> {
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-bench-runner-'));
  const db =
    engine === 'postgres'
      ? await startBenchDatabase({ pgDatabase: `relaydesk_runner_${process.pid}`, dbName: 'relaydesk_runner_bench', scratchDir, log: () => {} })
      : await startBenchDatabase({ pgDatabase: `relaydesk_runner_${process.pid}`, dbName: 'relaydesk_runner_bench', scratchDir, log: () => {}, backend: 'sqlite' });
  const redisPrefix = `bench-runner-${randomUUID().slice(0, 8)}:`;
  try {
    await mongoose.connect(db.uri, { dbName: db.dbName, monitorCommands: true, serverSelectionTimeoutMS: 10_000, autoIndex: true });
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: randomUUID() + randomUUID(),
      LOG_LEVEL: 'fatal',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: redisPrefix,
      RATE_LIMIT_MAX: '100000000',
      SEED_DEMO: 'never',
      // Room for every ticket: the figure is the pipeline's speed, not the overflow path.
      ASSIGNMENT_CAPACITY: String(Math.min(1_000, Math.ceil(tickets / MODERATORS) + 1)),
    });
    const logger = createLogger(config.logLevel);
    const redis = await connectRedis({ ...config.redis, logger });
    const assembly = await assembleRelayDesk({ config, logger, redis, mongoEngine: 'external' });
    const { ctx } = assembly;
    try {
      const skills = ['billing', 'login', 'export', 'performance', 'email'];
      await UserModel.insertMany(
        Array.from({ length: MODERATORS }, (_, i) => ({
          name: `Moderator ${i + 1}`,
          email: `moderator-${i + 1}@runner-bench.test`,
          passwordHash: 'x',
          role: 'moderator' as const,
          skills: [skills[i % skills.length]!],
        })),
      );
      await ctx.events.publish('user.updated', { userId: 'bench', fields: ['role', 'skills'] });
      const filer = await UserModel.create({ name: 'Filer', email: 'filer@runner-bench.test', passwordHash: 'x', role: 'user', skills: [] });
      const auth = `Bearer ${ctx.services.users.issueToken(filer)}`;

      const latencies: number[] = [];
      const unsubscribe = ctx.events.subscribe('ticket.assigned', ({ ticket }) => {
        latencies.push(Date.now() - new Date(ticket.createdAt).getTime());
      });

      const counts = { runner: 0, total: 0 };
      const byName: Record<string, number> = {};
      const byFunction: Record<string, number> = {};
      // Which function each run belongs to, learnt from its insert, so later commands naming it by _id can be put down to it.
      const functionOfRun = new Map<string, string>();
      const client = mongoose.connection.getClient();
      const onCommand = (event: { commandName: string; command: Record<string, unknown> }) => {
        counts.total += 1;
        const { commandName, command } = event;
        if (!RUNNER_COLLECTIONS.has(command[commandName] as string)) return;
        counts.runner += 1;
        byName[commandName] = (byName[commandName] ?? 0) + 1;
        let fn = 'queue';
        if (commandName === 'insert') {
          const [doc] = (command.documents ?? []) as Array<{ _id?: unknown; functionId?: string; run?: unknown }>;
          fn = doc?.functionId ?? (doc?.run ? (functionOfRun.get(String(doc.run)) ?? 'queue') : 'queue');
          if (doc?._id && doc.functionId) functionOfRun.set(String(doc._id), fn);
        } else {
          const filter =
            commandName === 'update'
              ? ((command.updates as Array<{ q: Record<string, unknown> }> | undefined)?.[0]?.q ?? {})
              : ((command.query ?? command.filter ?? {}) as Record<string, unknown>);
          const runId = filter._id ?? filter.run;
          if (runId) fn = functionOfRun.get(String(runId)) ?? 'queue';
        }
        byFunction[fn] = (byFunction[fn] ?? 0) + 1;
      };
      client.on('commandStarted', onCommand);

      const request = supertest(assembly.app);
      const loadAverageAtStart = os.loadavg()[0]!;
      const started = performance.now();
      let next = 0;
      const file = async () => {
        while (next < tickets) {
          const i = next++;
          const res = await request
            .post('/api/tickets')
            .set('Authorization', auth)
            .send({ title: `Cannot export the report ${i}`, description: `The CSV export of report ${i} is empty since this morning.` });
          if (res.status !== 201) throw new Error(`POST /api/tickets answered ${res.status}: ${JSON.stringify(res.body)}`);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, file));

      const completed = async (fn: string, state = 'completed') => {
        const metric = await ctx.metrics.workflowRuns.get();
        return metric.values.filter((v) => v.labels.function === fn && v.labels.state === state).reduce((sum, v) => sum + v.value, 0);
      };
      const deadline = Date.now() + timeoutSeconds * 1000;
      let timedOut = false;
      while ((await completed('notify-assignee')) < tickets) {
        if (Date.now() > deadline) {
          timedOut = true;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const notified = await completed('notify-assignee');
      const seconds = (performance.now() - started) / 1000;
      client.off('commandStarted', onCommand);
      unsubscribe();

      const runs = (await completed('triage-ticket')) + (await completed('assign-ticket')) + (await completed('notify-assignee'));
      const failed =
        (await completed('triage-ticket', 'failed')) + (await completed('assign-ticket', 'failed')) + (await completed('notify-assignee', 'failed'));
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        engine: db.engine,
        tickets,
        moderators: MODERATORS,
        ticketsPerSecond: notified / seconds,
        runsPerSecond: runs / seconds,
        seconds,
        runnerCommandsPerTicket: counts.runner / tickets,
        runnerCommandsByName: Object.fromEntries(Object.entries(byName).map(([name, n]) => [name, n / tickets])),
        runnerCommandsByFunction: Object.fromEntries(Object.entries(byFunction).map(([name, n]) => [name, n / tickets])),
        totalCommandsPerTicket: counts.total / tickets,
        createdToAssignedMs: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) },
        failedRuns: failed,
        notifiedTickets: notified,
        timedOut,
        loadAverageAtStart,
      };
    } finally {
      await assembly.stop({ timeoutMs: 5_000 });
      await redis.close();
    }
  } finally {
    await mongoose.disconnect().catch(() => {});
    await db.stop();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
