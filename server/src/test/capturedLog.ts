import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../platform/logger.js';

/** The process's logger (same options), writing parsed lines to `lines` for a test to read. */
export function capturedLogger(level = 'debug'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, stream), lines };
}
