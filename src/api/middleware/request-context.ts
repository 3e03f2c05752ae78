import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { Logger } from '../../logging/logger.ts';
import { recordHttpRequest } from '../../metrics/metrics.ts';
import type { ApiEnv } from '../env.ts';

/**
 * Gives every request an id (the caller's X-Request-Id when it is a plain token, else a fresh
 * UUID), echoes it in the response, binds it to the logger, and writes one access line per
 * request (and counts it in the HTTP metrics). The line names the route pattern and the
 * principal, never a query string or body, which could carry personal data.
 */
export function requestContext(logger: Logger): MiddlewareHandler<ApiEnv>[] {
  const withLogger: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const started = performance.now();
    c.set('logger', logger.child({ requestId: c.var.requestId }));
    await next();
    const route = routePath(c, -1);
    const ms = performance.now() - started;
    recordHttpRequest(c.req.method, route, c.res.status, ms / 1000);
    c.var.logger.info(
      {
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(ms * 10) / 10,
        principalId: c.get('principal')?.id,
      },
      'request',
    );
  };
  return [requestId({ headerName: 'X-Request-Id', limitLength: 128 }), withLogger];
}

/** The peer address of the connection. Forwarding headers are not trusted: behind a proxy, configure the proxy to log them. */
export function clientIp(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // not served by @hono/node-server (e.g. app.request in a unit test)
  }
}
