import express, { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { workflowSystemOf } from '../../workflows/index.js';

/** Inngest's calls carry step state; more than the API's own body limit. */
const INNGEST_BODY_LIMIT = '4mb';

/**
 * Inngest's endpoint (`/api/inngest`): registration and function calls from Inngest
 * Cloud, the dev server or a self-hosted server. Mounted only when workflows run in
 * Inngest mode, behind a rate limit; until the workflow layer has started it falls
 * through to the API's 404 without reading the body. The serve handler checks
 * Inngest's request signatures itself (outside dev mode).
 */
export function inngestRoutes(ctx: AppContext): Router {
  const router = Router();
  const parseBody = express.json({ limit: INNGEST_BODY_LIMIT });
  router.use((req, res, next) => {
    const handler = workflowSystemOf(ctx)?.serveHandler;
    if (!handler) return next();
    return parseBody(req, res, (err?: unknown) => (err ? next(err) : handler(req, res, next)));
  });
  return router;
}
