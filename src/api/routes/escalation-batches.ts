/**
 * Escalation batches: `POST /v1/escalation-batches` accepts a list of loans or a selection and
 * answers 202 at once with the loans accepted and refused; the batch workflow escalates them in
 * the background. `GET /v1/escalation-batches/{batchId}` shows how it goes. Both go through the
 * batch client; the request is audited once accepted.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type BatchRequester, escalationBatchProgress, startEscalationBatch } from '../../batch/client.ts';
import { EscalationBatchRequest, RefusalReason } from '../../batch/contract.ts';
import type { CaseCommandDeps } from '../../case/client.ts';
import type { Principal } from '../../db/schema.ts';
import { CaseStatus } from '../../domain/case-status.ts';
import { audit } from '../audit.ts';
import type { ApiEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { limitBody, jsonBody } from '../middleware/body.ts';
import { authErrors, bearerSecurity, component, errorResponses, idParam, jsonRequest, router } from '../openapi.ts';

/** A list of 100,000 ids still reaches the check that refuses it by name (more than 20,000 loans → 422). */
const BATCH_BODY_LIMIT = 4 * 1024 * 1024;

const BatchHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\w.:-]{1,128}$/, 'Idempotency-Key: up to 128 letters, digits and . _ : -')
    .openapi({ description: 'Required: a repeat returns the same batch; another request under the same key is a 409' }),
});

const Refused = z
  .object({ loanId: z.string(), reason: RefusalReason, message: z.string(), caseId: z.string().optional() })
  .openapi('RefusedLoan');
const BatchAccepted = z
  .object({ batchId: z.string(), status: z.enum(['running', 'completed']), accepted: z.number().int(), refused: z.array(Refused) })
  .openapi('EscalationBatchAccepted');
const BatchProgress = BatchAccepted.extend({
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  counts: z.partialRecord(z.union([CaseStatus, z.literal('pending')]), z.number().int()),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
}).openapi('EscalationBatch');

const startRoute = createRoute({
  method: 'post',
  path: '/v1/escalation-batches',
  tags: ['batches'],
  summary: `Escalate many loans at once (a list of ids or a selection; at most 20,000, duplicates refused)`,
  security: bearerSecurity,
  middleware: [limitBody(BATCH_BODY_LIMIT), jsonBody] as const,
  request: { headers: BatchHeaders, body: jsonRequest(component(EscalationBatchRequest, 'EscalationBatchRequest')) },
  responses: {
    202: { description: 'Accepted (or the batch this Idempotency-Key made)', content: { 'application/json': { schema: BatchAccepted } } },
    ...errorResponses(400, 409, 413, 415, 422, ...authErrors),
  },
});

const progressRoute = createRoute({
  method: 'get',
  path: '/v1/escalation-batches/{batchId}',
  tags: ['batches'],
  summary: 'How a batch goes: its cases by status, done/total, and the loans refused with their reasons',
  security: bearerSecurity,
  request: { params: idParam('batchId') },
  responses: {
    200: { description: 'The batch', content: { 'application/json': { schema: BatchProgress } } },
    ...errorResponses(400, 404, ...authErrors),
  },
});

function requesterOf(principal: Principal, idempotencyKey: string): BatchRequester {
  return { requestedBy: principal.id, idempotencyKey, actor: { principalId: principal.id, role: principal.role, name: principal.name } };
}

export function escalationBatchRoutes(deps: CaseCommandDeps): OpenAPIHono<ApiEnv> {
  const app = router();

  app.openapi(startRoute, async (c) => {
    const request = c.req.valid('json');
    const key = c.req.valid('header')['idempotency-key'];
    const batch = await startEscalationBatch(deps, request, requesterOf(c.var.principal, key));
    if (batch.created) {
      await audit(deps.db, c, {
        action: 'batch.escalate',
        resource: `escalation-batch/${batch.batchId}`,
        details: { accepted: batch.accepted, refused: batch.refused.length },
      });
    }
    const { created: _created, ...body } = batch;
    return c.json(body, 202);
  });

  app.openapi(progressRoute, async (c) => {
    const { batchId } = c.req.valid('param');
    const progress = await escalationBatchProgress(deps.db, batchId);
    if (progress === undefined) throw notFound(`no escalation batch ${batchId}`);
    return c.json(progress, 200);
  });

  return app;
}
