/**
 * Child processes for the API benchmark: every process this benchmark starts is
 * registered here, so an error or Ctrl-C stops exactly those and nothing else.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (bench/lib/ is two levels below it). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const running = new Set<ChildProcess>();

const EXIT_WITH_PARENT = pathToFileURL(path.join(repoRoot, 'bench', 'lib', 'exitWithParent.ts')).href;

/** Output lines kept per child, so a process that dies can explain itself. */
const TAIL_LINES = 40;

/** A child process started by the benchmark, with the last lines it printed. */
export interface Child {
  process: ChildProcess;
  /** Recent stdout/stderr lines, oldest first. */
  tail: string[];
  /** Emits `stdout` and `stderr` with each line the child prints. */
  output: EventEmitter;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Whether processes can be pinned to separate cores. Pinning keeps the server and
 * the load generator from competing for one core, which is the point of the
 * measurement; with fewer than two cores, or no `taskset`, everything runs unpinned.
 */
export const canPin: boolean =
  availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;

/** Core assignments: the process under test on one, the load generator on the other. */
export const CORES = { server: 0, load: 1 } as const;

/**
 * Starts a registered child process; the caller reads `tail` or its streams. The
 * child gets its own process group, so Ctrl-C reaches only the benchmark, which
 * then stops its children in order (server before database).
 */
export function startChild(command: string, args: string[], options: SpawnOptions & { label: string }): Child {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, ...options });
  running.add(child);
  const tail: string[] = [];
  const output = new EventEmitter();
  // One reader per stream: a second readline that closes would pause the pipe and stall the child.
  for (const stream of ['stdout', 'stderr'] as const) {
    const input = child[stream];
    if (!input) continue;
    createInterface({ input }).on('line', (line) => {
      tail.push(`[${options.label}] ${line}`);
      if (tail.length > TAIL_LINES) tail.shift();
      output.emit(stream, line);
    });
  }
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      running.delete(child);
      tail.push(`[${options.label}] ${err.message}`);
      resolve('spawn-error');
    });
  });
  return { process: child, tail, output, exited };
}

/**
 * Starts a TypeScript entry point under Node with tsx's loader and the `source`
 * export condition (so workspace packages resolve to their TypeScript sources),
 * pinned to `core` when pinning is available.
 */
export function startTsNode(
  script: string,
  args: string[],
  options: { label: string; core: number | null; env: NodeJS.ProcessEnv },
): Child {
  // BENCH_NODE_ARGS adds node flags to every process under test, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`.
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const nodeArgs = [...extra, '--import', 'tsx', '--import', EXIT_WITH_PARENT, '--conditions=source', script, ...args];
  const pinned = canPin && options.core !== null;
  const [command, commandArgs] = pinned
    ? ['taskset', ['-c', String(options.core), process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  return startChild(command, commandArgs, { label: options.label, cwd: repoRoot, env: options.env });
}

/** Resolves with the first stdout line that `match` accepts; rejects if the child exits or time runs out. */
export function waitForLine(child: Child, match: (line: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const onLine = (line: string) => {
      if (!match(line)) return;
      finish();
      resolve(line);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for output\n${child.tail.join('\n')}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      child.output.off('stdout', onLine);
    };
    child.output.on('stdout', onLine);
    void child.exited.then((code) => {
      finish();
      reject(new Error(`process exited (${code}) before it was ready\n${child.tail.join('\n')}`));
    });
  });
}

/** Asks a child to stop (SIGTERM), then kills it if it has not gone within `graceMs`. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/**
 * Stops every child still running, each by its own handle, newest first: the
 * server goes before the database it talks to.
 */
export async function stopAllChildren(): Promise<void> {
  for (const proc of [...running].reverse()) {
    if (proc.exitCode !== null || proc.signalCode !== null) continue;
    proc.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        resolve();
      }, 5_000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Last resort on process exit: synchronous, so it still runs when the event loop is gone. */
export function killAllChildrenNow(): void {
  for (const proc of running) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
}
