/**
 * Similar-ticket index benchmark:
 * `npx tsx --conditions=source bench/similarTickets.ts [--tickets 5000] [--queries 200] [--backend sqlite|auto]`.
 *
 * Seeds N completed tickets (texts from the triage corpus, each with a closing staff
 * reply) straight through the models, runs the index's one-time backfill, then times
 * queries through `createSimilarIndex().search` as the endpoint calls it, with the
 * index read into memory as every process does at start (and how long that read
 * takes), and one incremental refresh (reading the ticket and its conversation,
 * writing its entry). On FerretDB with
 * SQLite, the default engine, unless `--backend auto` (PostgreSQL when it answers on
 * 127.0.0.1:5432); prints which.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose, { Types } from 'mongoose';
import { createSimilarIndex } from '../server/src/copilot/similarIndex.js';
import { ticketText } from '../server/src/copilot/bm25.js';
import { createKeyedLock } from '../server/src/platform/keyedLock.js';
import { createLogger } from '../server/src/platform/logger.js';
import { CommentModel } from '../server/src/tickets/commentModel.js';
import { TicketModel } from '../server/src/tickets/ticketModel.js';
import { filingBlockOf } from '../server/src/tickets/filingNumbers.js';
import { loadCorpus } from '../server/src/triage/corpus/loadCorpus.js';
import { UserModel } from '../server/src/users/userModel.js';
import { startBenchDatabase } from './lib/database.js';
import { stopAllChildren } from './lib/processes.js';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '5000' }, queries: { type: 'string', default: '200' }, backend: { type: 'string', default: 'sqlite' } },
});
const N = Number(values.tickets);
const QUERIES = Number(values.queries);
const log = (message: string) => console.log(message);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
};

const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-bench-similar-'));
const db = await startBenchDatabase({
  pgDatabase: `relaydesk_bench_similar_${process.pid}`,
  dbName: 'bench',
  scratchDir,
  log,
  backend: values.backend === 'auto' ? 'auto' : 'sqlite',
});
try {
  await mongoose.connect(db.uri);
  const corpus = loadCorpus();
  const moderator = await UserModel.create({ name: 'Bench Moderator', email: 'mod@bench.test', passwordHash: 'x', role: 'moderator' });
  const requester = await UserModel.create({ name: 'Bench User', email: 'user@bench.test', passwordHash: 'x', role: 'user' });
  const seedStarted = performance.now();
  const now = Date.now();
  for (let start = 0; start < N; start += 1000) {
    const tickets = [];
    const comments = [];
    for (let i = start; i < Math.min(N, start + 1000); i += 1) {
      const source = corpus[i % corpus.length]!;
      const _id = new Types.ObjectId();
      const completedAt = new Date(now - (N - i) * 60_000);
      tickets.push({
        _id,
        title: source.title,
        description: `${source.description} (case ${i})`,
        status: 'completed',
        createdBy: requester._id,
        assignedTo: moderator._id,
        completedAt,
        filingNumber: i + 1,
        filingBlock: filingBlockOf(i + 1),
      });
      comments.push({ ticket: _id, author: moderator._id, body: `Resolved: see the ${source.category} guide, step ${i % 17}.`, createdAt: new Date(completedAt.getTime() - 1000) });
    }
    await TicketModel.insertMany(tickets, { ordered: false });
    await CommentModel.insertMany(comments, { ordered: false });
  }
  log(`seeded ${N} completed tickets in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  await db.settle();

  const lock = createKeyedLock({});
  const logger = createLogger('silent');
  const index = createSimilarIndex({ lock, logger });
  const backfillStarted = performance.now();
  const backfilled = await index.backfill();
  log(`backfill: ${backfilled.indexed} tickets in ${((performance.now() - backfillStarted) / 1000).toFixed(1)} s`);
  await db.settle();

  const queries = Array.from({ length: QUERIES }, (_, i) => corpus[(i * 7919) % corpus.length]!);
  const run = async (target: ReturnType<typeof createSimilarIndex>) => {
    const times: number[] = [];
    for (const query of queries) {
      const started = performance.now();
      await target.search(ticketText(query), { limit: 5 });
      times.push(performance.now() - started);
    }
    return times;
  };
  // Another process starting: it reads the stored term vectors into memory, in the background in the server.
  // With --expose-gc (NODE_OPTIONS), the heap figure is what the loaded index itself holds.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const resident = createSimilarIndex({ lock, logger });
  const loadStarted = performance.now();
  await resident.load();
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  log(`whole index read into memory (as each process does at start, in the background): ${loadSeconds.toFixed(1)} s, ${gc ? `heap +${heapMb.toFixed(0)} MB` : 'heap not measured (run with NODE_OPTIONS=--expose-gc)'}`);
  log(`queries, index in memory (${QUERIES}): ${summary(await run(resident))}`);
  const one = await TicketModel.findOne({ filingNumber: Math.ceil(N / 2) }).lean();
  const refreshStarted = performance.now();
  await index.refresh(String(one!._id));
  log(`incremental refresh of one ticket: ${(performance.now() - refreshStarted).toFixed(0)} ms`);
  log(`engine: ${db.engine}; N = ${N}; node ${process.version}`);
} finally {
  await mongoose.disconnect().catch(() => {});
  await db.stop();
  await stopAllChildren();
  rmSync(scratchDir, { recursive: true, force: true });
}
