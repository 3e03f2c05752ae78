import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.ts';
import type { Database } from '../../db/schema.ts';
import { audit } from '../audit.ts';
import type { ApiEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { component, errorResponses, jsonBodyMiddleware, jsonRequest, router } from '../openapi.ts';
import { processCollectionsEvent } from '../webhook/collections.ts';
import { CollectionsEvent } from '../webhook/events.ts';
import type { WebhookVerifier } from '../webhook/verify.ts';

/**
 * The collections system's signed webhook. The signature is checked on the raw body before
 * anything else looks at it (an unsigned caller learns nothing about what would be accepted);
 * then the usual JSON, markup and schema checks; then the event is processed once per
 * webhook-id and answered 200 only after it is committed.
 */
const WebhookHeaders = z.object({
  'webhook-id': z.string().min(1).max(255).regex(/^[\w.:-]+$/, 'webhook-id: letters, digits and . _ : -'),
  'webhook-timestamp': z.string().regex(/^\d{1,12}$/),
  'webhook-signature': z.string().min(1).max(4096),
});

const WebhookResult = z
  .object({ webhookId: z.string(), type: z.string(), result: z.record(z.string(), z.unknown()), replayed: z.boolean() })
  .openapi('WebhookResult');

function verifySignature(verifier: WebhookVerifier): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const id = c.req.header('webhook-id');
    const timestamp = c.req.header('webhook-timestamp');
    const signature = c.req.header('webhook-signature');
    if (id === undefined || timestamp === undefined || signature === undefined) {
      throw new ApiError(401, 'unauthorized', 'webhook-id, webhook-timestamp and webhook-signature headers are required');
    }
    const verdict = verifier.verify(await c.req.text(), { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature });
    if (!verdict.ok) throw new ApiError(401, 'unauthorized', `webhook signature rejected: ${verdict.reason}`);
    return next();
  };
}

const collectionsRoute = (verifier: WebhookVerifier) =>
  createRoute({
    method: 'post',
    path: '/v1/webhooks/collections',
    tags: ['webhooks'],
    summary: 'Collections events, signed per Standard Webhooks (escalation.requested, payment.received, repayment_plan.agreed, loan.updated)',
    // Size limit first, then the signature over the raw body, then JSON syntax and markup.
    middleware: [jsonBodyMiddleware[0], verifySignature(verifier), jsonBodyMiddleware[1]],
    request: { headers: WebhookHeaders, body: jsonRequest(component(CollectionsEvent, 'CollectionsEvent')) },
    responses: {
      200: { description: 'Processed (or a replay of a processed webhook-id: the original result)', content: { 'application/json': { schema: WebhookResult } } },
      ...errorResponses(400, 401, 409, 413, 415, 422, 503),
    },
  });

export function webhookRoutes(deps: { config: Config; db: Kysely<Database>; temporal: Client; verifier: WebhookVerifier }): OpenAPIHono<ApiEnv> {
  const app = router();
  app.openapi(collectionsRoute(deps.verifier), async (c) => {
    const webhookId = c.req.valid('header')['webhook-id'];
    const event = c.req.valid('json');
    const processed = await processCollectionsEvent(deps, webhookId, await c.req.text(), event, (trx, recorded) =>
      audit(trx, c, {
        action: 'webhook.received',
        caseId: 'caseId' in recorded.result ? recorded.result.caseId : null,
        resource: `webhook/collections/${webhookId}`,
        details: { type: recorded.type },
      }),
    );
    return c.json(processed, 200);
  });
  return app;
}
