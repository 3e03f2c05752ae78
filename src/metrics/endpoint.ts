/**
 * `GET /metrics`: the process's metrics in Prometheus text, for a scraper holding METRICS_TOKEN
 * (`Authorization: Bearer <METRICS_TOKEN>`; 401 otherwise). Without METRICS_TOKEN the route is off
 * (404). Served on the API's port by the API, and on WORKER_METRICS_PORT by a process that runs
 * only the worker (`serveWorkerMetrics`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { BEARER } from '../api/middleware/access-control.ts';
import { registry } from './metrics.ts';

function sameToken(given: string, expected: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function metricsRoutes(token: string | undefined): Hono {
  return new Hono().get('/metrics', async (c) => {
    if (token === undefined) {
      return c.json({ error: { code: 'not_found', message: 'metrics are off: set METRICS_TOKEN to serve them' } }, 404);
    }
    const given = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    if (given === undefined || !sameToken(given, token)) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ error: { code: 'unauthorized', message: 'an Authorization: Bearer <METRICS_TOKEN> header is required' } }, 401);
    }
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  });
}

/** A worker-only process has no API: it serves /metrics on a port of its own. */
export function serveWorkerMetrics(port: number, token: string): ServerType {
  return serve({ fetch: metricsRoutes(token).fetch, port, hostname: '0.0.0.0' });
}
