import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { BlobNotFoundError, type BlobStore } from './blobStore.js';

export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  /** Another address than AWS's (MinIO, Cloudflare R2, Ceph); AWS's when absent. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
  /** Put before every key, e.g. `attachments/`. */
  keyPrefix?: string;
}

/**
 * Bytes in an S3-compatible bucket, one object per key. Without explicit credentials the
 * SDK's own chain is used (environment, instance role...).
 */
export function createS3BlobStore(options: S3BlobStoreOptions, client?: S3Client): BlobStore {
  const s3 =
    client ??
    new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
    });
  const Bucket = options.bucket;
  const keyOf = (key: string) => `${options.keyPrefix ?? ''}${key}`;

  return {
    kind: 's3',
    async put(key, bytes, { contentType }) {
      await s3.send(new PutObjectCommand({ Bucket, Key: keyOf(key), Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
    },
    async open(key) {
      try {
        const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }));
        if (!Body) throw new BlobNotFoundError(key);
        return Body instanceof Readable ? Body : Readable.fromWeb(Body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
      } catch (err) {
        if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) {
          throw new BlobNotFoundError(key);
        }
        throw err;
      }
    },
    async remove(key) {
      // S3 answers 204 for a key that holds nothing, so this is idempotent as it stands.
      await s3.send(new DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
    },
  };
}
