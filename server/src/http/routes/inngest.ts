import express, { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { workflowSystemOf } from '../../workflows/index.js';

/** Inngest's calls carry step state; more than the API's own body limit. */
const INNGEST_BODY_LIMIT = '4mb';

/**
 * Inngest's endpoint (`/api/inngest`): registration and function calls from Inngest
 * Cloud, the dev server or a self-hosted server. Only answers in Inngest mode; with
 * the in-process runner it falls through to the API's 404. The serve handler checks
 * Inngest's request signatures itself (outside dev mode).
 */
export function inngestRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(express.json({ limit: INNGEST_BODY_LIMIT }), (req, res, next) => {
    const handler = workflowSystemOf(ctx)?.serveHandler;
    if (!handler) return next();
    return handler(req, res, next);
  });
  return router;
}
