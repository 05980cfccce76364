import express, { Router, type RequestHandler } from 'express';

/** Inngest's calls carry step state; more than the API's own body limit. */
const INNGEST_BODY_LIMIT = '4mb';

/**
 * Inngest's endpoint (`/api/inngest`): registration and function calls from Inngest
 * Cloud, the dev server or a self-hosted server. Mounted only when workflows run in
 * Inngest mode, behind a rate limit; with the in-process runner the path is the
 * API's 404, answered without reading the body. The serve handler checks
 * Inngest's request signatures itself (outside dev mode).
 */
export function inngestRoutes(serveHandler: RequestHandler): Router {
  const router = Router();
  router.use(express.json({ limit: INNGEST_BODY_LIMIT }), serveHandler);
  return router;
}
