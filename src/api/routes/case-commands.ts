import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import * as caseCommands from '../../case/client.ts';
import { type Actor, CaseEventInput, EscalationRequest, HandoffRequest, MilestoneInput } from '../../case/contract.ts';
import type { Config } from '../../config/config.ts';
import type { Database, Principal } from '../../db/schema.ts';
import { canSeeCase } from '../access.ts';
import { audit } from '../audit.ts';
import type { ApiEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { authErrors, bearerSecurity, component, errorResponses, idParam, jsonBodyMiddleware, jsonRequest, router } from '../openapi.ts';

/**
 * Acting on cases: escalation, events, handoff, milestones. Each goes through the case commands
 * (which start or signal the case's workflow) and is audited once accepted.
 */
/**
 * A client that retries after a lost response sends the same Idempotency-Key: the case's workflow
 * answers a repeated key once. Keys are scoped to the principal so that two callers cannot collide.
 */
const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\w.:-]{1,128}$/, 'Idempotency-Key: up to 128 letters, digits and . _ : -')
    .optional()
    .openapi({ description: 'Retry safely: a repeated key is acted on once' }),
});

function onceOptions(principal: Principal, headers: z.infer<typeof IdempotencyHeaders>): caseCommands.CommandOptions {
  const key = headers['idempotency-key'];
  return key === undefined ? {} : { requestId: `${principal.id}:${key}` };
}

const CaseRef = z.object({ caseId: z.string(), status: z.string().openapi({ example: 'assembling_evidence' }) }).openapi('CaseRef');
const accepted = (description: string) => ({ 202: { description, content: { 'application/json': { schema: CaseRef } } } });

function actorOf(principal: Principal): Actor {
  return { principalId: principal.id, role: principal.role, name: principal.name };
}

const escalateRoute = createRoute({
  method: 'post',
  path: '/v1/escalations',
  tags: ['cases'],
  summary: 'Escalate a loan to a legal case (one active case per loan: a repeat returns the same case)',
  security: bearerSecurity,
  middleware: [...jsonBodyMiddleware],
  request: { body: jsonRequest(component(EscalationRequest, 'EscalationRequest')) },
  responses: { ...accepted('The case (new or the loan\'s open one)'), ...errorResponses(400, 409, 413, 415, 422, ...authErrors) },
});

const eventRoute = createRoute({
  method: 'post',
  path: '/v1/cases/{caseId}/events',
  tags: ['cases'],
  summary: 'Record an event: payment, repayment plan, dispute, delivered demand, withdrawal',
  security: bearerSecurity,
  middleware: [...jsonBodyMiddleware],
  request: { params: idParam('caseId'), headers: IdempotencyHeaders, body: jsonRequest(component(CaseEventInput, 'CaseEvent')) },
  responses: { ...accepted('Event recorded'), ...errorResponses(400, 404, 409, 413, 415, 422, ...authErrors) },
});

const handoffRoute = createRoute({
  method: 'post',
  path: '/v1/cases/{caseId}/handoff',
  tags: ['cases'],
  summary: 'Assign or change the law firm',
  security: bearerSecurity,
  middleware: [...jsonBodyMiddleware],
  request: { params: idParam('caseId'), headers: IdempotencyHeaders, body: jsonRequest(component(HandoffRequest, 'HandoffRequest')) },
  responses: { ...accepted('Handoff recorded'), ...errorResponses(400, 404, 409, 413, 415, 422, ...authErrors) },
});

const milestoneRoute = createRoute({
  method: 'post',
  path: '/v1/cases/{caseId}/milestones',
  tags: ['cases'],
  summary: 'Report a litigation milestone (lawyers, on cases handed to their firm)',
  security: bearerSecurity,
  middleware: [...jsonBodyMiddleware],
  request: { params: idParam('caseId'), headers: IdempotencyHeaders, body: jsonRequest(component(MilestoneInput, 'Milestone')) },
  responses: { ...accepted('Milestone recorded'), ...errorResponses(400, 404, 409, 413, 415, 422, ...authErrors) },
});

export function caseCommandRoutes(deps: { config: Config; db: Kysely<Database>; temporal: Client }): OpenAPIHono<ApiEnv> {
  const app = router();
  const commandDeps: caseCommands.CaseCommandDeps = { config: deps.config, db: deps.db, temporal: deps.temporal };

  app.openapi(escalateRoute, async (c) => {
    const request = c.req.valid('json');
    const ref = await caseCommands.escalate(commandDeps, request, actorOf(c.var.principal));
    await audit(deps.db, c, { action: 'case.escalate', caseId: ref.caseId, resource: `loan/${request.loanId}`, details: { created: ref.created } });
    return c.json({ caseId: ref.caseId, status: ref.status }, 202);
  });

  app.openapi(eventRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const event = c.req.valid('json');
    const ref = await caseCommands.recordCaseEvent(commandDeps, caseId, event, actorOf(c.var.principal), onceOptions(c.var.principal, c.req.valid('header')));
    await audit(deps.db, c, { action: 'case.event', caseId, resource: `case/${caseId}/events`, details: { type: event.type } });
    return c.json({ caseId: ref.caseId, status: ref.status }, 202);
  });

  app.openapi(handoffRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const request = c.req.valid('json');
    const ref = await caseCommands.handOff(commandDeps, caseId, request, actorOf(c.var.principal), onceOptions(c.var.principal, c.req.valid('header')));
    await audit(deps.db, c, { action: 'case.handoff', caseId, resource: `case/${caseId}/handoff`, details: { lawFirmId: request.lawFirmId } });
    return c.json({ caseId: ref.caseId, status: ref.status }, 202);
  });

  app.openapi(milestoneRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    // A lawyer reports only on cases handed to their firm; any other case does not exist for them.
    if (!(await canSeeCase(deps.db, c.var.principal, caseId))) throw notFound(`no case ${caseId}`);
    const milestone = c.req.valid('json');
    const ref = await caseCommands.recordMilestone(commandDeps, caseId, milestone, actorOf(c.var.principal), onceOptions(c.var.principal, c.req.valid('header')));
    await audit(deps.db, c, { action: 'case.milestone', caseId, resource: `case/${caseId}/milestones`, details: { type: milestone.type } });
    return c.json({ caseId: ref.caseId, status: ref.status }, 202);
  });
  return app;
}
