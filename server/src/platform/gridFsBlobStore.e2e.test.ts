import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../test/harness.js';
import { BlobNotFoundError, type BlobStore } from './blobStore.js';
import { createGridFsBlobStore } from './gridFsBlobStore.js';

// The harness gives this file its own database on the test server (the embedded FerretDB unless MONGO_URI says otherwise).
useTestApp();

const STORES: [string, () => BlobStore][] = [['GridFS', () => createGridFsBlobStore({ bucketName: 'contract' })]];

describe.each(STORES)('the %s blob store', (_name, makeStore) => {
  const key = () => new Types.ObjectId().toHexString();

  it('gives back exactly the bytes it was given, across several chunks', async () => {
    const store = makeStore();
    const bytes = randomBytes(700 * 1024 + 17);
    const k = key();
    await store.put(k, bytes, { contentType: 'image/png' });
    expect((await buffer(await store.open(k))).equals(bytes)).toBe(true);
  });

  it('stores an empty file and a one-byte file', async () => {
    const store = makeStore();
    const [empty, one] = [key(), key()];
    await store.put(empty, Buffer.alloc(0), { contentType: 'text/plain' });
    await store.put(one, Buffer.from('x'), { contentType: 'text/plain' });
    expect((await buffer(await store.open(empty))).length).toBe(0);
    expect((await buffer(await store.open(one))).toString()).toBe('x');
  });

  it('says BlobNotFoundError for a key that holds nothing, and removes idempotently', async () => {
    const store = makeStore();
    const k = key();
    await expect(store.open(k)).rejects.toBeInstanceOf(BlobNotFoundError);
    await store.put(k, randomBytes(300 * 1024), { contentType: 'application/zip' });
    await store.remove(k);
    await store.remove(k);
    await expect(store.open(k)).rejects.toBeInstanceOf(BlobNotFoundError);
  });
});
