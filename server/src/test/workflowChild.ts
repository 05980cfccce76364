import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { afterAll, beforeAll, inject } from 'vitest';
import { TEST_JWT_SECRET, type TestApp } from './harness.js';

/** A second server process running workflows on this test file's database, queue and Redis prefix. */
export interface WorkflowChild {
  url: string;
  process: ChildProcess;
  /** Ticket ids its SLA timers checked, in order. */
  checked: string[];
  /** Ends it abruptly (SIGKILL), as in a crash. */
  kill(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Starts `test/workflowNode.ts` for the file (after `app` is up) and kills it after the file. */
export function useWorkflowChild(app: TestApp, env: Record<string, string> = {}): WorkflowChild {
  const holder = { checked: [] as string[] } as WorkflowChild;
  beforeAll(async () => {
    const uri = new URL(inject('mongoUri'));
    uri.pathname = `/${mongoose.connection.name}`;
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(repoRoot, 'server', 'src', 'test', 'workflowNode.ts')], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {
        ...process.env,
        ...env,
        NODE_ENV: 'test',
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        MONGO_URI: uri.toString(),
        REDIS_KEY_PREFIX: app.redis.prefix,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: '.data/test',
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        let message: { port?: number; checked?: string };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          return;
        }
        if (message.port !== undefined) resolve(message.port);
        if (message.checked) holder.checked.push(message.checked);
      });
      child.once('exit', (code) => reject(new Error(`workflow child exited early (${code})`)));
    });
    Object.assign(holder, {
      url: `http://127.0.0.1:${port}`,
      process: child,
      async kill() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      },
    });
  }, 90_000);
  afterAll(async () => {
    await holder.kill?.();
  });
  return holder;
}
