import { z } from 'zod';

export const dependencyStateSchema = z.enum(['up', 'down', 'disabled']);

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  uptimeSeconds: z.number(),
  version: z.string(),
  mongo: z.object({ state: dependencyStateSchema, engine: z.string() }),
  redis: z.object({ state: dependencyStateSchema }),
});
export type Health = z.infer<typeof healthSchema>;

/** `GET /api/health/live`: the process answers; nothing else is checked. */
export const livenessSchema = z.object({
  status: z.literal('ok'),
  uptimeSeconds: z.number(),
});
export type Liveness = z.infer<typeof livenessSchema>;

/**
 * `GET /api/health/ready`: whether this process should get traffic. Only the
 * database decides it (503 without it); Redis and workflows are reported.
 */
export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  mongo: z.object({ state: dependencyStateSchema }),
  redis: z.object({ state: dependencyStateSchema }),
  /** `external` when Inngest runs them, `off` when this process runs none. */
  workflows: z.object({ state: z.enum(['running', 'stopped', 'external', 'off']) }),
});
export type Readiness = z.infer<typeof readinessSchema>;
