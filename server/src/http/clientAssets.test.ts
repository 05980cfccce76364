import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import express from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAssets, IMMUTABLE_ASSET, REVALIDATE } from './clientAssets.js';

const script = 'console.log("relaydesk");\n'.repeat(200);
let dist: string;
let request: ReturnType<typeof supertest>;

/** A built client as vite and its compression plugin leave it: hashed assets with .br and .gz beside them. */
beforeAll(() => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'client-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js'), script);
  writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js.br'), brotliCompressSync(script));
  writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js.gz'), gzipSync(script));
  const app = express();
  app.use(clientAssets(dist)!);
  app.use((_req, res) => res.status(404).json({ error: { code: 'not_found', message: 'no such API route' } }));
  request = supertest(app);
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('the built client', () => {
  it('sends a hashed asset brotli-compressed as built, cacheable for a year and immutable', async () => {
    const res = await request.get('/assets/index-Ab12Cd34.js').set('Accept-Encoding', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE_ASSET);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    // The file compressed at build time, as it is on disk.
    expect(Number(res.headers['content-length'])).toBe(readFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js.br')).length);
  });

  it('falls back to gzip, then to the plain file, as the browser accepts', async () => {
    const gzip = await request.get('/assets/index-Ab12Cd34.js').set('Accept-Encoding', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(Number(gzip.headers['content-length'])).toBe(readFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js.gz')).length);
    expect(gzip.headers['cache-control']).toBe(IMMUTABLE_ASSET);
    expect(gzip.text).toBe(script);
    const plain = await request.get('/assets/index-Ab12Cd34.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe(IMMUTABLE_ASSET);
    expect(plain.text).toBe(script);
  });

  it('makes the browser revalidate the app shell and files without a hash', async () => {
    for (const url of ['/', '/tickets/1042', '/admin/analytics']) {
      const res = await request.get(url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe(REVALIDATE);
      expect(res.text).toContain('<div id="root">');
    }
    const icon = await request.get('/favicon.svg');
    expect(icon.headers['cache-control']).toBe(REVALIDATE);
  });

  it('leaves /api paths to the API', async () => {
    const res = await request.get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('is absent when the client has not been built', () => {
    expect(clientAssets(path.join(dist, 'missing'))).toBeNull();
  });
});
