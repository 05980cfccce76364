import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError } from './blobStore.js';
import { createS3BlobStore } from './s3BlobStore.js';

/**
 * A loopback stand-in for an S3-compatible store that speaks PutObject, GetObject and
 * DeleteObject with path-style addressing, and records what it was sent.
 */
interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}
const objects = new Map<string, { body: Buffer; contentType: string }>();
const recorded: Recorded[] = [];
let server: Server;
let endpoint = '';

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    const body = Buffer.concat(chunks);
    recorded.push({ method: req.method!, path, headers: req.headers, body });
    if (req.method === 'PUT') {
      objects.set(path, { body, contentType: String(req.headers['content-type']) });
      res.writeHead(200, { ETag: '"etag"' }).end();
    } else if (req.method === 'GET') {
      const object = objects.get(path);
      if (!object) {
        res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>gone</Message></Error>');
        return;
      }
      res.writeHead(200, { 'Content-Type': object.contentType, 'Content-Length': object.body.length }).end(object.body);
    } else if (req.method === 'DELETE') {
      objects.delete(path);
      res.writeHead(204).end();
    } else {
      res.writeHead(405).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const store = () =>
  createS3BlobStore({
    bucket: 'desk-files',
    region: 'eu-west-1',
    endpoint,
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    forcePathStyle: true,
    keyPrefix: 'attachments/',
  });

describe('the S3 blob store', () => {
  it('puts an object under bucket/prefix/key with its type and a signed request, and reads it back', async () => {
    const s3 = store();
    const bytes = Buffer.from('2026-01-01 ERROR printer offline\n');
    await s3.put('65f0c0ffee0000000000abcd', bytes, { contentType: 'text/plain' });
    const put = recorded.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe('/desk-files/attachments/65f0c0ffee0000000000abcd');
    expect(put.headers['content-type']).toBe('text/plain');
    expect(put.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request/);
    expect(put.body.equals(bytes)).toBe(true);
    expect(await text(await s3.open('65f0c0ffee0000000000abcd'))).toBe(bytes.toString());
  });

  it('says BlobNotFoundError for a key that holds nothing, and deletes idempotently', async () => {
    const s3 = store();
    await s3.put('65f0c0ffee0000000000beef', Buffer.from('x'), { contentType: 'text/plain' });
    await s3.remove('65f0c0ffee0000000000beef');
    await s3.remove('65f0c0ffee0000000000beef');
    expect(recorded.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/desk-files/attachments/65f0c0ffee0000000000beef',
      '/desk-files/attachments/65f0c0ffee0000000000beef',
    ]);
    await expect(s3.open('65f0c0ffee0000000000beef')).rejects.toBeInstanceOf(BlobNotFoundError);
  });
});
