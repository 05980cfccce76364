/**
 * The call sites `npm run bench` (bench/run.ts) uses for figures other parts of the
 * code base own: the dashboard (`measureStats`), the workflow runner's throughput
 * (`measureRunnerThroughput`) and the cached list path (bench/api.ts).
 *
 * Each adapter looks for its module; where the module is not in this checkout it
 * reports the section as not measured, naming what is missing, and never makes a
 * figure up. When the module lands, the adapter calls it and passes its Markdown on.
 */
import { existsSync } from 'node:fs';
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
type SectionFunction = (options: SectionOptions) => Promise<{ markdown: string } | string>;

async function fromModule(title: string, file: string, exportName: string, options: SectionOptions): Promise<SectionResult> {
  const modulePath = path.join(repoRoot, 'bench', 'lib', file);
  if (!existsSync(modulePath)) {
    return { title, measured: false, markdown: `Not measured: \`bench/lib/${file}\` (\`${exportName}\`) is not in this checkout.` };
  }
  const loaded = (await import(modulePath)) as Record<string, unknown>;
  const measure = loaded[exportName];
  if (typeof measure !== 'function') {
    return { title, measured: false, markdown: `Not measured: \`bench/lib/${file}\` exports no \`${exportName}\`.` };
  }
  const result = await (measure as SectionFunction)(options);
  return { title, measured: true, markdown: typeof result === 'string' ? result : result.markdown };
}

/** `GET /api/stats` uncached at each size: `measureStats` in bench/lib/stats.ts. */
export function measureDashboardSection(options: SectionOptions): Promise<SectionResult> {
  return fromModule('Dashboard (GET /api/stats)', 'stats.ts', 'measureStats', options);
}

/** Tickets triaged, assigned and notified per second from a burst: `measureRunnerThroughput` in bench/lib/runnerThroughput.ts. */
export function measureRunnerSection(options: SectionOptions): Promise<SectionResult> {
  return fromModule('Workflow runner throughput', 'runnerThroughput.ts', 'measureRunnerThroughput', options);
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
