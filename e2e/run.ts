/**
 * Runs the browser journeys: builds the client (skip with E2E_SKIP_BUILD=1),
 * then starts the real server and Chromium inside the tests. Screenshots land
 * in e2e/screenshots/.
 *
 *   npx tsx e2e/run.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { repoRoot, screenshotDir } from './harness.js';

mkdirSync(screenshotDir, { recursive: true });
if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync('npm', ['run', 'build', '-w', 'client'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import('./journeys.test.js');
