// The trivial route benchmarks compare the API with: one JSON object, no middleware, in a process
// of its own (as the API is). Prints its port as one JSON line, then serves until killed.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/trivial', (c) => c.json({ ok: true }));
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => console.log(JSON.stringify({ port: info.port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
