/**
 * Ticket intake under load: POST /api/tickets as several users at once while the
 * server's in-process workflows triage and assign what arrives, then how long the
 * pipeline takes to catch up.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TicketModel } from '../../server/src/tickets/ticketModel.js';
import { loadCorpus } from '../../server/src/triage/corpus/loadCorpus.js';
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import { repoRoot } from './processes.js';
import { seededRandom } from './seed.js';

/** How the pipeline did after the intake load. */
export interface PipelineResult {
  /** Tickets whose triage run finished (completed or failed after its fallback). */
  triaged: number;
  /** Tickets that ended with a moderator. */
  assigned: number;
  /** Assignment runs that found nobody with free capacity. */
  noCandidate: number;
  /** Runs (any function) that ended failed. */
  failedRuns: number;
  /** Seconds from the last POST until the last triage finished; null if it did not within the limit. */
  triagedAfterLoadSeconds: number | null;
  /** Seconds from the last POST until the last assignment run finished; null if it did not within the limit. */
  settledAfterLoadSeconds: number | null;
  /** Seconds from the first POST until every assignment run finished. */
  settledAfterStartSeconds: number | null;
  timedOut: boolean;
}

/** The intake figures. */
export interface CreationResult {
  load: LoadResult;
  /** Tickets created during the phase (warm-up included), counted in the database. */
  created: number;
  /**
   * Creations per second as the server recorded them: tickets between the first and
   * the last `createdAt` of the phase. Unlike the client's window, this is not
   * skewed when a request takes a good part of the window.
   */
  serverRate: number | null;
  /** null when the server has no workflow runner (no server/src/workflows/). */
  pipeline: PipelineResult | null;
}

const POLL_MS = 1_000;
const BODY_VARIANTS = 64;

/** Whether this checkout has the workflow layer that triages and assigns new tickets. */
export function hasWorkflowRunner(): boolean {
  return existsSync(path.join(repoRoot, 'server', 'src', 'workflows', 'index.ts'));
}

/** Realistic ticket bodies drawn from the triage corpus, so triage sees varied text. */
export function ticketBodies(): string[] {
  const corpus = loadCorpus();
  const random = seededRandom(7);
  return Array.from({ length: BODY_VARIANTS }, () => {
    const source = corpus[Math.floor(random() * corpus.length)]!;
    return JSON.stringify({ title: source.title, description: source.description });
  });
}

interface RunRow {
  functionId: string;
  status: string;
  output: string | null;
  finishedAt: Date | null;
}

/**
 * Runs the intake load against `url` and waits up to `pipelineTimeoutSeconds` for
 * the workflows to triage and assign every ticket created.
 */
export async function measureCreation(options: {
  url: string;
  tokens: string[];
  connections: number;
  durationSeconds: number;
  pipelineTimeoutSeconds: number;
  loadEnv: NodeJS.ProcessEnv;
  log: (message: string) => void;
}): Promise<CreationResult> {
  const phaseStart = new Date(Date.now() - 1_000);
  const spec: LoadSpec = {
    url: options.url,
    method: 'POST',
    path: '/api/tickets',
    connections: options.connections,
    warmupSeconds: 0,
    // One request per connection, all answered before the window opens.
    warmupRequests: options.connections,
    // On FerretDB a creation can take longer than the window; then every request is waited for.
    fixedAmountWhenSlow: true,
    durationSeconds: options.durationSeconds,
    timeoutSeconds: 120,
    headerSets: options.tokens.map((token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' })),
    bodies: ticketBodies(),
  };
  const load = await runLoad(spec, options.loadEnv);
  const loadEndMs = Date.now();
  // The load generator drops requests still open when its window closes, but the
  // server finishes them: those tickets exist too, so nothing is final before they land.
  const inFlightSettledMs = loadEndMs + Math.max(5_000, 2 * load.p99Ms);

  let pipeline: PipelineResult | null = null;
  let rows: RunRow[] = [];
  let settled = false;
  if (hasWorkflowRunner()) {
    const { WorkflowRunModel } = await import('../../server/src/workflows/runner/runModel.js');
    const deadline = loadEndMs + options.pipelineTimeoutSeconds * 1_000;
    let lastReport = Date.now();
    const isDone = (row: RunRow) => row.status === 'completed' || row.status === 'failed';
    for (;;) {
      // job_runs holds little besides this phase's runs, so reading it is cheap; a filter
      // on tickets would make FerretDB scan all of them and slow the pipeline it measures.
      rows = await WorkflowRunModel.find({ createdAt: { $gte: phaseStart } })
        .select('functionId status output finishedAt')
        .lean<RunRow[]>();
      const triage = rows.filter((r) => r.functionId === 'triage-ticket');
      const assign = rows.filter((r) => r.functionId === 'assign-ticket');
      settled =
        Date.now() > inFlightSettledMs &&
        triage.length > 0 &&
        triage.every(isDone) &&
        assign.length === triage.length &&
        assign.every(isDone);
      if (settled || Date.now() > deadline) break;
      if (Date.now() - lastReport > 15_000) {
        options.log(
          `pipeline: ${triage.filter(isDone).length}/${triage.length} triaged, ${assign.filter(isDone).length}/${triage.length} assignment runs done`,
        );
        lastReport = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } else {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, inFlightSettledMs - Date.now())));
  }

  // One pass over the tickets at the end: filters other than _id are evaluated in FerretDB's proxy.
  const outcome = await TicketModel.find({ createdAt: { $gte: phaseStart } }).select('triagedBy assignedTo createdAt').lean();
  const created = outcome.length;
  options.log(`created ${created} tickets`);
  // The first and last POST as the server recorded them, free of the load process's start-up time.
  const createdTimes = outcome.map((t) => t.createdAt.getTime());
  const firstPostMs = Math.min(...createdTimes);
  const lastPostMs = Math.max(...createdTimes);
  const serverRate = created >= 2 && lastPostMs > firstPostMs ? (created - 1) / ((lastPostMs - firstPostMs) / 1_000) : null;
  if (hasWorkflowRunner()) {
    const lastFinish = (functionId: string) =>
      Math.max(...rows.filter((r) => r.functionId === functionId && r.finishedAt).map((r) => r.finishedAt!.getTime()));
    const triageRows = rows.filter((r) => r.functionId === 'triage-ticket');
    const triagedAll = triageRows.length >= created && triageRows.every((r) => r.status === 'completed' || r.status === 'failed');
    pipeline = {
      triaged: outcome.filter((t) => t.triagedBy !== null).length,
      assigned: outcome.filter((t) => t.assignedTo !== null).length,
      noCandidate: rows.filter((r) => r.functionId === 'assign-ticket' && r.output?.includes('"no_candidate"')).length,
      failedRuns: rows.filter((r) => r.status === 'failed').length,
      triagedAfterLoadSeconds: triagedAll ? Math.max(0, lastFinish('triage-ticket') - lastPostMs) / 1_000 : null,
      settledAfterLoadSeconds: settled ? Math.max(0, lastFinish('assign-ticket') - lastPostMs) / 1_000 : null,
      settledAfterStartSeconds: settled ? (lastFinish('assign-ticket') - firstPostMs) / 1_000 : null,
      timedOut: !settled,
    };
  }
  return { load, created, serverRate, pipeline };
}
