import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import * as caseCommands from '../../case/client.ts';
import type { Actor } from '../../case/contract.ts';
import type { Config } from '../../config/config.ts';
import type { Database, Principal } from '../../db/schema.ts';
import { LoanSnapshot } from '../../domain/loan-snapshot.ts';
import { appendContactRecords } from '../../intake/contact-records.ts';
import { storeContractFile } from '../../intake/contract-files.ts';
import { upsertLawFirm } from '../../intake/law-firms.ts';
import { upsertLender } from '../../intake/lenders.ts';
import { upsertLoan } from '../../intake/loans.ts';
import { ContactRecordsInput, LawFirmInput, LenderInput } from '../../intake/schemas.ts';
import { Unprocessable } from '../../intake/errors.ts';
import { type DestinationPolicy, RefusedDestination, resolveDestination } from '../../net/destination.ts';
import type { ContentStore } from '../../storage/index.ts';
import type { ApiEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { CONTRACT_BODY_LIMIT, limitBody } from '../middleware/body.ts';
import { authErrors, bearerSecurity, component, errorResponses, idParam, jsonBodyMiddleware, jsonRequest, router } from '../openapi.ts';

/**
 * Loan data intake: parties and loans pushed by the collections system (system role) and law
 * firms by the legal team. Whatever changes a loan's evidence (snapshot, contract, contact
 * records) is followed by telling the loan's open case, if any, so that a case waiting for
 * evidence checks again; that happens after the data is committed, and on repeats too, so a
 * failed notice is made good by the caller's retry.
 */
const Outcome = z.enum(['created', 'updated', 'unchanged']);
const UpsertResult = z.object({ id: z.string(), outcome: Outcome }).openapi('UpsertResult');
const LoanUpsertResult = z
  .object({ loanId: z.string(), version: z.number().int(), outcome: Outcome, snapshotSha256: z.string() })
  .openapi('LoanUpsertResult');
const ContractFileResult = z
  .object({ loanId: z.string(), sha256: z.string(), size: z.number().int(), pages: z.number().int(), outcome: z.enum(['created', 'unchanged']) })
  .openapi('ContractFileResult');
const ContactRecordsResult = z.object({ loanId: z.string(), received: z.number().int(), added: z.number().int() }).openapi('ContactRecordsResult');

const upsertResponses = <S extends z.ZodType>(schema: S, what: string) => ({
  200: { description: `${what} updated, or unchanged when the data was the same`, content: { 'application/json': { schema } } },
  201: { description: `${what} created`, content: { 'application/json': { schema } } },
});

const putLender = createRoute({
  method: 'put',
  path: '/v1/lenders/{lenderId}',
  tags: ['intake'],
  summary: 'Create or replace a lender',
  security: bearerSecurity,
  middleware: [...jsonBodyMiddleware],
  request: { params: idParam('lenderId'), body: jsonRequest(component(LenderInput, 'Lender')) },
  responses: { ...upsertResponses(UpsertResult, 'Lender'), ...errorResponses(400, 413, 415, 422, ...authErrors) },
});

const putLoan = createRoute({
  method: 'put',
  path: '/v1/loans/{loanId}',
  tags: ['intake'],
  summary: 'Create or replace a loan snapshot (version goes up only when its content changes)',
  security: bearerSecurity,
  middleware: [...jsonBodyMiddleware],
  request: { params: idParam('loanId'), body: jsonRequest(component(LoanSnapshot, 'LoanSnapshot')) },
  responses: { ...upsertResponses(LoanUpsertResult, 'Loan'), ...errorResponses(400, 413, 415, 422, ...authErrors) },
});

const putLawFirm = createRoute({
  method: 'put',
  path: '/v1/law-firms/{lawFirmId}',
  tags: ['intake'],
  summary: 'Create or replace a law firm',
  security: bearerSecurity,
  middleware: [...jsonBodyMiddleware],
  request: { params: idParam('lawFirmId'), body: jsonRequest(component(LawFirmInput, 'LawFirm')) },
  responses: { ...upsertResponses(UpsertResult, 'Law firm'), ...errorResponses(400, 413, 415, 422, ...authErrors) },
});

const postContactRecords = createRoute({
  method: 'post',
  path: '/v1/loans/{loanId}/contact-records',
  tags: ['intake'],
  summary: 'Append contact records (records already stored are skipped)',
  security: bearerSecurity,
  middleware: [...jsonBodyMiddleware],
  request: { params: idParam('loanId'), body: jsonRequest(component(ContactRecordsInput, 'ContactRecords')) },
  responses: {
    200: { description: 'Records received and how many were new', content: { 'application/json': { schema: ContactRecordsResult } } },
    ...errorResponses(400, 404, 413, 415, ...authErrors),
  },
});

const postContract = createRoute({
  method: 'post',
  path: '/v1/loans/{loanId}/contract',
  tags: ['intake'],
  summary: 'Upload the signed contract: the body is the PDF itself (at most 20 MB)',
  security: bearerSecurity,
  middleware: [limitBody(CONTRACT_BODY_LIMIT)],
  request: {
    params: idParam('loanId'),
    body: { required: true, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
  },
  responses: {
    200: { description: 'The same file was uploaded before', content: { 'application/json': { schema: ContractFileResult } } },
    201: { description: 'Stored', content: { 'application/json': { schema: ContractFileResult } } },
    ...errorResponses(400, 404, 413, 415, 422, ...authErrors),
  },
});

/** A firm's webhook URL must resolve, and only to addresses the service may send to (net/destination.ts): else 422 naming webhookUrl. */
async function judgeFirmWebhookUrl(url: string, policy: DestinationPolicy): Promise<void> {
  try {
    await resolveDestination(new URL(url), policy);
  } catch (error) {
    if (!(error instanceof RefusedDestination)) throw error;
    throw new Unprocessable('the webhook URL is not a destination the service may send to', [{ path: 'webhookUrl', message: error.message }]);
  }
}

function actorOf(principal: Principal): Actor {
  return { principalId: principal.id, role: principal.role, name: principal.name };
}

export function intakeRoutes(deps: { config: Config; db: Kysely<Database>; temporal: Client; store: ContentStore }): OpenAPIHono<ApiEnv> {
  const app = router();
  const commandDeps: caseCommands.CaseCommandDeps = { config: deps.config, db: deps.db, temporal: deps.temporal };
  const evidenceChanged = (principal: Principal, loanId: string, note: string) => caseCommands.evidenceChanged(commandDeps, loanId, actorOf(principal), note);

  app.openapi(putLender, async (c) => {
    const { lenderId } = c.req.valid('param');
    const outcome = await upsertLender(deps.db, lenderId, c.req.valid('json'));
    return outcome === 'created' ? c.json({ id: lenderId, outcome }, 201) : c.json({ id: lenderId, outcome }, 200);
  });
  app.openapi(putLoan, async (c) => {
    const result = await upsertLoan(deps.db, c.req.valid('param').loanId, c.req.valid('json'));
    await evidenceChanged(c.var.principal, result.loanId, 'loan snapshot updated');
    return result.outcome === 'created' ? c.json(result, 201) : c.json(result, 200);
  });
  app.openapi(putLawFirm, async (c) => {
    const { lawFirmId } = c.req.valid('param');
    const input = c.req.valid('json');
    if (input.webhookUrl !== undefined) await judgeFirmWebhookUrl(input.webhookUrl, { allowPrivate: deps.config.firmWebhooks.allowPrivate ?? false });
    const outcome = await upsertLawFirm(deps.db, lawFirmId, input);
    return outcome === 'created' ? c.json({ id: lawFirmId, outcome }, 201) : c.json({ id: lawFirmId, outcome }, 200);
  });
  app.openapi(postContactRecords, async (c) => {
    const { loanId } = c.req.valid('param');
    const result = await appendContactRecords(deps.db, loanId, c.req.valid('json').records);
    await evidenceChanged(c.var.principal, loanId, 'contact records added');
    return c.json({ loanId, ...result }, 200);
  });
  app.openapi(postContract, async (c) => {
    const { loanId } = c.req.valid('param');
    if (!/^application\/pdf\s*(;|$)/i.test(c.req.header('Content-Type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', 'the contract is uploaded as the PDF itself, with Content-Type: application/pdf');
    }
    const result = await storeContractFile(deps.db, deps.store, loanId, new Uint8Array(await c.req.arrayBuffer()));
    await evidenceChanged(c.var.principal, loanId, 'signed contract uploaded');
    return result.outcome === 'created' ? c.json(result, 201) : c.json(result, 200);
  });
  return app;
}
