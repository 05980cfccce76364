import { createRequire } from 'node:module';
import express, { Router } from 'express';

const require = createRequire(import.meta.url);
const swaggerUiDir = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>RelayDesk API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>`;

// A file of its own rather than an inline script: helmet's content security policy allows scripts from 'self' only.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/**
 * `GET /openapi.json` (the document) and `GET /docs` (Swagger UI reading it), with
 * Swagger UI's files served from the npm package: no CDN.
 */
export function docsRoutes(document: object): Router {
  const router = Router();
  const text = JSON.stringify(document);
  router.get('/openapi.json', (_req, res) => {
    res.type('json').send(text);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  // Mounted rather than routed: assets are not API operations, so the OpenAPI document leaves them out.
  router.use('/docs/init.js', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.type('js').send(INIT);
  });
  router.use('/docs/assets', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));
  return router;
}
