/**
 * Errors keep the API's shape at the edges too, where no route answers:
 *
 * - a request whose headers (or request line: a long URL) overflow Node's limit never reaches
 *   the app; the server's `clientError` is answered 431 with the `{"error": …}` body;
 * - a URL longer than `MAX_URL_LENGTH` is answered 414;
 * - TRACE, CONNECT and methods the API has no use for are answered 405, as is a known path with a
 *   method it does not serve (with `Allow`), instead of a 404 that says the path does not exist.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerType } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from './env.ts';
import { ApiError } from './errors.ts';

export const MAX_URL_LENGTH = 4096;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function rawJsonResponse(status: number, reason: string, code: string, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** Answers what Node's HTTP parser refuses (oversized headers, malformed requests) in the API's error shape. */
export function answerClientErrors(server: ServerType): void {
  (server as Server).on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || (socket as Socket & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const response =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? rawJsonResponse(431, 'Request Header Fields Too Large', 'headers_too_large', 'the request line and headers are larger than the server accepts')
        : error.code === 'HPE_INVALID_METHOD'
          ? rawJsonResponse(405, 'Method Not Allowed', 'method_not_allowed', 'the method is not supported')
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? rawJsonResponse(408, 'Request Timeout', 'request_timeout', 'the request was not received in time')
          : rawJsonResponse(400, 'Bad Request', 'invalid_request', 'the request is not valid HTTP');
    socket.end(response);
  });
}

/** The paths the app serves, as patterns, with the methods each takes. */
export type RouteTable = Array<{ pattern: RegExp; methods: Set<string> }>;

export function routeTable(routes: ReadonlyArray<{ method: string; path: string }>): RouteTable {
  const byPath = new Map<string, Set<string>>();
  for (const r of routes) {
    if (r.method === 'ALL') continue;
    const methods = byPath.get(r.path) ?? new Set<string>();
    methods.add(r.method);
    if (r.method === 'GET') methods.add('HEAD');
    byPath.set(r.path, methods);
  }
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+').replace(/\/\*$/, '/.*')}$`),
    methods,
  }));
}

/** 414 for overlong URLs and 405 for methods the API does not use, before anything else runs. */
export const refuseAtTheEdge: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (!METHODS.has(c.req.method)) {
    throw new ApiError(405, 'method_not_allowed', `${c.req.method} is not supported`, { headers: { Allow: [...METHODS].join(', ') } });
  }
  if (c.req.url.length > MAX_URL_LENGTH) throw new ApiError(414, 'uri_too_long', `the URL is longer than ${MAX_URL_LENGTH} characters`);
  return next();
};

/** A path the app knows, asked with a method it does not serve: the methods it does, for a 405. */
export function allowedMethods(table: RouteTable, path: string): string[] | undefined {
  const methods = new Set<string>();
  for (const route of table) if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
  return methods.size === 0 ? undefined : [...methods].sort();
}
