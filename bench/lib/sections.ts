/**
 * The call sites `npm run bench` (bench/run.ts) uses for figures other parts of the
 * code base own: the dashboard (`measureStats`), the workflow runner's throughput
 * (`measureRunnerThroughput`) and the cached list path (bench/api.ts).
 *
 * Each runs its own script as a child process and passes on what it printed; a
 * script that fails is reported as not measured, never with a made-up figure.
 */
import path from 'node:path';
import { repoRoot, startTsNode, type Child } from './processes.js';

/** One section of the overall report. */
export interface SectionResult {
  title: string;
  /** Markdown, figures with their engine; or why there are none. */
  markdown: string;
  measured: boolean;
}

export interface SectionOptions {
  quick: boolean;
  log: (message: string) => void;
}

/** A section module's exported function: takes the run's options, returns its Markdown. */
/**
 * Runs a benchmark script of its own (each starts and removes its own database) and
 * shows what it printed, so its figures keep the engine and machine it names.
 */
async function fromScript(title: string, script: string, args: string[], options: SectionOptions): Promise<SectionResult> {
  const child: Child = startTsNode(path.join(repoRoot, 'bench', script), args, { label: script, core: null, env: process.env });
  const lines: string[] = [];
  child.output.on('stdout', (line: string) => lines.push(line));
  child.output.on('stderr', (line: string) => options.log(`${script}: ${line}`));
  const code = await child.exited;
  const command = `npx tsx --conditions=source bench/${script}${args.length ? ` ${args.join(' ')}` : ''}`;
  if (code !== 0 || lines.length === 0) {
    return { title, measured: false, markdown: `Not measured: \`${command}\` exited with ${String(code)} (see its output above).` };
  }
  return { title, measured: true, markdown: `From \`${command}\`:\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`` };
}

/** `GET /api/stats` uncached (the stats service's `dashboard()`): bench/stats.ts, 5,000 tickets with --quick, else 50,000. */
export function measureDashboardSection(options: SectionOptions): Promise<SectionResult> {
  return fromScript('Dashboard (GET /api/stats)', 'stats.ts', options.quick ? ['--scale', '0.1', '--runs', '20'] : ['--runs', '30'], options);
}

/** Tickets triaged, assigned and notified per second from a burst on an empty database: bench/runner.ts. */
export function measureRunnerSection(options: SectionOptions): Promise<SectionResult> {
  return fromScript('Workflow runner throughput', 'runner.ts', options.quick ? ['--tickets', '100'] : ['--tickets', '300'], options);
}

/**
 * The cached list path against bare Express 5 and bare node:http: bench/api.ts, run as
 * its own process (it pins processes to cores and rewrites bench/RESULTS.md, keeping
 * marked sections). Its "Headline" section is what this one shows.
 */
export async function measureCachedListSection(options: SectionOptions): Promise<SectionResult> {
  const title = 'Cached list path (GET /api/tickets vs bare servers)';
  const args = options.quick ? ['--scale', '0.1', '--duration', '3'] : [];
  const child: Child = startTsNode(path.join(repoRoot, 'bench', 'api.ts'), args, { label: 'bench-api', core: null, env: process.env });
  const lines: string[] = [];
  child.output.on('stdout', (line: string) => lines.push(line));
  child.output.on('stderr', (line: string) => options.log(line.replace(/^\[bench:api\] /, 'api: ')));
  const code = await child.exited;
  const report = lines.join('\n');
  const headline = /## Headline\n([\s\S]*?)\n## /.exec(report)?.[1]?.trim();
  if (!headline) {
    return { title, measured: false, markdown: `Not measured: bench/api.ts exited with ${String(code)} without its headline (see its output above).` };
  }
  return {
    title,
    measured: true,
    markdown: `From \`bench/api.ts${args.length ? ` ${args.join(' ')}` : ''}\` (its full tables are in the "API benchmark results" part of this file):\n\n${headline}`,
  };
}
