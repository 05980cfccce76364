/**
 * Attachment upload and download through the real HTTP API on the embedded database:
 * `npx tsx --conditions=source bench/attachments.ts [--mb 5] [--runs 5] [--background 20]`.
 *
 * Starts the same embedded database `npm start` uses without MONGO_URI (FerretDB 1.24 on
 * SQLite, in a temporary directory), assembles the app in this process (workflows off,
 * Redis off: neither is on the attachment path) and times `POST /api/tickets/:id/attachments`
 * with an N MB PNG and `GET /api/attachments/:id` reading every byte back, into GridFS.
 * Then stores `--background` more files of the same size on other tickets and times again,
 * which shows what GridFS's chunk query (`{files_id, n}`, not an `_id` lookup) costs on a
 * backend that answers it by scanning the chunks collection.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { assembleRelayDesk } from '../server/src/app/compositionRoot.js';
import { loadConfig } from '../server/src/config/env.js';
import { startEmbeddedMongo } from '../server/src/platform/embeddedMongo.js';
import { createLogger } from '../server/src/platform/logger.js';
import { connectRedis } from '../server/src/platform/redis.js';
import { UserModel } from '../server/src/users/userModel.js';
import { actorOf } from '../server/src/users/service.js';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '5' }, runs: { type: 'string', default: '5' }, background: { type: 'string', default: '20' } } });
const SIZE = Math.round(Number(values.mb) * 1024 * 1024);
const RUNS = Number(values.runs);
const BACKGROUND = Number(values.background);
const log = (message: string) => console.log(message);

/** A file the server sniffs as PNG: the PNG signature and header, then noise (incompressible, like a real screenshot's data). */
function pngOfSize(bytes: number): Buffer {
  const header = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ', 'base64');
  return Buffer.concat([header, randomBytes(bytes - header.length)]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'relaydesk-bench-attach-'));
const mongo = await startEmbeddedMongo({ dataDir: scratch, log: () => {} });
const logger = createLogger('silent');
try {
  await mongoose.connect(mongo.uri, { dbName: 'bench' });
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123',
    REDIS_ENABLED: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
    DATA_DIR: scratch,
    ATTACHMENT_MAX_BYTES: String(SIZE + 1024),
  });
  const redis = await connectRedis({ ...config.redis, logger });
  const assembly = await assembleRelayDesk({ config, logger, redis, mongoEngine: 'bench', workflows: false });
  const http = createServer(assembly.app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const user = await UserModel.create({ name: 'Bench User', email: 'user@bench.test', passwordHash: 'x', role: 'user' });
  const auth = { Authorization: `Bearer ${assembly.ctx.services.users.issueToken(user)}` };
  const newTicket = async () => String((await assembly.ctx.services.tickets.createTicket(actorOf(user), { title: 'Screen is blank', description: 'See the attached screenshot.' }))._id);

  async function uploadOnce(ticketId: string, bytes: Buffer): Promise<{ id: string; ms: number }> {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'image/png' }), 'screenshot.png');
    const started = performance.now();
    const res = await fetch(`${base}/api/tickets/${ticketId}/attachments`, { method: 'POST', headers: auth, body: form });
    const body = (await res.json()) as { attachment?: { id: string }; error?: unknown };
    const ms = performance.now() - started;
    if (res.status !== 201 || !body.attachment) throw new Error(`upload answered ${res.status}: ${JSON.stringify(body)}`);
    return { id: body.attachment.id, ms };
  }

  async function downloadOnce(id: string, expectedSha: string): Promise<number> {
    const started = performance.now();
    const res = await fetch(`${base}/api/attachments/${id}`, { headers: auth });
    const bytes = Buffer.from(await res.arrayBuffer());
    const ms = performance.now() - started;
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (res.status !== 200 || sha !== expectedSha) throw new Error(`download answered ${res.status}, ${bytes.length} bytes, sha ${sha}`);
    return ms;
  }

  async function measure(label: string) {
    const up: number[] = [];
    const down: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const bytes = pngOfSize(SIZE);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const { id, ms } = await uploadOnce(await newTicket(), bytes);
      up.push(ms);
      down.push(await downloadOnce(id, sha));
    }
    const mbps = (ms: number) => ((SIZE / (1024 * 1024)) / (ms / 1000)).toFixed(1);
    log(
      `${label}: upload median ${median(up).toFixed(0)} ms (${mbps(median(up))} MB/s), min ${Math.min(...up).toFixed(0)}, max ${Math.max(...up).toFixed(0)}; ` +
        `download median ${median(down).toFixed(0)} ms (${mbps(median(down))} MB/s), min ${Math.min(...down).toFixed(0)}, max ${Math.max(...down).toFixed(0)}`,
    );
  }

  log(`engine: FerretDB 1.24 on SQLite (embedded, as npm start without MONGO_URI); store: ${assembly.ctx.config.attachments.store}; file ${values.mb} MB; ${RUNS} runs each`);
  await measure('empty store');
  for (let i = 0; i < BACKGROUND; i += 1) await uploadOnce(await newTicket(), pngOfSize(SIZE));
  const chunks = await mongoose.connection.db!.collection('attachments.chunks').countDocuments();
  await measure(`after ${BACKGROUND} more files (${chunks} GridFS chunks stored)`);

  await new Promise<void>((resolve) => http.close(() => resolve()));
  await assembly.stop();
  await redis.close();
} finally {
  await mongoose.disconnect().catch(() => {});
  await mongo.stop();
  rmSync(scratch, { recursive: true, force: true });
}
