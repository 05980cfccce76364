import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedMongo } from '../platform/embeddedMongo.js';

/**
 * Gives the test run one database server: the one named by MONGO_URI, or an
 * embedded one in a throw-away directory. Each test file then works in its own
 * database on it (see test/harness.ts), so files run in parallel.
 */
export default async function setup(project: TestProject) {
  if (process.env.MONGO_URI) {
    project.provide('mongoUri', process.env.MONGO_URI);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'relaydesk-test-db-'));
  const mongo = await startEmbeddedMongo({ dataDir: dir, log: (m) => console.log(`[test db] ${m}`) });
  project.provide('mongoUri', mongo.uri);
  return async () => {
    await mongo.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}
