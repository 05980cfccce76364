import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Readings taken when Prometheus scrapes, from parts built after the metrics. */
export interface MetricSources {
  /** MongoDB's connection state. */
  mongoState: () => 'up' | 'down';
  /** Redis's state; `disabled` reports no Redis gauge. */
  redisState: () => 'up' | 'down' | 'disabled';
  /** The cache's running totals since the process started. */
  cacheStats: () => { hits: number; misses: number; errors: number; bypassed: number };
  /** Workflow runs that are queued and due now (in-process runner only). */
  workflowRunsDue: () => Promise<number>;
}

/**
 * The process's Prometheus collectors, on a registry of their own (nothing is
 * registered globally, so two apps in one test process do not collide). Built by
 * the composition root and passed to what records into it.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Seconds per HTTP request, by method, route pattern and status class (2xx...). */
  readonly httpDuration: Histogram<'method' | 'route' | 'status_class'>;
  /** Open socket.io connections in this process. */
  readonly socketConnections: Gauge;
  /** Workflow attempts that ended, by function and how (completed, retrying, failed). */
  readonly workflowRuns: Counter<'function' | 'state'>;
  /** Seconds per workflow attempt, by function and how it ended. */
  readonly workflowDuration: Histogram<'function' | 'state'>;
  /** Tickets triaged, by the engine that produced the result. */
  readonly triageRuns: Counter<'engine'>;
  /** Connects the scrape-time readings; a source not given reports nothing. */
  setSources(sources: Partial<MetricSources>): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsOptions {
  /** Node's own process metrics (memory, event loop lag, GC). Default true. */
  processMetrics?: boolean;
  prefix?: string;
}

/** Builds the collectors on a fresh registry. */
export function createMetrics({ processMetrics = true, prefix = 'relaydesk_' }: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix });
  const sources: Partial<MetricSources> = {};
  const registers = [registry];

  const httpDuration = new Histogram({
    name: `${prefix}http_request_duration_seconds`,
    help: 'HTTP request duration by route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const socketConnections = new Gauge({ name: `${prefix}socket_connections`, help: 'Open socket.io connections', registers });
  const workflowRuns = new Counter({
    name: `${prefix}workflow_attempts_total`,
    help: 'Workflow attempts that ended, by function and state (completed, retrying, failed)',
    labelNames: ['function', 'state'] as const,
    registers,
  });
  const workflowDuration = new Histogram({
    name: `${prefix}workflow_attempt_duration_seconds`,
    help: 'Workflow attempt duration by function and state',
    labelNames: ['function', 'state'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const triageRuns = new Counter({
    name: `${prefix}triage_total`,
    help: 'Tickets triaged, by the engine that produced the result',
    labelNames: ['engine'] as const,
    registers,
  });

  new Gauge({
    name: `${prefix}workflow_runs_due`,
    help: 'Workflow runs queued and due now (the in-process runner)',
    registers,
    async collect() {
      if (!sources.workflowRunsDue) return;
      this.set(await sources.workflowRunsDue());
    },
  });
  new Gauge({
    name: `${prefix}dependency_up`,
    help: '1 when the dependency answers, 0 when not; Redis is absent when disabled',
    labelNames: ['dependency'] as const,
    registers,
    collect() {
      this.reset();
      if (sources.mongoState) this.set({ dependency: 'mongo' }, sources.mongoState() === 'up' ? 1 : 0);
      const redis = sources.redisState?.();
      if (redis && redis !== 'disabled') this.set({ dependency: 'redis' }, redis === 'up' ? 1 : 0);
    },
  });

  // The cache keeps its own totals; the counters follow them at each scrape.
  const reported = { hits: 0, misses: 0, bypassed: 0, errors: 0 };
  const follow = (counter: Counter<string>, key: keyof typeof reported, labels: Record<string, string> = {}) => {
    const current = sources.cacheStats?.()[key] ?? reported[key];
    if (current > reported[key]) counter.inc(labels, current - reported[key]);
    reported[key] = current;
  };
  new Counter({
    name: `${prefix}cache_reads_total`,
    help: 'Cache reads by result: hit, miss (loaded and stored), fallback (Redis unavailable or off, read from the database)',
    labelNames: ['result'] as const,
    registers,
    collect() {
      follow(this, 'hits', { result: 'hit' });
      follow(this, 'misses', { result: 'miss' });
      follow(this, 'bypassed', { result: 'fallback' });
    },
  });
  new Counter({
    name: `${prefix}cache_errors_total`,
    help: 'Redis commands of the cache that failed or timed out',
    registers,
    collect() {
      follow(this, 'errors');
    },
  });

  return {
    registry,
    httpDuration,
    socketConnections,
    workflowRuns,
    workflowDuration,
    triageRuns,
    setSources(given) {
      Object.assign(sources, given);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
