/**
 * Holds the client's entry chunk to its budget: `npm run build -w client` runs this
 * after `vite build` and fails when the entry chunk, gzipped, is over
 * `ENTRY_BUDGET_BYTES`. It reads what the build wrote (dist/.vite/manifest.json and
 * the chunk files), so the check costs no build of its own; its logic is unit-tested
 * on a small fixture (checkBundle.test.ts).
 *
 * `npx tsx client/scripts/checkBundle.ts [distDir]` prints the same report.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** 120 kB as vite counts them (1 kB = 1,000 bytes). */
export const ENTRY_BUDGET_BYTES = 120_000;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface BundleReport {
  entryFile: string;
  /** The entry chunk alone, gzipped. */
  entryGzipBytes: number;
  /** The JavaScript a first page load fetches: the entry and every chunk it imports statically, each gzipped. */
  initialJsGzipBytes: number;
  initialFiles: string[];
  budgetBytes: number;
  withinBudget: boolean;
}

const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Measures the built client in `distDir` against `budgetBytes`. */
export function measureBundle(distDir: string, budgetBytes = ENTRY_BUDGET_BYTES): BundleReport {
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  if (entries.length !== 1) throw new Error(`expected one entry chunk in the manifest, found ${entries.length}`);
  const [entryKey, entry] = entries[0]!;
  const initial = new Set<string>();
  const visit = (key: string) => {
    if (initial.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest names ${key} as an import but has no such chunk`);
    initial.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entryKey);
  const initialFiles = [...initial].map((key) => manifest[key]!.file);
  const entryGzipBytes = gzipSize(path.join(distDir, entry.file));
  const initialJsGzipBytes = initialFiles.reduce((sum, file) => sum + gzipSize(path.join(distDir, file)), 0);
  return {
    entryFile: entry.file,
    entryGzipBytes,
    initialJsGzipBytes,
    initialFiles,
    budgetBytes,
    withinBudget: entryGzipBytes <= budgetBytes,
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

/** The report as the build prints it. */
export function describeBundle(report: BundleReport): string {
  return [
    `entry chunk ${report.entryFile}: ${kB(report.entryGzipBytes)} gzipped (budget ${kB(report.budgetBytes)})`,
    `first load, entry and its static imports (${report.initialFiles.length} chunks): ${kB(report.initialJsGzipBytes)} gzipped`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const distDir = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
  const report = measureBundle(distDir);
  console.log(describeBundle(report));
  if (!report.withinBudget) {
    console.error(`the entry chunk is over its budget by ${kB(report.entryGzipBytes - report.budgetBytes)}: load more of the app lazily`);
    process.exit(1);
  }
}
