import { randomBytes } from 'node:crypto';
import type { Role } from '@relaydesk/shared';
import bcrypt from 'bcryptjs';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig, type AppConfig } from '../config/env.js';
import { assembleRelayDesk, type Assembly } from '../app/compositionRoot.js';
import type { AppContext, ServiceOverrides } from '../app/context.js';
import type { StartWorkflowsOptions } from '../workflows/index.js';
import { connectMongo } from '../platform/db.js';
import { createLogger } from '../platform/logger.js';
import { connectRedis, type RedisHandle } from '../platform/redis.js';
import { UserModel, type UserFields } from '../users/userModel.js';
import { actorOf } from '../users/service.js';
import type { Actor } from '../domain/actor.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** The environment every test app starts from; a test overrides what it is about. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_MAX: '100000',
    AUTH_RATE_LIMIT_MAX: '100000',
    DATA_DIR: '.data/test',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ...overrides,
  });
}

export interface TestApp {
  ctx: AppContext;
  request: ReturnType<typeof supertest>;
  redis: RedisHandle;
  /** The assembled product: its workflows, when the file asked for them. */
  assembly: Assembly;
}

/** What a test file assembles beyond the HTTP API, computed when its hooks run. */
export interface TestAssemblyOptions {
  /** Workflow options; without them workflows stay off. */
  workflows?: () => StartWorkflowsOptions;
  /** Replaced services (a stubbed model, a failing triage). */
  services?: () => ServiceOverrides;
}

const uniqueSuffix = () => randomBytes(6).toString('hex');

/** Deletes the keys this test file wrote, and only those. */
export async function deleteOwnKeys(redis: RedisHandle): Promise<void> {
  const client = redis.client;
  if (!client || !redis.isUp()) return;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${redis.prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await client.del(...keys);
  } while (cursor !== '0');
}

/**
 * Gives a test file its own database on the shared test server and its own
 * Redis key prefix, and an app built from them. Nothing another file wrote is
 * visible, and nothing is left behind.
 */
export function useTestApp(overrides: Record<string, string> = {}, assemble: TestAssemblyOptions = {}): TestApp {
  const holder = {} as TestApp;
  let dbName = '';
  beforeAll(async () => {
    dbName = `test_${uniqueSuffix()}`;
    const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    await connectMongo(inject('mongoUri'), logger, dbName);
    const config = testConfig({ REDIS_KEY_PREFIX: `relaydesk-test:${uniqueSuffix()}:`, ...overrides });
    const redis = await connectRedis({ ...config.redis, logger });
    const assembly = await assembleRelayDesk({
      config,
      logger,
      redis,
      mongoEngine: 'test',
      overrides: assemble.services?.(),
      workflows: assemble.workflows?.() ?? false,
    });
    holder.assembly = assembly;
    holder.ctx = assembly.ctx;
    holder.redis = redis;
    holder.request = supertest(assembly.app);
  });
  afterAll(async () => {
    // Workflows stop before the database goes.
    await holder.assembly?.stop();
    await deleteOwnKeys(holder.redis);
    await holder.redis?.close();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });
  return new Proxy(holder, {
    get: (target, prop: keyof TestApp) => {
      if (!(prop in target)) throw new Error(`test app not ready: ${String(prop)} used outside a test`);
      return target[prop];
    },
  });
}

export interface TestUser {
  user: UserFields;
  actor: Actor;
  token: string;
  password: string;
  auth: { Authorization: string };
}

let counter = 0;

/** A fresh user of the given role, with a valid token. */
export async function createTestUser(
  ctx: AppContext,
  fields: { role?: Role; skills?: string[]; name?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const password = 'correct-horse-battery';
  const user = await UserModel.create({
    name: fields.name ?? `${fields.role ?? 'user'} ${counter}`,
    email: `${fields.role ?? 'user'}-${counter}-${uniqueSuffix()}@example.test`,
    passwordHash: await bcrypt.hash(password, 4),
    role: fields.role ?? 'user',
    skills: fields.skills ?? [],
  });
  // Written straight to the database, so say so as the services would: caches drop what it affects.
  await ctx.events.publish('user.updated', { userId: String(user._id), fields: ['role', 'skills'] });
  const token = ctx.services.users.issueToken(user);
  return { user: user.toObject(), actor: actorOf(user), token, password, auth: { Authorization: `Bearer ${token}` } };
}

/** A ticket filed by `creator`, optionally already assigned to `assignee`. */
export async function createTestTicket(
  ctx: AppContext,
  creator: TestUser,
  options: { title?: string; description?: string; assignee?: TestUser } = {},
) {
  const ticket = await ctx.services.tickets.createTicket(creator.actor, {
    title: options.title ?? `Ticket ${++counter}`,
    description: options.description ?? 'Something does not work as expected.',
  });
  const id = String(ticket._id);
  if (options.assignee) {
    await ctx.services.tickets.assignTicket({ ticketId: id, moderatorId: options.assignee.actor.id, actorId: null });
  }
  return { id, ticket };
}
