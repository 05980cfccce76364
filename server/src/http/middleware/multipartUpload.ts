import busboy from 'busboy';
import type { Request } from 'express';
import { errors, type DomainError } from '../../platform/errors.js';

/** One file read from a `multipart/form-data` request, and the text fields beside it. */
export interface SingleFileUpload {
  fields: Record<string, string>;
  file: { name: string | undefined; claimedType: string | undefined; bytes: Buffer } | null;
}

/**
 * How much of a refused body is still read (and thrown away) so the client, still sending,
 * gets the 413 rather than a reset connection; past this the connection is cut.
 */
const DRAIN_FACTOR = 4;

/**
 * Reads a `multipart/form-data` body with busboy: one file part named `fileField`, a few
 * short text fields, and at most `maxBytes` of file. The file is held in memory because
 * its type is decided from all of its bytes (a text file is only text if all of it is
 * valid UTF-8), which `maxBytes` bounds. Every way a body can be wrong becomes a 4xx
 * naming the problem: 413 `payload_too_large` past the limit, 400 otherwise.
 */
export function readSingleFileUpload(req: Request, { maxBytes, fileField = 'file' }: { maxBytes: number; fileField?: string }): Promise<SingleFileUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send file names as raw UTF-8; busboy's default would read them as Latin-1.
        defParamCharset: 'utf8',
        limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 1024, parts: 10, fieldNameSize: 100 },
      });
    } catch {
      // busboy throws on a missing or non-multipart Content-Type, before reading anything.
      reject(errors.validation(`send the file as multipart/form-data with a "${fileField}" part`, [{ path: 'Content-Type', message: 'must be multipart/form-data with a boundary' }]));
      return;
    }
    const fields: Record<string, string> = {};
    let file: SingleFileUpload['file'] = null;
    let failure: DomainError | null = null;
    let settled = false;
    // The file part's stream may end after busboy's own 'close'; the result waits for it.
    let fileDone: Promise<void> = Promise.resolve();

    const fail = (error: DomainError) => {
      if (!failure) failure = error;
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      if (failure) {
        if (failure.code === 'payload_too_large') drainThenCut(req, maxBytes * DRAIN_FACTOR);
        reject(failure);
      } else {
        resolve({ fields, file });
      }
    };

    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) fail(errors.validation(`the form field "${name.slice(0, 100)}" is too long`, [{ path: name.slice(0, 100), message: 'too long' }]));
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== fileField) {
        fail(errors.validation(`unexpected file part "${name.slice(0, 100)}"; send the file in the "${fileField}" part`, [{ path: name.slice(0, 100), message: 'unexpected file part' }]));
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let markDone = () => {};
      fileDone = new Promise((done) => (markDone = done));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        fail(errors.payloadTooLarge(`the file is larger than the ${formatBytes(maxBytes)} limit`));
        // Stop at once: nothing more of this body will be used.
        finish();
      });
      stream.on('end', () => {
        if (!failure) file = { name: info.filename, claimedType: info.mimeType, bytes: Buffer.concat(chunks) };
        markDone();
      });
      stream.on('error', markDone);
    });
    parser.on('filesLimit', () => fail(errors.validation('send one file per upload', [{ path: fileField, message: 'one file per upload' }])));
    parser.on('fieldsLimit', () => fail(errors.validation('too many form fields', [{ path: '(root)', message: 'too many fields' }])));
    parser.on('partsLimit', () => fail(errors.validation('too many form parts', [{ path: '(root)', message: 'too many parts' }])));
    parser.on('error', (err: Error) => {
      fail(errors.validation(`the multipart body could not be read: ${err.message}`));
      finish();
    });
    parser.on('close', () => void fileDone.then(finish));
    req.on('aborted', () => {
      fail(errors.validation('the request was aborted'));
      finish();
    });
    req.pipe(parser);
  });
}

/** Reads and discards the rest of a refused body up to `limit` bytes, then closes the connection. */
function drainThenCut(req: Request, limit: number) {
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) req.socket.destroy();
  });
  req.resume();
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
