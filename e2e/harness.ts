import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../server/src/platform/freePort.js';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Where journeys leave their screenshots (gitignored). */
export const screenshotDir = path.join(repoRoot, 'e2e', 'screenshots');

/** A demo account printed by the server when it seeds its data. */
export interface DemoLogin {
  role: 'user' | 'moderator' | 'admin';
  email: string;
  password: string;
}

export interface RunningServer {
  url: string;
  logins: DemoLogin[];
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const LOGIN_LINE = /^\s+(user|moderator|admin)\s+(\S+@\S+)\s+(\S+)\s*$/;

/** Reads the "Demo logins" block the server prints on a fresh data directory. */
export function parseDemoLogins(text: string): DemoLogin[] {
  return text
    .split('\n')
    .map((line) => LOGIN_LINE.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ role: m[1] as DemoLogin['role'], email: m[2]!, password: m[3]! }));
}

/**
 * Starts the real server from source on a free port with a fresh temporary
 * data directory, so it seeds the demo data, and waits until it is up. The
 * built client in client/dist is what it serves.
 */
export async function startServer({ timeoutMs = 120_000 } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relaydesk-e2e-'));
  const tsxCli = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child: ChildProcess = spawn(process.execPath, [tsxCli, '--conditions=source', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'warn',
      SEED_DEMO: 'auto',
      // Journeys log in many times from one address.
      AUTH_RATE_LIMIT_MAX: '1000',
      RATE_LIMIT_MAX: '100000',
      REDIS_KEY_PREFIX: `relaydesk-e2e-${port}:`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const started = Date.now();
  while (!/RelayDesk is running on (\S+)/.test(output)) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`the server did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const logins = parseDemoLogins(output);
  if (logins.length === 0) {
    await stop();
    throw new Error(`the server printed no demo logins:\n${output}`);
  }
  return { url: `http://127.0.0.1:${port}`, logins, output: () => output, stop };
}

/** Debian's Chromium, headless, with the flags a container needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A fresh browser profile (its own localStorage), as a second person would have. */
export async function newPerson(browser: Browser, baseURL: string, options: { mobile?: boolean; colorScheme?: 'light' | 'dark' } = {}) {
  const context: BrowserContext = await browser.newContext({
    baseURL,
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(15_000);
  const page: Page = await context.newPage();
  return { context, page };
}

/** Logs in through the form and waits for the signed-in frame. */
export async function logInAs(page: Page, login: Pick<DemoLogin, 'email' | 'password'>): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('presence-switcher').waitFor();
}

/** Saves a full-page screenshot under e2e/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
