/**
 * One timed GET without client-side time limits: an uncached request on FerretDB
 * can take minutes at full scale, longer than fetch's default header timeout.
 */
import { request } from 'node:http';

/** The answer to one request and how long it took, in milliseconds. */
export interface TimedResponse {
  status: number;
  body: Buffer;
  ms: number;
}

/** Sends `GET url` on a fresh connection and waits however long the answer takes. */
export function timedGet(url: string, headers: Record<string, string> = {}): Promise<TimedResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
