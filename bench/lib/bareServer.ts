/**
 * Baseline servers for the API benchmark: `node:http` or a bare Express 5 route
 * answering every request with the same bytes the real server sent for the
 * admin's first ticket page, from memory. Usage: `bareServer.ts <http|express> <body-file>`;
 * prints `{"port": N}` once listening, stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const [kind, bodyFile] = process.argv.slice(2);
if ((kind !== 'http' && kind !== 'express') || !bodyFile) {
  console.error('usage: bareServer.ts <http|express> <body-file>');
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
} else {
  const app = express();
  // res.send on a Buffer does what res.json does after serialising: ETag, length, send.
  app.get('/api/tickets', (_req, res) => {
    res.set('content-type', CONTENT_TYPE).send(body);
  });
  server = createServer(app);
}

server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
