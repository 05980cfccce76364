/**
 * Baseline servers for the API benchmark: `node:http` or a bare Express 5 route
 * answering every request with the same bytes the real server sent for the
 * admin's first ticket page, from memory. Usage: `bareServer.ts <http|express|express-nested> <body-file>`;
 * prints `{"port": N}` once listening, stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const [kind, bodyFile] = process.argv.slice(2);
if ((kind !== 'http' && kind !== 'express' && kind !== 'express-nested') || !bodyFile) {
  console.error('usage: bareServer.ts <http|express|express-nested> <body-file>');
  process.exit(2);
}
const body = readFileSync(bodyFile);
const CONTENT_TYPE = 'application/json; charset=utf-8';

let server: Server;
if (kind === 'http') {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': CONTENT_TYPE, 'content-length': body.length });
    res.end(body);
  });
} else if (kind === 'express') {
  const app = express();
  // res.send on a Buffer does what res.json does after serialising: ETag, length, send.
  app.get('/api/tickets', (_req, res) => {
    res.set('content-type', CONTENT_TYPE).send(body);
  });
  server = createServer(app);
} else {
  // The same route the way the app used to reach it: the /api router with a middleware for
  // every API request, then two routers mounted at /tickets, each with a middleware of its own.
  // Only what the nesting costs Express differs from `express`.
  const app = express();
  const api = express.Router();
  const pass: express.RequestHandler = (_req, _res, next) => next();
  api.use(pass);
  const tickets = express.Router();
  tickets.use(pass);
  tickets.get('/', (_req, res) => {
    res.set('content-type', CONTENT_TYPE).send(body);
  });
  const otherTickets = express.Router();
  otherTickets.use(pass);
  otherTickets.get('/:id/other', pass);
  api.use('/tickets', otherTickets);
  api.use('/tickets', tickets);
  app.use('/api', api);
  server = createServer(app);
}

server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
