/**
 * Query shapes on FerretDB: `npx tsx --conditions=source bench/shapes.ts [--tickets 5000] [--backend sqlite|auto]`.
 *
 * Seeds one database, then times each query shape the ticket pipeline sends, first
 * with FerretDB's own indexes only (`DEVDB_ID_INDEXES=0`), then with devdb's `_id`
 * lookup indexes (tools/devdb/idindex.go). Prints a Markdown table, median of a
 * few runs per shape, engine named. Nothing asserts on speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose, { Types } from 'mongoose';
import { TicketModel } from '../server/src/tickets/ticketModel.js';
import { UserModel } from '../server/src/users/userModel.js';
import { startBenchDatabase } from './lib/database.js';
import { formatMs, table } from './lib/report.js';
import { seedDatabase } from './lib/seed.js';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '5000' },
    backend: { type: 'string', default: 'sqlite' },
    runs: { type: 'string', default: '5' },
  },
});
const tickets = Number(values.tickets);
const runs = Number(values.runs);
const backend = values.backend === 'auto' ? 'auto' : 'sqlite';
const log = (m: string) => console.error(`[bench:shapes] ${m}`);

/** One query shape and a way to send it once. */
interface Shape {
  label: string;
  send: () => Promise<unknown>;
}

function shapes(ticketIds: Types.ObjectId[], staffIds: string[]): Shape[] {
  let i = 0;
  const nextTicket = () => ticketIds[(i += 7) % ticketIds.length]!;
  return [
    { label: 'tickets find {_id}', send: () => TicketModel.findById(nextTicket()).lean() },
    { label: 'tickets updateOne {_id}', send: () => TicketModel.updateOne({ _id: nextTicket() }, { $set: { updatedAt: new Date() } }) },
    {
      label: 'tickets findAndModify {_id, assignedTo}',
      send: async () => {
        const id = nextTicket();
        return TicketModel.findOneAndUpdate({ _id: id, assignedTo: { $ne: new Types.ObjectId() } }, { $set: { updatedAt: new Date() } }).lean();
      },
    },
    { label: 'users find {_id: {$in: staff}}', send: () => UserModel.find({ _id: { $in: staffIds } }).select('presence').lean() },
    { label: 'users find {_id} × staff, in parallel', send: () => Promise.all(staffIds.map((id) => UserModel.findById(id).select('presence').lean())) },
    { label: 'users find {role: moderator}', send: () => UserModel.find({ role: 'moderator' }).select('presence').lean() },
  ];
}

async function timeShapes(list: Shape[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const shape of list) {
    await shape.send();
    const times: number[] = [];
    for (let r = 0; r < runs; r += 1) {
      const t0 = performance.now();
      await shape.send();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    out.set(shape.label, times[Math.floor(times.length / 2)]!);
    log(`${shape.label}: ${formatMs(out.get(shape.label)!)} ms`);
  }
  return out;
}

async function main() {
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-bench-shapes-'));
  const pgDatabase = `relaydesk_shapes_${process.pid}`;
  const results: Array<{ variant: string; engine: string; times: Map<string, number> }> = [];
  let seeded: { ticketIds: Types.ObjectId[]; staffIds: string[] } | null = null;
  try {
    for (const variant of ['FerretDB indexes only', 'with devdb _id indexes'] as const) {
      const db = await startBenchDatabase({
        pgDatabase,
        dbName: 'relaydesk_shapes',
        scratchDir,
        log,
        backend,
        env: { DEVDB_ID_INDEXES: variant === 'FerretDB indexes only' ? '0' : '1' },
        existing: seeded !== null,
      });
      try {
        await mongoose.connect(db.uri, { dbName: db.dbName, autoIndex: true });
        if (!seeded) {
          const data = await seedDatabase(tickets / 50_000, log, { tickets });
          await db.settle();
          const ids = await TicketModel.find().select('_id').limit(2000).lean();
          seeded = { ticketIds: ids.map((t) => t._id as Types.ObjectId), staffIds: [...data.moderatorIds, ...data.adminIds] };
        } else {
          // devdb adds its indexes on start; let PostgreSQL's planner see them.
          await db.settle();
        }
        results.push({ variant, engine: db.engine, times: await timeShapes(shapes(seeded.ticketIds, seeded.staffIds)) });
      } finally {
        await mongoose.disconnect();
        // Keep the PostgreSQL database for the second variant: stop only FerretDB.
        if (variant === 'FerretDB indexes only') await db.stopKeepingData();
        else await db.stop();
      }
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
  const labels = [...results[0]!.times.keys()];
  console.log(`\nQuery shapes at ${tickets.toLocaleString('en')} tickets, ${results[0]!.engine}, median of ${runs}:\n`);
  console.log(
    table(
      ['shape', ...results.map((r) => r.variant)],
      labels.map((label) => [label, ...results.map((r) => `${formatMs(r.times.get(label)!)} ms`)]),
    ),
  );
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
