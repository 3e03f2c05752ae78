import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiEnv } from '../env.ts';
import { ApiError, invalidRequest } from '../errors.ts';
import { MAX_JSON_DEPTH, depthExceededAt } from '../json-depth.ts';
import { jsonErrorPosition } from '../json-position.ts';
import { markupProblems } from '../plain-text.ts';

export const JSON_BODY_LIMIT = 1024 * 1024;
export const CONTRACT_BODY_LIMIT = 20 * 1024 * 1024;

/**
 * 413 once a body passes `maxSize` bytes: checked against Content-Length before anything is read,
 * and counted while streaming when the length is not declared, so an oversized body is never
 * buffered whole. The rest of the refused body is never read, so the connection is closed after
 * the answer rather than left with unread bytes a next request would be parsed from.
 */
export function limitBody(maxSize: number): MiddlewareHandler<ApiEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `the request body is larger than ${maxSize} bytes`, { headers: { Connection: 'close' } });
    },
  });
}

/**
 * Parses a JSON body once so that a syntax error is answered with where it is (position, line
 * and column), instead of the validator's bare "malformed JSON", after refusing a body nested
 * deeper than any request needs (json-depth.ts), and refuses ill-formed or marked-up text in any of
 * its strings (see plain-text.ts). The text stays cached on the request
 * for the schema validator that follows.
 */
export const jsonBody: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) return next();
  const text = await c.req.text();
  const tooDeep = depthExceededAt(text);
  if (tooDeep !== undefined) {
    throw new ApiError(400, 'invalid_json', `the body nests arrays and objects more than ${MAX_JSON_DEPTH} deep (position ${tooDeep})`, {
      details: { position: tooDeep, maxDepth: MAX_JSON_DEPTH },
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const where = jsonErrorPosition(text);
    const reason = error instanceof SyntaxError ? error.message.replace(/, ".*" is not valid JSON$/s, '') : 'not JSON';
    throw new ApiError(400, 'invalid_json', `the body is not valid JSON at line ${where.line}, column ${where.column} (position ${where.position}): ${reason}`, {
      details: where,
    });
  }
  const problems = markupProblems(value);
  if (problems.length > 0) throw invalidRequest(problems);
  return next();
};
