/**
 * Load generation for the API benchmark. autocannon runs in its own Node process
 * pinned to the core the server does not use, so the generator never steals the
 * server's CPU; this module starts it and reads back one summary per case.
 */
import path from 'node:path';
import { CORES, repoRoot, startTsNode } from './processes.js';

/** One load case, as sent to the worker (plain JSON). */
export interface LoadSpec {
  /** Base URL of the server, e.g. `http://127.0.0.1:4000`. */
  url: string;
  method: 'GET' | 'POST';
  /** Path and query string. */
  path: string;
  connections: number;
  /** Seconds of load before measuring; their figures are discarded but their failures count. */
  warmupSeconds: number;
  /**
   * Warm up with exactly this many requests instead (all answered before measuring).
   * For slow requests: a timed warm-up would leave requests running into the window.
   */
  warmupRequests?: number;
  /**
   * With `warmupRequests`: if the warm-up's median latency is over a third of the
   * window, send a fixed number of requests (at least two per connection, about a
   * window's worth) instead of running for the window. A request still open when a
   * window closes is dropped by the client and its latency never recorded, so a
   * window shorter than a few requests would report almost nothing.
   */
  fixedAmountWhenSlow?: boolean;
  durationSeconds: number;
  /** Send exactly this many requests instead of running for `durationSeconds`. */
  amount?: number;
  /** Seconds a single request may take before it counts as an error. */
  timeoutSeconds: number;
  /** Headers per connection: connection `i` uses `headerSets[i % length]`. */
  headerSets: Record<string, string>[];
  /** Request bodies sent in rotation (POST). */
  bodies?: string[];
}

/** What one measured window produced. */
export interface LoadResult {
  /** Completed requests per second over the measured window. */
  requestsPerSecond: number;
  /** Responses received in the measured window. */
  responses: number;
  durationSeconds: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Non-2xx responses, warm-up included. */
  non2xx: number;
  /** Connection errors and timeouts, warm-up included. */
  errors: number;
  timeouts: number;
  /** Response count per status code in the measured window. */
  statusCodes: Record<string, number>;
  /** Set when a fixed number of requests was sent instead of running for the window. */
  fixedRequests: number | null;
}

const WORKER = path.join(repoRoot, 'bench', 'lib', 'loadWorker.ts');

/**
 * A result made of one request the caller timed itself, for cases where a single
 * request takes longer than a load window.
 */
export function singleRequestResult(ms: number, status: number): LoadResult {
  const ok = status >= 200 && status < 300;
  return {
    requestsPerSecond: 1_000 / ms,
    responses: 1,
    durationSeconds: ms / 1_000,
    p50Ms: ms,
    p99Ms: ms,
    meanMs: ms,
    non2xx: ok ? 0 : 1,
    errors: 0,
    timeouts: 0,
    statusCodes: { [String(status)]: 1 },
    fixedRequests: 1,
  };
}

/** Runs one case in the pinned load process and returns its summary. */
export async function runLoad(spec: LoadSpec, env: NodeJS.ProcessEnv): Promise<LoadResult> {
  const child = startTsNode(WORKER, [], { label: 'load', core: CORES.load, env });
  child.process.stdin!.end(JSON.stringify(spec));
  let last = '';
  child.output.on('stdout', (line: string) => {
    if (line.startsWith('{')) last = line;
  });
  const code = await child.exited;
  if (code !== 0 || !last) throw new Error(`load generator failed (exit ${code})\n${child.tail.join('\n')}`);
  return JSON.parse(last) as LoadResult;
}
