/**
 * Where one ticket's pipeline spends its database time:
 * `npx tsx --conditions=source bench/pipelineCommands.ts [--tickets 5000] [--backend sqlite|auto]`.
 *
 * Seeds a database, assembles the product in-process with its workflows (as the
 * integration tests do), files a few tickets through the HTTP app and, with the
 * driver's command monitoring, sums each command shape's time while the tickets are
 * triaged and assigned (at least a few seconds after the last one, so background work a
 * filing triggers is counted too). Prints the slowest shapes; the first start's one-off
 * work (similar-ticket backfill) is left to finish before the tickets are filed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { assembleRelayDesk } from '../server/src/app/compositionRoot.js';
import { loadConfig } from '../server/src/config/env.js';
import { createLogger } from '../server/src/platform/logger.js';
import { connectRedis } from '../server/src/platform/redis.js';
import { TicketModel } from '../server/src/tickets/ticketModel.js';
import { ticketBodies } from './lib/creation.js';
import { startBenchDatabase } from './lib/database.js';
import { formatMs, table } from './lib/report.js';
import { seedDatabase } from './lib/seed.js';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '5000' },
    backend: { type: 'string', default: 'sqlite' },
    filed: { type: 'string', default: '5' },
  },
});
const tickets = Number(values.tickets);
const filed = Number(values.filed);
const log = (m: string) => console.error(`[bench:commands] ${m}`);

/** A command's shape: its name, collection and the keys of its filter. */
function shapeOf(command: Record<string, unknown>, name: string): string {
  const collection = String(command[name] ?? '');
  const filter = (command.filter ?? command.query ?? (Array.isArray(command.updates) ? (command.updates[0] as { q?: unknown })?.q : undefined)) as
    | Record<string, unknown>
    | undefined;
  const pipeline = Array.isArray(command.pipeline) ? command.pipeline.map((s: Record<string, unknown>) => Object.keys(s)[0]).join(',') : '';
  const keys = filter ? `{${Object.keys(filter).join(', ')}}` : pipeline ? `[${pipeline}]` : '';
  return `${name} ${collection} ${keys}`.trim();
}

async function main() {
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-bench-commands-'));
  const db = await startBenchDatabase({
    pgDatabase: `relaydesk_commands_${process.pid}`,
    dbName: 'relaydesk_commands',
    scratchDir,
    log,
    backend: values.backend === 'auto' ? 'auto' : 'sqlite',
  });
  const redisPrefix = `relaydesk-bench-commands:${process.pid}:`;
  try {
    await mongoose.connect(db.uri, { dbName: db.dbName, monitorCommands: true, autoIndex: true });
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
    const seeded = await seedDatabase(Math.max(0.1, tickets / 50_000), log, { tickets });
    await db.settle();
    const jwtSecret = randomBytes(48).toString('base64url');
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'fatal',
      REDIS_KEY_PREFIX: redisPrefix,
      RATE_LIMIT_MAX: '100000000',
      SEED_DEMO: 'never',
    });
    const logger = createLogger(config.logLevel);
    const redis = await connectRedis({ ...config.redis, logger });
    const assembly = await assembleRelayDesk({ config, logger, redis, mongoEngine: 'external', workflows: {} });
    try {
      await assembly.ctx.services.similarIndex.backfill();
      const request = supertest(assembly.app);
      const token = jwt.sign({ sub: seeded.userIds[0], ver: 0 }, jwtSecret, { algorithm: 'HS256', expiresIn: '1h' });
      const bodies = ticketBodies();

      const started = new Map<number, { shape: string; at: number }>();
      const totals = new Map<string, { count: number; ms: number; max: number }>();
      const client = mongoose.connection.getClient();
      client.on('commandStarted', (e) => started.set(e.requestId, { shape: shapeOf(e.command as Record<string, unknown>, e.commandName), at: performance.now() }));
      const finish = (e: { requestId: number }) => {
        const s = started.get(e.requestId);
        if (!s) return;
        started.delete(e.requestId);
        const ms = performance.now() - s.at;
        const t = totals.get(s.shape) ?? { count: 0, ms: 0, max: 0 };
        t.count += 1;
        t.ms += ms;
        t.max = Math.max(t.max, ms);
        totals.set(s.shape, t);
      };
      client.on('commandSucceeded', finish);
      client.on('commandFailed', finish);

      const t0 = performance.now();
      const ids: string[] = [];
      for (let i = 0; i < filed; i += 1) {
        const res = await request.post('/api/tickets').set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send(bodies[i]!);
        if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
        ids.push((res.body as { ticket: { id: string } }).ticket.id);
      }
      // Until every filed ticket is assigned, then a little longer for what follows an assignment.
      for (;;) {
        const done = await Promise.all(ids.map((id) => TicketModel.findById(id).select('assignedTo').lean()));
        if (done.every((t) => t?.assignedTo)) break;
        if (performance.now() - t0 > 600_000) throw new Error('tickets not assigned within 10 minutes');
        await new Promise((r) => setTimeout(r, 250));
      }
      const elapsed = performance.now() - t0;
      await new Promise((r) => setTimeout(r, 3_000));
      const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
      console.log(`\n${filed} tickets filed and assigned in ${formatMs(elapsed)} ms at ${tickets.toLocaleString('en-US')} tickets, ${db.engine}; load average ${os.loadavg()[0]!.toFixed(1)}\n`);
      console.log(
        table(
          ['shape', 'count', 'total ms', 'mean ms', 'max ms'],
          rows.map(([shape, t]) => [shape, String(t.count), formatMs(t.ms), formatMs(t.ms / t.count), formatMs(t.max)]),
        ),
      );
    } finally {
      await assembly.stop();
      await redis.close();
    }
  } finally {
    await mongoose.disconnect().catch(() => {});
    await db.stop();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
