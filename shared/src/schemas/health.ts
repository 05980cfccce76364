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
