import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isGrpcDeadlineError, isGrpcServiceError } from '@temporalio/client';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { CaseConflict, CaseNotFound } from '../case/errors.ts';
import { isDatabaseBusy } from '../db/pool.ts';
import { IntakeNotFound, Unprocessable } from '../intake/errors.ts';
import { maskPersonalText } from '../privacy/masking.ts';
import type { ApiEnv } from './env.ts';

/** The one error shape of the API (product.md): `{"error": {"code", "message", "details"?}}`. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A problem with a field of the request: where (`borrower.idNumber`, `schedule[2].dueDate`) and what. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** An error meant for the caller: its status, code and message are safe to show as they are. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details: unknown;
  readonly headers: Record<string, string>;
  constructor(status: ContentfulStatusCode, code: string, message: string, options: { details?: unknown; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** `schedule[2].dueDate` from zod's ['schedule', 2, 'dueDate']: the same form as the domain's loan validation paths. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

export function zodProblems(error: ZodError, prefix: ReadonlyArray<PropertyKey> = []): FieldProblem[] {
  return error.issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]), message: issue.message }));
}

export function invalidRequest(problems: FieldProblem[]): ApiError {
  return new ApiError(400, 'invalid_request', 'the request does not have the required shape', { details: problems });
}

export function notFound(what = 'not found'): ApiError {
  return new ApiError(404, 'not_found', what);
}

/** Hono's own exceptions (validators, body limit) carry statuses; the codes give them names callers can match. */
const codeOfStatus: Partial<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** gRPC statuses that mean Temporal could not be reached in time (UNAVAILABLE, DEADLINE_EXCEEDED). */
const TEMPORAL_UNREACHABLE = new Set([4, 14]);

/** Whether the error, or one it was caused by, says Temporal is unreachable: worth retrying later. */
function temporalUnreachable(error: unknown): boolean {
  let cause: unknown = error;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    const next = cause.cause;
    if ((isGrpcServiceError(cause) && TEMPORAL_UNREACHABLE.has(cause.code)) || isGrpcDeadlineError(cause)) return true;
    cause = next;
  }
  return false;
}

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  // Nothing was accepted (a command's database work rolls back with it): the caller retries.
  if (temporalUnreachable(error)) {
    return new ApiError(503, 'temporal_unavailable', 'the workflow service is unreachable; nothing was changed, retry later', {
      headers: { 'Retry-After': '5' },
    });
  }
  // No session in the pool in time (or a statement over its timeout): the transaction rolled back; retry shortly.
  if (isDatabaseBusy(error)) {
    return new ApiError(503, 'database_busy', 'the database is busy; nothing was changed, retry shortly', { headers: { 'Retry-After': '1' } });
  }
  if (error instanceof CaseNotFound || error instanceof IntakeNotFound) return notFound(error.message);
  if (error instanceof CaseConflict) return new ApiError(409, 'conflict', error.message);
  if (error instanceof Unprocessable) return new ApiError(422, 'unprocessable', error.message, { details: error.details });
  if (error instanceof ZodError) return invalidRequest(zodProblems(error));
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return new ApiError(status, codeOfStatus[status] ?? 'invalid_request', error.message || 'invalid request');
  }
  return undefined;
}

export function errorResponse(c: Context<ApiEnv>, error: ApiError): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(body, error.status);
}

/** What the log keeps of an unexpected error: its kind, code and text with personal data masked (a database error's detail can quote a row). */
function loggable(error: unknown): Record<string, string | undefined> {
  if (!(error instanceof Error)) return { message: maskPersonalText(String(error)) };
  const { code, detail } = error as { code?: unknown; detail?: unknown };
  return {
    type: error.name,
    code: typeof code === 'string' ? code : undefined,
    message: maskPersonalText(error.message),
    detail: typeof detail === 'string' ? maskPersonalText(detail) : undefined,
    stack: error.stack === undefined ? undefined : maskPersonalText(error.stack),
  };
}

/**
 * The one place errors become responses. Known errors keep their status and message; anything
 * else is logged (masked) with its stack under the request id and answered with a bare 500, so no
 * stack trace, SQL or internal name ever reaches a caller.
 */
export function handleError(error: unknown, c: Context<ApiEnv>): Response {
  const known = toApiError(error);
  if (known) return errorResponse(c, known);
  c.var.logger.error({ err: loggable(error) }, 'unhandled error');
  return errorResponse(c, new ApiError(500, 'internal', 'internal error; quote the X-Request-Id header when reporting it'));
}

export function handleNotFound(c: Context<ApiEnv>): Response {
  return errorResponse(c, notFound(`no route for ${c.req.method} ${c.req.path}`));
}
