/**
 * `npm run bench`: every figure of the costs work in one run, engine named on each.
 *
 * - the ticket pipeline (POST /api/tickets → `ticket_assigned` on the assignee's
 *   socket, and the POST itself) and server start-up, at 0, 5,000 and 50,000 tickets
 *   (`--quick`: 0 and 5,000), each size on a freshly seeded database;
 * - the dashboard, the workflow runner's throughput and the cached list path, through
 *   the adapters in bench/lib/sections.ts.
 *
 * Writes its report into bench/RESULTS.md as the marked section `overview` (the API
 * benchmark, run as part of this, rewrites the rest of the file). Nothing asserts on
 * speed; it exits 1 when a measurement failed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../server/src/platform/logger.js';
import { connectRedis } from '../server/src/platform/redis.js';
import { measurePipeline, percentile, type PipelineFigures } from './lib/pipeline.js';
import { killAllChildrenNow, repoRoot, stopAllChildren } from './lib/processes.js';
import { formatMs, machineInfo, table } from './lib/report.js';
import { withSection } from './lib/resultsFile.js';
import { measureCachedListSection, measureDashboardSection, measureRunnerSection, type SectionResult } from './lib/sections.js';

const USAGE = `Usage: npm run bench -- [options]

  --quick            0 and 5,000 tickets only, and the quick API benchmark
  --sizes A,B,...    ticket counts to measure the pipeline at (default 0,5000,50000)
  --samples N        timed tickets per size (default 20, 10 with --quick)
  --backend B        sqlite (the default engine, default) or auto (FerretDB on PostgreSQL when it answers on 127.0.0.1:5432)
  --only-pipeline    skip the dashboard, runner and list sections
`;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    samples: { type: 'string' },
    backend: { type: 'string', default: 'sqlite' },
    'only-pipeline': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const quick = values.quick;
const sizes = (values.sizes ?? (quick ? '0,5000' : '0,5000,50000')).split(',').map(Number);
const samples = Number(values.samples ?? (quick ? 10 : 20));
const backend = values.backend === 'auto' ? 'auto' : 'sqlite';
if (sizes.some((n) => !Number.isInteger(n) || n < 0) || !Number.isInteger(samples) || samples < 1) {
  console.error(USAGE);
  process.exit(2);
}

const log = (message: string) => console.error(`[bench] ${message}`);
const redisUrl = 'redis://127.0.0.1:6379';
const redisPrefix = `relaydesk-bench:${process.pid}-${randomBytes(4).toString('hex')}:`;

async function deleteRedisKeys(): Promise<void> {
  const redis = await connectRedis({ url: redisUrl, enabled: true, keyPrefix: redisPrefix, logger: createLogger('silent') });
  const client = redis.client;
  if (client) {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await client.del(...keys);
    } while (cursor !== '0');
  }
  await redis.close();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void stopAllChildren()
      .then(deleteRedisKeys)
      .finally(() => process.exit(130));
  });
}
process.on('exit', killAllChildrenNow);

function pipelineTable(figures: PipelineFigures[]): string {
  const base = figures.find((f) => f.tickets === 0);
  const basep95 = base ? percentile(base.assignedMs, 95) : Number.NaN;
  return table(
    ['Tickets', 'Team', 'Engine', 'Start-up', 'Created → ticket_assigned p50', 'p95', 'p95 vs 0 tickets', 'POST /api/tickets p50', 'p95', 'Missed', 'Load avg'],
    figures.map((f) => {
      const p95 = percentile(f.assignedMs, 95);
      return [
        f.tickets.toLocaleString('en-US'),
        `${f.moderators} moderators, ${f.users.toLocaleString('en-US')} users`,
        f.engine,
        `${f.startupSeconds.toFixed(1)} s`,
        `${formatMs(percentile(f.assignedMs, 50))} ms`,
        `${formatMs(p95)} ms`,
        Number.isFinite(basep95) ? `${(p95 / basep95).toFixed(2)}×` : '–',
        `${formatMs(percentile(f.postMs, 50))} ms`,
        `${formatMs(percentile(f.postMs, 95))} ms`,
        String(f.missed),
        f.loadAverage.toFixed(1),
      ];
    }),
  );
}

function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  return process.env.npm_lifecycle_event === 'bench' ? `npm run bench${args ? ` -- ${args}` : ''}` : `npx tsx --conditions=source bench/run.ts${args ? ` ${args}` : ''}`;
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const machine = machineInfo();
  let failed = false;
  const figures: PipelineFigures[] = [];
  for (const tickets of sizes) {
    log(`pipeline at ${tickets} tickets (${backend})`);
    try {
      const f = await measurePipeline({ tickets, samples, warmup: 2, backend, redisUrl, redisPrefix, timeoutMs: 120_000, log });
      log(
        `${tickets} tickets, ${f.engine}: start-up ${f.startupSeconds.toFixed(1)} s; created → assigned p50 ${formatMs(percentile(f.assignedMs, 50))} ms, ` +
          `p95 ${formatMs(percentile(f.assignedMs, 95))} ms; POST p95 ${formatMs(percentile(f.postMs, 95))} ms; missed ${f.missed}`,
      );
      figures.push(f);
      if (f.missed) failed = true;
    } catch (err) {
      log(`pipeline at ${tickets} tickets failed: ${(err as Error).stack ?? String(err)}`);
      failed = true;
    }
  }

  const sections: SectionResult[] = [];
  if (!values['only-pipeline']) {
    for (const measure of [measureDashboardSection, measureRunnerSection, measureCachedListSection]) {
      try {
        const section = await measure({ quick, log });
        log(`${section.title}: ${section.measured ? 'measured' : section.markdown}`);
        sections.push(section);
      } catch (err) {
        failed = true;
        sections.push({ title: measure.name, measured: false, markdown: `Failed: ${(err as Error).message}` });
      }
    }
  }

  const report = [
    '# Overall benchmark (`npm run bench`)',
    '',
    `- Date: ${startedAt.toISOString()} (took ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s)`,
    `- Command: \`${commandLine()}\``,
    `- Machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB.toFixed(1)} GiB RAM, ${machine.platform}, Node ${machine.node}; 1-minute load average ${machine.loadAverageAtStart.toFixed(2)} at start (the machine is shared: above 2, processes wait for a core)`,
    `- Pipeline: each size on a freshly seeded database, with the work a first start does once per database (dashboard counters, similar-ticket index) done before the server starts, so it is measured as a restart; the server (\`server/src/main.ts\`, NODE_ENV=production, cache on, in-process workflows) started as its own process; every moderator and admin connected over Socket.io; ${samples} tickets filed one after another (after 2 warm-up tickets), each timed from sending \`POST /api/tickets\` to \`ticket_assigned\` on any staff socket. Start-up is from spawning the process to "RelayDesk is running".`,
    '',
    '## Ticket pipeline and start-up',
    '',
    figures.length ? pipelineTable(figures) : 'No size was measured.',
    ...sections.flatMap((s) => ['', `## ${s.title}`, '', s.markdown]),
  ].join('\n');

  const resultsPath = path.join(repoRoot, 'bench', 'RESULTS.md');
  const current = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
  writeFileSync(resultsPath, withSection(current, 'overview', report));
  console.log(`\n${report}`);
  return failed ? 1 : 0;
}

void main()
  .then(
    (code) => code,
    (err: unknown) => {
      console.error(err);
      return 1;
    },
  )
  .then(async (code) => {
    await stopAllChildren();
    await deleteRedisKeys().catch(() => {});
    process.exit(code);
  });
