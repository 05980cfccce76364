/**
 * What the API benchmark measured, and how it is written up: the Markdown that
 * bench/RESULTS.md holds and the run prints.
 */
import type { CreationResult } from './creation.js';
import type { LoadResult } from './load.js';
import { canPin, CORES } from './processes.js';
import type { QueryCountResult } from './queryCount.js';
import { formatMs, formatRate, formatRatio, formatSeconds, table, type MachineInfo } from './report.js';
import { SCORER_ROUND_MS, SCORER_ROUNDS, type ScorerResult } from './scorerBench.js';
import type { SeededData } from './seed.js';

/** The run's settings, from the command line. */
export interface ApiBenchOptions {
  scale: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  createSeconds: number;
  pipelineTimeoutSeconds: number;
  queryRequests: number;
  /** CACHE_TIMEOUT_MS for the servers; undefined keeps the server's default. */
  cacheTimeoutMs: number | undefined;
}

/** One `GET /api/tickets` case: who asks, for which page. */
export interface ListCase {
  label: string;
  role: 'user' | 'moderator' | 'admin';
  path: string;
}

/** One list case measured against one server. */
export interface PhaseCaseResult {
  load: LoadResult;
  /** How the figures were taken, e.g. `10 conn × 10 s` or `1 request`. */
  method: string;
  /** The first request of the case: a cache miss with the cache on, an ordinary request with it off. */
  firstMs: number;
  total: number;
  items: number;
}

/** One list case with the cache on and off. */
export interface ListCaseResult {
  case: ListCase;
  /** Tickets the caller may see, and items on the requested page, as the server answered. */
  total: number;
  items: number;
  cached: PhaseCaseResult;
  uncached: PhaseCaseResult;
}

/** Everything one run measured, and what the report says about the run itself. */
export interface ApiBenchResults {
  options: ApiBenchOptions;
  /** The command as typed, for the report. */
  command: string;
  /** Label of the list case the headline ratios use. */
  headlineCase: string;
  /** Scale of the copy the database commands were counted on. */
  countScale: number;
  machine: MachineInfo;
  startedAt: Date;
  finishedAt: Date;
  engine: string;
  seeded: SeededData;
  countSeeded: SeededData;
  list: ListCaseResult[];
  cacheOutages: number;
  serverStartups: Array<{ label: string; seconds: number }>;
  loadAverages: number[];
  bodyBytes: number;
  bare: { http: LoadResult; express: LoadResult; expressNested: LoadResult };
  queries: QueryCountResult[];
  creation: CreationResult;
  scorer: ScorerResult[];
}


/** Every load case with its failures, for the pass/fail decision and the table. */
export function loadCases(results: ApiBenchResults): Array<{ label: string; load: LoadResult }> {
  return [
    ...results.list.flatMap((r) => [
      { label: `${r.case.label} (cache on)`, load: r.cached.load },
      { label: `${r.case.label} (cache off)`, load: r.uncached.load },
    ]),
    { label: 'bare node:http', load: results.bare.http },
    { label: 'bare Express 5', load: results.bare.express },
    { label: 'bare Express 5, nested routers', load: results.bare.expressNested },
    { label: 'POST /api/tickets', load: results.creation.load },
  ];
}

/** Answers that count against the run: non-2xx responses and connection errors. */
export const failures = (load: LoadResult) => load.non2xx + load.errors;

function describeCommands(counts: Record<string, number>): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return 'none';
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name} ${Number.isInteger(n) ? n : n.toFixed(1)}`)
    .join(', ');
}

const count = (n: number) => n.toLocaleString('en-US');

/** The report as Markdown: what RESULTS.md holds and the run prints. */
export function renderReport(results: ApiBenchResults): string {
  const { options, machine, engine, seeded } = results;
  const headline = results.list.find((r) => r.case.label === results.headlineCase)!;
  const steady = (label: string, cacheEnabled: boolean) =>
    results.queries.find((q) => q.label === label && q.cacheEnabled === cacheEnabled)!;
  const out: string[] = [];
  const failed = loadCases(results).filter((c) => failures(c.load) > 0);
  const timeoutSetting =
    options.cacheTimeoutMs === undefined ? 'server default (25 ms)' : `${options.cacheTimeoutMs} ms (server default 25 ms)`;

  out.push('# API benchmark results', '');
  if (failed.length) {
    out.push(`**FAILED**: non-2xx answers or connection errors in ${failed.map((c) => c.label).join('; ')}. The figures below are not valid.`, '');
  }
  out.push(
    `- Date: ${results.startedAt.toISOString()} (took ${Math.round((results.finishedAt.getTime() - results.startedAt.getTime()) / 1000)} s)`,
    `- Command: \`${results.command}\``,
    `- Machine: ${machine.cores} cores (nproc), ${machine.cpuModel}, ${machine.memoryGiB.toFixed(1)} GiB RAM, ${machine.platform}, Node ${machine.node}; 1-minute load average ${machine.loadAverageAtStart.toFixed(2)} at start, ${Math.min(...results.loadAverages).toFixed(2)}–${Math.max(...results.loadAverages).toFixed(2)} across the load cases (above ${machine.cores}, processes were waiting for a core)`,
    `- Placement: ${canPin ? `server under test pinned to core ${CORES.server}, autocannon pinned to core ${CORES.load}` : 'unpinned (fewer than two cores or no taskset)'}; the database and Redis unpinned`,
    `- Database engine: **${engine}**`,
    `- Data: ${count(seeded.tickets)} tickets, ${count(seeded.moderatorIds.length)} moderators, ${count(seeded.userIds.length)} users, ${seeded.adminIds.length} admins (scale ${options.scale}); seeded in ${seeded.seconds.toFixed(1)} s`,
    `- Load: ${options.connections} connections, ${options.warmupSeconds} s warm-up, then ${options.durationSeconds} s measured per case`,
    `- CACHE_TIMEOUT_MS: ${timeoutSetting}; the cache-on server logged ${results.cacheOutages} fall-back(s) to the database`,
    `- Server start-up until accepting requests: ${results.serverStartups
      .filter((s) => s.label.startsWith('server'))
      .map((s) => `${s.label} ${s.seconds.toFixed(1)} s`)
      .join(', ')}`,
    '',
  );

  const onOverOff = headline.cached.load.requestsPerSecond / headline.uncached.load.requestsPerSecond;
  const onOverExpress = headline.cached.load.requestsPerSecond / results.bare.express.requestsPerSecond;
  const onOverHttp = headline.cached.load.requestsPerSecond / results.bare.http.requestsPerSecond;
  out.push(
    '## Headline',
    '',
    `Admin, GET /api/tickets?page=1&limit=20 (${engine}):`,
    '',
    `- Cache warm vs bare Express 5 returning the same ${count(results.bodyBytes)} bytes: **${formatRatio(onOverExpress)}** the requests/s (${formatRate(headline.cached.load.requestsPerSecond)} vs ${formatRate(results.bare.express.requestsPerSecond)}); vs bare node:http ${formatRatio(onOverHttp)}.`,
    `- Cache warm vs cache off: **${formatRatio(onOverOff)}** the requests/s (${formatRate(headline.cached.load.requestsPerSecond)} vs ${formatRate(headline.uncached.load.requestsPerSecond)}, cache off measured as ${headline.uncached.method}); p50 ${formatMs(headline.cached.load.p50Ms)} ms vs ${formatMs(headline.uncached.load.p50Ms)} ms.`,
    `- Database reads per request once the cache is warm vs with the cache off: ${['user', 'moderator', 'admin']
      .map((role) => `${role} ${steady(role, true).steadyReadsPerRequest.toFixed(1)} vs ${steady(role, false).steadyReadsPerRequest.toFixed(1)}`)
      .join('; ')}.`,
    `- Redis commands per request once the cache is warm (round trips: each is awaited before the next): ${['user', 'moderator', 'admin']
      .map((role) => `${role} ${steady(role, true).steadyRedisPerRequest.toFixed(1)}`)
      .join('; ')}.`,
    '',
  );

  out.push(
    `## GET /api/tickets (${engine})`,
    '',
    '"Visible": tickets the caller may see; "on page": items returned. "First" is the first request of the case, timed alone: with the cache on, the miss that fills the entry. Cache off is measured like cache on unless its requests are too slow for the window; then as that many sequential requests, or the first request alone ("1 request"). Latencies in ms.',
    '',
    table(
      ['Case', 'Visible', 'On page', 'On: first', 'On: req/s', 'On: p50', 'On: p99', 'Off: sample', 'Off: req/s', 'Off: p50', 'Off: p99', 'On/off', 'Failed'],
      results.list.map((r) => [
        r.case.label,
        count(r.total),
        String(r.items),
        formatMs(r.cached.firstMs),
        formatRate(r.cached.load.requestsPerSecond),
        formatMs(r.cached.load.p50Ms),
        formatMs(r.cached.load.p99Ms),
        r.uncached.method,
        formatRate(r.uncached.load.requestsPerSecond),
        formatMs(r.uncached.load.p50Ms),
        formatMs(r.uncached.load.p99Ms),
        formatRatio(r.cached.load.requestsPerSecond / r.uncached.load.requestsPerSecond),
        String(failures(r.cached.load) + failures(r.uncached.load)),
      ]),
    ),
    '',
    `## The same bytes from bare servers (no database; the ${count(results.bodyBytes)}-byte admin page 1)`,
    '',
    table(
      ['Server', 'Sample', 'req/s', 'p50 ms', 'p99 ms', 'vs bare Express', 'Failed'],
      [
        ['bare node:http', `${options.connections} conn × ${options.durationSeconds} s`, results.bare.http],
        ['bare Express 5 route', `${options.connections} conn × ${options.durationSeconds} s`, results.bare.express],
        ['bare Express 5, behind nested routers', `${options.connections} conn × ${options.durationSeconds} s`, results.bare.expressNested],
        [`RelayDesk, cache warm (${engine})`, headline.cached.method, headline.cached.load],
        [`RelayDesk, cache off (${engine})`, headline.uncached.method, headline.uncached.load],
      ].map(([label, method, load]) => {
        const l = load as LoadResult;
        return [
          label as string,
          method as string,
          formatRate(l.requestsPerSecond),
          formatMs(l.p50Ms),
          formatMs(l.p99Ms),
          formatRatio(l.requestsPerSecond / results.bare.express.requestsPerSecond),
          String(failures(l)),
        ];
      }),
    ),
    '',
    `## Database commands per request, GET /api/tickets?page=1&limit=20 (${engine}, in-process)`,
    '',
    `Counted on a separate copy of ${count(results.countSeeded.tickets)} tickets (${results.countScale * 100}% scale; which commands a request sends depends on its code path, not on the volume). ${options.queryRequests} sequential requests per caller; "first" is the first request (cold cache), "steady" the mean of the others. Reads are find, aggregate, count and getMore.`,
    '',
    table(
      ['Caller', 'Cache', 'First request', 'Steady reads/request', 'Steady commands', 'Steady Redis commands'],
      results.queries.map((q) => [
        q.label,
        q.cacheEnabled ? 'on' : 'off',
        describeCommands(q.first),
        q.steadyReadsPerRequest.toFixed(1),
        describeCommands(q.steady),
        describeCommands(q.steadyRedis),
      ]),
    ),
    '',
  );

  const c = results.creation;
  out.push(
    `## Ticket intake, POST /api/tickets (${engine}, cache on)`,
    '',
    `${options.connections} connections, each as a different user, bodies rotating through tickets from the triage corpus; a warm-up of one request per connection, then ${options.createSeconds} s of load, or, when the warm-up shows a creation taking over a third of that, a fixed number of requests that are all waited for ("sample"). "Created" counts every ticket of the phase, warm-up included. "Server-side" is the rate between the first and the last ticket the server stored (the insert comes early in the request; the response waits for the rest of its work).`,
    '',
    table(
      ['Sample', 'Created', 'Creations/s (client)', 'Creations/s (server-side)', 'p50 ms', 'p99 ms', 'Failed'],
      [
        [
          c.load.fixedRequests === null
            ? `${options.connections} conn × ${options.createSeconds} s`
            : `${count(c.load.fixedRequests)} requests on ${options.connections} conn`,
          count(c.created),
          formatRate(c.load.requestsPerSecond),
          c.serverRate === null ? '—' : formatRate(c.serverRate),
          formatMs(c.load.p50Ms),
          formatMs(c.load.p99Ms),
          String(failures(c.load)),
        ],
      ],
    ),
    '',
  );
  if (c.pipeline) {
    const p = c.pipeline;
    out.push(
      `Triage and assignment run in the server process (in-process workflow runner), during the load and after it. "After last ticket": from the last ticket created to the last run of that kind finishing; "from first ticket": from the first ticket created to the last assignment run finishing.${p.timedOut ? ` **The pipeline had not finished ${options.pipelineTimeoutSeconds} s after the load.**` : ''}`,
      '',
      table(
        ['Triaged', 'Assigned', 'No free moderator', 'Failed runs', 'Triage done, after last ticket', 'Assignment done, after last ticket', 'From first ticket', 'Pipeline tickets/s'],
        [
          [
            `${count(p.triaged)}/${count(c.created)}`,
            `${count(p.assigned)}/${count(c.created)}`,
            String(p.noCandidate),
            String(p.failedRuns),
            formatSeconds(p.triagedAfterLoadSeconds),
            formatSeconds(p.settledAfterLoadSeconds),
            formatSeconds(p.settledAfterStartSeconds),
            p.settledAfterStartSeconds ? formatRate(c.created / p.settledAfterStartSeconds) : '—',
          ],
        ],
      ),
      '',
    );
  } else {
    out.push('The server has no workflow runner (no server/src/workflows/): creation throughput only.', '');
  }

  out.push(
    '## Assignment scorer (pure function, no database)',
    '',
    `Mean time of one \`scoreModerators\` call with synthetic candidates, and of sorting a copy of the same array by one number, in the same process: ${SCORER_ROUNDS} alternating rounds of about ${SCORER_ROUND_MS / 1_000} s each, median round shown.`,
    '',
    table(
      ['Moderators', 'Iterations', 'scoreModerators µs/call', 'Sort by number µs/call', 'Ratio'],
      results.scorer.map((s) => [
        s.moderators.toLocaleString('en-US'),
        s.iterations.toLocaleString('en-US'),
        formatMs(s.scorerMicros),
        formatMs(s.baselineMicros),
        formatRatio(s.ratio),
      ]),
    ),
    '',
  );
  return out.join('\n');
}
