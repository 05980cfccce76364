import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import { BlobNotFoundError, type BlobStore } from './blobStore.js';

/**
 * Bytes in GridFS on the application's own MongoDB connection (`<bucket>.files` and
 * `<bucket>.chunks`), so a deployment needs no second store. Keys are ObjectId hex strings,
 * used as the GridFS file id.
 */
export function createGridFsBlobStore({ bucketName = 'attachments' }: { bucketName?: string } = {}): BlobStore {
  // Built on first use: the connection is opened after the composition root builds its services.
  let bucket: mongoose.mongo.GridFSBucket | null = null;
  const bucketOf = () => {
    const db = mongoose.connection.db;
    if (!db) throw new Error('GridFS store used before the database connection is open');
    bucket ??= new mongoose.mongo.GridFSBucket(db, { bucketName });
    return bucket;
  };
  const idOf = (key: string) => new mongoose.mongo.ObjectId(key);

  return {
    kind: 'gridfs',
    async put(key, bytes, { contentType }) {
      const upload = bucketOf().openUploadStreamWithId(idOf(key), key, { metadata: { contentType } });
      await pipeline(Readable.from([bytes]), upload);
    },
    async open(key) {
      const files = await bucketOf().find({ _id: idOf(key) }).limit(1).toArray();
      if (files.length === 0) throw new BlobNotFoundError(key);
      return bucketOf().openDownloadStream(idOf(key));
    },
    async remove(key) {
      try {
        await bucketOf().delete(idOf(key));
      } catch (err) {
        // The driver says "File not found for id" when there is nothing to delete, which is the outcome wanted.
        if (!(err instanceof mongoose.mongo.MongoRuntimeError) || !/not found/i.test(err.message)) throw err;
      }
    },
  };
}
