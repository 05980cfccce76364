import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../test/harness.js';
import { listRoutes, toOpenApiPath } from './routeTable.js';

const app = useTestApp();

type Document = { openapi: string; paths: Record<string, Record<string, unknown>> };

describe('the OpenAPI document', () => {
  it('is served at /api/openapi.json and is valid OpenAPI 3.1', async () => {
    const res = await app.request.get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const document = res.body as Document;
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route the Express app registers, with the same methods', async () => {
    const document = (await app.request.get('/api/openapi.json')).body as Document;
    const routes = listRoutes(app.assembly.app);
    // The walk must see the mounted routers, or this test proves nothing.
    expect(routes).toEqual(expect.arrayContaining([{ method: 'patch', path: '/api/tickets/:id/status' }]));
    expect(routes.length).toBeGreaterThan(25);
    const undocumented = routes
      .filter((route) => !document.paths[toOpenApiPath(route.path)]?.[route.method])
      .map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(undocumented).toEqual([]);
  });

  it('documents no route the app does not have', async () => {
    const document = (await app.request.get('/api/openapi.json')).body as Document;
    const registered = new Set(listRoutes(app.assembly.app).map((r) => `${r.method} ${toOpenApiPath(r.path)}`));
    const methods = ['get', 'post', 'put', 'patch', 'delete'];
    const extra = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => methods.includes(method) && !registered.has(`${method} ${path}`))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(extra).toEqual([]);
  });

  it('describes request bodies, parameters and responses from the shared schemas', async () => {
    const document = (await app.request.get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const changeStatus = document.paths['/api/tickets/{id}/status']!.patch!;
    expect(changeStatus.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })]));
    expect(JSON.stringify(changeStatus.requestBody)).toContain('"status"');
    expect(Object.keys(changeStatus.responses)).toEqual(expect.arrayContaining(['200', '404']));
    const list = document.paths['/api/tickets']!.get!;
    expect(list.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['page', 'limit']));
  });

  it('has a docs page served without any CDN', async () => {
    const page = await app.request.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source.startsWith('/api/docs/')).toBe(true);
      const asset = await app.request.get(source);
      expect(asset.status, source).toBe(200);
    }
  });
});
