import { inject } from 'vitest';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { livenessSchema, readinessSchema } from '@relaydesk/shared';
import { connectMongo } from '../../platform/db.js';
import { createLogger } from '../../platform/logger.js';
import { useTestApp } from '../../test/harness.js';

const app = useTestApp({}, { workflows: () => ({ runner: { pollIntervalMs: 50 }, catchUp: false }) });

describe('GET /api/health/live', () => {
  it('answers while the process runs, checking nothing else', async () => {
    const res = await app.request.get('/api/health/live');
    expect(res.status).toBe(200);
    expect(livenessSchema.parse(res.body)).toMatchObject({ status: 'ok' });
  });
});

describe('GET /api/health/ready', () => {
  it('is ready with the database, Redis and the workflow runner up', async () => {
    const res = await app.request.get('/api/health/ready');
    expect(res.status).toBe(200);
    expect(readinessSchema.parse(res.body)).toEqual({
      status: 'ready',
      mongo: { state: 'up' },
      redis: { state: 'up' },
      workflows: { state: 'running' },
    });
  });

  it('answers 503 while the database is unreachable, and ready again once it is back', async () => {
    const dbName = mongoose.connection.name;
    await mongoose.disconnect();
    try {
      const down = await app.request.get('/api/health/ready');
      expect(down.status).toBe(503);
      expect(readinessSchema.parse(down.body)).toMatchObject({ status: 'not_ready', mongo: { state: 'down' } });
      // Liveness does not depend on the database: restarting the process would not bring it back.
      expect((await app.request.get('/api/health/live')).status).toBe(200);
    } finally {
      await connectMongo(inject('mongoUri'), createLogger('silent'), dbName);
    }
    expect((await app.request.get('/api/health/ready')).status).toBe(200);
  });
});
