import { OpenAPIHono, z } from '@hono/zod-openapi';
import { CaseId, Id } from '../domain/input-rules.ts';
import type { ApiEnv } from './env.ts';
import { ErrorBody, invalidRequest, zodProblems } from './errors.ts';
import { JSON_BODY_LIMIT, jsonBody, limitBody } from './middleware/body.ts';

/** Building blocks every route definition shares: identifiers, JSON bodies, error responses. */

/**
 * A router whose schema validation failures all become the API's 400, each problem named by
 * where it is: body fields by their path (`borrower.idNumber`, as the 422 checks name them),
 * others prefixed (`query.limit`, `path.caseId`, `header.webhook-id`).
 */
export function router(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(zodProblems(result.error, targetPrefix[result.target] ?? []));
    },
  });
}

const targetPrefix: Record<string, string[]> = { json: [], query: ['query'], param: ['path'], header: ['header'] };

/** Ids chosen by the callers (lenders, loans, firms) or the service (cases, documents): the one pattern of input-rules.ts. */
export { Id };

export const idParam = <K extends string>(...names: K[]) =>
  z.strictObject(
    Object.fromEntries(names.map((n) => [n, z.ZodType.prototype.openapi.call(n === 'caseId' ? CaseId : Id, { param: { name: n, in: 'path' } })])),
  ) as z.ZodObject<Record<K, typeof Id>>;

export const bearerSecurity = [{ bearer: [] }];

/**
 * Names a schema defined outside the API (domain, intake, case commands) as an OpenAPI component.
 * Zod 4 copies prototype methods onto a schema when it is built, so a schema built before
 * @hono/zod-openapi was loaded has no `.openapi` method of its own: the method is called from the
 * prototype, where the extension put it, whatever the import order was.
 */
export function component<T extends z.ZodType>(schema: T, name: string): T {
  return z.ZodType.prototype.openapi.call(schema, name) as T;
}

/** A required JSON body: its size limit and syntax/markup check run before the schema validator. */
export function jsonRequest<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export const jsonBodyMiddleware = [limitBody(JSON_BODY_LIMIT), jsonBody] as const;

const errorDescriptions = {
  400:
    'Invalid input, each problem named by its path: malformed JSON (with its position) or JSON nested more than 32 deep, wrong types, missing or unknown fields, ' +
    'ids not of the id pattern, text that is not well-formed Unicode (lone surrogates) or has control characters other than newline and tab, markup in text, ' +
    'dates out of range (events 2000-01-01 to 2199-12-31, birth dates from 1900-01-01, past events not in the future), offsets beyond ±14:00',
  401: 'No token, or an unknown, revoked or expired one (webhook: bad or stale signature)',
  403: 'The role may not do this',
  404: 'Unknown, or not visible to this caller',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Wrong Content-Type',
  422: 'Valid JSON, but unacceptable (details list each problem by path)',
  429: 'Rate limit exceeded; see Retry-After',
  503: 'Temporarily unavailable (Temporal unreachable, the database busy, or the audit log not taking the rows of reads); see Retry-After',
} as const;

interface ErrorResponse {
  description: string;
  content: { 'application/json': { schema: typeof ErrorBody } };
}

export function errorResponses<S extends keyof typeof errorDescriptions>(...statuses: S[]): Record<S, ErrorResponse> {
  const responses = {} as Record<S, ErrorResponse>;
  for (const s of statuses) responses[s] = { description: errorDescriptions[s], content: { 'application/json': { schema: ErrorBody } } };
  return responses;
}

/** The errors any authenticated route can answer with (503: no database session free in time). */
export const authErrors = [401, 403, 429, 503] as const;
