/**
 * Formatting of the API benchmark's figures: Markdown tables for the terminal
 * and bench/RESULTS.md, and the description of the machine they came from.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The machine and run a set of figures belongs to. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started; other work on the machine skews the figures. */
  loadAverageAtStart: number;
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1]!.trim();
  } catch {
    // Not Linux: the os module's answer stands.
  }
  return {
    cores: os.availableParallelism(),
    cpuModel,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg()[0] ?? 0,
  };
}

/** A Markdown table with a header row; cells are already formatted text. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Requests per second: whole numbers from 100 up, one decimal below, two below 1. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value >= 1 ? value.toFixed(1) : value.toFixed(2);
}

/** Milliseconds with precision that suits their size. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A ratio such as `0.42×` or `310×`. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return `${Math.round(value).toLocaleString('en-US')}×`;
  return value >= 10 ? `${value.toFixed(1)}×` : `${value.toFixed(2)}×`;
}

/** Seconds, or a dash for "did not happen". */
export function formatSeconds(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)} s`;
}
