/**
 * The dashboard figures at volume (see bench/README.md, "Dashboard figures").
 *
 *   npx tsx --conditions=source bench/stats.ts [--scale 1] [--engine sqlite|postgresql] [--scan] [--runs 30]
 *
 * Starts FerretDB (tools/devdb) on SQLite files in a temporary directory, or on a
 * throw-away PostgreSQL database, seeds it, and prints the figures as JSON and as a line
 * to paste into the README. Everything it starts is stopped and removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { startBenchDatabase } from './lib/database.js';
import { killAllChildrenNow, stopAllChildren } from './lib/processes.js';
import { measureStats } from './lib/statsBench.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    engine: { type: 'string', default: 'sqlite' },
    runs: { type: 'string', default: '30' },
    scan: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
if (!(scale > 0)) throw new Error('--scale must be a positive number');
if (values.engine !== 'sqlite' && values.engine !== 'postgresql') throw new Error('--engine must be sqlite or postgresql');
const log = (message: string) => process.stderr.write(`[stats bench] ${message}\n`);

process.on('exit', killAllChildrenNow);
const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-bench-stats-'));
const dbName = 'relaydesk_bench_stats';
const db = await startBenchDatabase({
  pgDatabase: `relaydesk_bench_stats_${process.pid}`,
  dbName,
  scratchDir,
  log,
  backend: values.engine === 'sqlite' ? 'sqlite' : 'auto',
});
try {
  if (values.engine === 'postgresql' && db.isFallback) throw new Error('PostgreSQL is not reachable');
  await mongoose.connect(db.uri, { dbName, serverSelectionTimeoutMS: 10_000, autoIndex: true });
  const result = await measureStats({ scale, runs: Number(values.runs), withScan: values.scan, log: (m) => log(m) });
  await db.settle();
  process.stdout.write(`${JSON.stringify({ engine: db.engine, scale, ...result }, null, 2)}\n`);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  process.stdout.write(
    `| ${db.engine} | ${result.tickets.toLocaleString('en')} | ${ms(result.dashboardMs.p50)} / ${ms(result.dashboardMs.p95)} / ${ms(result.dashboardMs.max)} | ` +
      `${result.backfill.seconds.toFixed(1)} s | ${result.steadyReconcileSeconds.toFixed(1)} s | ${result.scanMs === null ? 'not run' : `${(result.scanMs / 1000).toFixed(1)} s`} |\n`,
  );
} finally {
  await mongoose.disconnect().catch(() => {});
  await db.stop();
  await stopAllChildren();
  rmSync(scratchDir, { recursive: true, force: true });
}
