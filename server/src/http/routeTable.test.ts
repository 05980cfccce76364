import express from 'express';
import { describe, expect, it } from 'vitest';
import { createRouteMatcher, listRoutes, toOpenApiPath } from './routeTable.js';

function sampleApp() {
  const app = express();
  const things = express.Router();
  things.get('/', (_req, res) => void res.end());
  things.patch('/:id', (_req, res) => void res.end());
  things.post('/:id/notes', (_req, res) => void res.end());
  const api = express.Router();
  api.use('/things', things);
  app.use('/api', api);
  app.get('/metrics', (_req, res) => void res.end());
  app.get(/^(?!\/api\/).*/, (_req, res) => void res.end());
  return app;
}

describe('the route table', () => {
  it('lists routes of mounted routers with their full paths, leaving out regular-expression routes', () => {
    expect(listRoutes(sampleApp())).toEqual([
      { method: 'get', path: '/api/things' },
      { method: 'patch', path: '/api/things/:id' },
      { method: 'post', path: '/api/things/:id/notes' },
      { method: 'get', path: '/metrics' },
    ]);
    expect(toOpenApiPath('/api/things/:id/notes')).toBe('/api/things/{id}/notes');
  });

  it('names a request by the pattern it matched, as Express matches', () => {
    const routeOf = createRouteMatcher(listRoutes(sampleApp()));
    expect(routeOf('PATCH', '/api/things/0123abc')).toBe('/api/things/:id');
    expect(routeOf('POST', '/API/Things/42/notes/')).toBe('/api/things/:id/notes');
    expect(routeOf('HEAD', '/api/things')).toBe('/api/things');
    expect(routeOf('DELETE', '/api/things/42')).toBeNull();
    expect(routeOf('GET', '/api/things/42/notes/extra')).toBeNull();
  });
});
