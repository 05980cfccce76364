import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Hashed file names under /assets never change content: a browser may keep them for a year without asking. */
export const IMMUTABLE_ASSET = 'public, max-age=31536000, immutable';
/** Everything else (the app shell above all) names the hashed files of the current release: ask every time. */
export const REVALIDATE = 'no-cache';


/**
 * The built web client: the files the build compressed ahead of time (brotli,
 * then gzip, as the browser accepts them; see client/vite.config.ts), so no
 * request spends CPU on compression, with cache headers by kind; and the app
 * shell for every other GET outside /api, for client-side routes. Null when the
 * client has not been built.
 */
export function clientAssets(clientDist: string): express.Router | null {
  if (!existsSync(path.join(clientDist, 'index.html'))) return null;
  const router = express.Router();
  // The path given is that of the file sent, `.br` or `.gz` included.
  const setCacheHeaders = (res: ServerResponse, filePath: string) => {
    const underAssets = path.relative(clientDist, filePath).split(path.sep)[0] === 'assets';
    res.setHeader('Cache-Control', underAssets ? IMMUTABLE_ASSET : REVALIDATE);
  };
  router.use(
    expressStaticGzip(clientDist, {
      enableBrotli: true,
      orderPreference: ['br', 'gz'],
      index: false,
      serveStatic: { index: false, cacheControl: false, setHeaders: setCacheHeaders },
    }),
  );
  const shell = path.join(clientDist, 'index.html');
  router.get(/^(?!\/api\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(shell, { cacheControl: false });
  });
  return router;
}
