import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../platform/freePort.js';

/** A throw-away redis-server of our own, for tests that stop and restart Redis. */
export interface RedisProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered. */
  pause(): void;
  /** Lets a paused server answer again (SIGCONT). */
  resume(): void;
}

async function waitForPort(port: number, up: boolean): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const reachable = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (reachable === up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on ${port} did not become ${up ? 'reachable' : 'unreachable'}`);
}

export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const handle: RedisProcess = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      await waitForPort(port, true);
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async stop() {
      if (!child) return;
      // A stopped process only acts on SIGKILL, but say SIGCONT anyway so nothing waits on it.
      child.kill('SIGCONT');
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      child = null;
      await waitForPort(port, false);
    },
  };
  await handle.start();
  return handle;
}
