import { pino, type Logger } from 'pino';

export type { Logger };

/** The process logger: JSON lines, one per event. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['req.headers.authorization', '*.password', '*.passwordHash', '*.token'], censor: '[redacted]' },
  });
}
