import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Authenticator } from '../../auth/tokens.ts';
import { accessOf, routeKey } from '../access.ts';
import type { ApiEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import type { RateLimiter } from '../rate-limit.ts';

/** `Authorization: Bearer <token>`: the token. */
export const BEARER = /^Bearer\s+(\S+)$/i;

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

/**
 * Enforces `routeAccess` for the route the request matched: identifies the caller by bearer token
 * (401 without a valid, unrevoked, unexpired one), checks the role (403), and takes one token from the
 * caller's rate bucket, shared by every API process (429 with Retry-After). A matched route missing from the table is refused
 * with a 500: a forgotten entry must fail closed, never open. HEAD requests match GET routes and
 * are judged as GET.
 */
export function accessControl(deps: { authenticator: Authenticator; limiter: RateLimiter }): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
    if (route === undefined) return next(); // no route: the not-found handler answers
    const access = accessOf(routeKey(route.method, route.path));
    if (access === undefined) throw new Error(`route ${route.method} ${route.path} is missing from routeAccess`);
    if (access === 'public' || access === 'signed' || access === 'metrics') return next();

    const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    if (token === undefined) throw unauthorized('an Authorization: Bearer <token> header is required');
    const principal = await deps.authenticator.authenticate(token);
    if (principal === undefined) throw unauthorized('the token is unknown, revoked or expired');
    c.set('principal', principal);
    if (!access.includes(principal.role)) throw new ApiError(403, 'forbidden', `the ${principal.role} role may not do this`);

    const decision = await deps.limiter.take(principal.id);
    if (!decision.allowed) {
      throw new ApiError(429, 'rate_limited', 'too many requests; retry later', { headers: { 'Retry-After': String(decision.retryAfterSeconds) } });
    }
    return next();
  };
}
