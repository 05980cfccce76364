import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { currentRequestContext } from './requestContext.js';

export type { Logger };

/**
 * The process logger: JSON lines, one per event. A line written while a request
 * or a workflow run is under way carries its `requestId` (and `runId`).
 * `destination` defaults to standard output (tests read the lines elsewhere).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: undefined,
    redact: { paths: ['req.headers.authorization', '*.password', '*.passwordHash', '*.token'], censor: '[redacted]' },
    mixin: () => {
      const context = currentRequestContext();
      return context ? { ...context } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
