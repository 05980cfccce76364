/**
 * Load generator process: reads a LoadSpec (JSON) on stdin, runs autocannon for the
 * warm-up and then the measured window, and prints one LoadResult line as JSON.
 * Started by load.ts, pinned to its own core.
 */
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function run(spec: LoadSpec, span: { seconds: number } | { amount: number }): Promise<autocannon.Result> {
  let nextConnection = 0;
  let nextBody = 0;
  const bodies = spec.bodies ?? [];
  return autocannon({
    url: spec.url,
    connections: spec.connections,
    ...('amount' in span ? { amount: span.amount } : { duration: span.seconds }),
    timeout: spec.timeoutSeconds,
    // Each connection is one client: it keeps its own identity (token) for the whole run.
    setupClient: (client) => {
      const headers = spec.headerSets[nextConnection % spec.headerSets.length] ?? {};
      nextConnection += 1;
      client.setRequests([
        {
          method: spec.method,
          path: spec.path,
          headers,
          ...(bodies.length > 0
            ? {
                setupRequest: (request) => {
                  request.body = bodies[nextBody % bodies.length];
                  nextBody += 1;
                  return request;
                },
              }
            : {}),
        },
      ]);
    },
  });
}

async function main() {
  const spec = JSON.parse(await readStdin()) as LoadSpec;
  const warmup = spec.warmupRequests
    ? await run(spec, { amount: spec.warmupRequests })
    : spec.warmupSeconds > 0
      ? await run(spec, { seconds: spec.warmupSeconds })
      : null;
  const windowMs = spec.durationSeconds * 1_000;
  const warmupLatency = warmup?.latency.p50 ?? 0;
  const fixedRequests = spec.amount
    ? spec.amount
    : spec.fixedAmountWhenSlow && warmupLatency * 3 > windowMs
      ? spec.connections * Math.max(2, Math.ceil(windowMs / warmupLatency))
      : null;
  const measured = await run(spec, fixedRequests ? { amount: fixedRequests } : { seconds: spec.durationSeconds });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(measured.statusCodeStats ?? {})) statusCodes[code] = Number(stat.count);
  const responses = Object.values(statusCodes).reduce((sum, n) => sum + n, 0);
  // autocannon notices the end of a fixed amount only at its next one-second sample, which
  // would understate a short run's rate. Each connection keeps one request outstanding, so
  // the rate is connections / mean latency (Little's law) instead.
  const result: LoadResult = {
    requestsPerSecond: fixedRequests
      ? (Math.min(spec.connections, fixedRequests) * 1_000) / measured.latency.average
      : responses / measured.duration,
    responses,
    durationSeconds: measured.duration,
    p50Ms: measured.latency.p50,
    p99Ms: measured.latency.p99,
    meanMs: measured.latency.average,
    non2xx: measured.non2xx + (warmup?.non2xx ?? 0),
    errors: measured.errors + (warmup?.errors ?? 0),
    timeouts: measured.timeouts + (warmup?.timeouts ?? 0),
    statusCodes,
    fixedRequests,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
