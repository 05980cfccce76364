import type { Readable } from 'node:stream';

/**
 * Where file bytes live, apart from the documents that describe them. Keys are chosen by
 * the caller (an id it generated), never taken from a file name, so no store ever sees a
 * path a user wrote.
 */
export interface BlobStore {
  /** `gridfs` or `s3`: for logs and the health of a deployment. */
  readonly kind: string;
  /** Stores the bytes under `key`, a fresh key each time (callers generate one per file). */
  put(key: string, bytes: Buffer, meta: { contentType: string }): Promise<void>;
  /** The bytes under `key` as a stream; rejects with {@link BlobNotFoundError} when there are none. */
  open(key: string): Promise<Readable>;
  /** Removes the bytes under `key`; a key that holds nothing is not an error. */
  remove(key: string): Promise<void>;
}

/** The store holds nothing under the key asked for. */
export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
  constructor(readonly key: string) {
    super(`no stored file under ${key}`);
  }
}
