import type { Express } from 'express';

/** One route the Express app answers, in Express's path syntax (`/api/tickets/:id`). */
export interface RouteEntry {
  method: string;
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

function joinPaths(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`.replace(/\/+$/, '');
  return joined === '' ? '/' : joined;
}

function walk(stack: readonly LayerLike[], prefix: string, into: RouteEntry[]): void {
  for (const layer of stack) {
    // Regular-expression paths (the web client's catch-all) are not API routes.
    if (typeof layer.rawPath !== 'string') continue;
    if (layer.route) {
      const path = joinPaths(prefix, layer.rawPath);
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on) into.push({ method: method === '_all' ? 'all' : method, path });
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      walk(layer.handle.stack, joinPaths(prefix, layer.rawPath), into);
    }
  }
}

/**
 * Every route registered in the app, read from Express's own router stacks,
 * including those of mounted routers: what the API really answers, for the
 * OpenAPI coverage test and for naming requests by route pattern.
 */
export function listRoutes(app: Express): RouteEntry[] {
  const routes: RouteEntry[] = [];
  walk((app.router as unknown as { stack: LayerLike[] }).stack, '', routes);
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.method} ${r.path}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** A route path in OpenAPI's syntax: `/api/tickets/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/**
 * Finds the route pattern a request path matched, or null. Matching is like
 * Express's defaults: case-insensitive, an optional trailing slash.
 */
export function createRouteMatcher(routes: readonly RouteEntry[]): (method: string, path: string) => string | null {
  const compiled = routes.map((route) => {
    const source = route.path
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    return { ...route, regexp: new RegExp(`^${source}/?$`, 'i') };
  });
  return (method, path) => {
    const m = method.toLowerCase();
    const wanted = m === 'head' ? ['head', 'get', 'all'] : [m, 'all'];
    return compiled.find((r) => wanted.includes(r.method) && r.regexp.test(path))?.path ?? null;
  };
}
