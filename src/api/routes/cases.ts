import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { CaseStatus } from '../../domain/case-status.ts';
import type { ReadAuditTrail } from '../audit.ts';
import { type CaseReads, jsonOf } from '../cases/case-reads.ts';
import type { ApiEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { authErrors, bearerSecurity, errorResponses, Id, idParam, router } from '../openapi.ts';

/** Reading cases: the list (personal data masked) and one case file (audited). */
const Party = z.object({ id: z.string(), name: z.string() });
const LimitationStatus = z.enum(['ok', 'expiring', 'expired']).nullable();

const CaseSummary = z
  .object({
    id: z.string(),
    status: CaseStatus,
    loanId: z.string(),
    contractNumber: z.string(),
    lender: Party,
    lawFirm: Party.nullable(),
    borrower: z.object({
      name: z.string(),
      idNumber: z.string().openapi({ example: '110101********1234' }),
      phone: z.string().openapi({ example: '138****0000' }),
    }),
    claimTotal: z.string().nullable().openapi({ description: 'yuan, after the interest cap', example: '52345.67' }),
    claimAsOf: z.string().nullable(),
    limitationDeadline: z.string().nullable(),
    limitationStatus: LimitationStatus,
    nextDeadline: z.object({ date: z.string(), kind: z.string().nullable() }).nullable(),
    stale: z.boolean(),
    updatedAt: z.string(),
  })
  .openapi('CaseSummary');

const CaseList = z.object({ cases: z.array(CaseSummary), limit: z.number().int(), offset: z.number().int() }).openapi('CaseList');

const CaseDetail = CaseSummary.extend({
  reason: z.string(),
  responseDays: z.number().int(),
  borrower: z.object({ name: z.string(), idNumber: z.string(), phone: z.string(), address: z.string().nullable() }),
  loan: z.object({ principal: z.string(), disbursementDate: z.string(), maturityDate: z.string(), repaymentMethod: z.string() }),
  claim: z.unknown().openapi({ description: 'The latest claim calculation (欠款计算明细), amounts in fen' }),
  blockers: z.unknown().openapi({ description: 'What blocks the lawsuit, from the evidence completeness check' }),
  stepFailing: z
    .object({
      kind: z.enum(['bad_data', 'step_failed']),
      count: z.number().int(),
      activity: z.string().nullable(),
      message: z.string().nullable(),
      since: z.string(),
    })
    .nullable()
    .openapi({
      description:
        'Alert-able: the current step keeps failing. bad_data waits for corrected data; step_failed is retried later by itself. count: failures in a row since the case last moved on',
    }),
  court: z.string().nullable(),
  courtCaseNumber: z.string().nullable(),
  escalatedBy: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  timeline: z.array(
    z.object({ id: z.number().int(), type: z.string(), occurredAt: z.string(), recordedAt: z.string(), actor: z.string(), data: z.unknown() }),
  ),
  documents: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      format: z.enum(['pdf', 'docx']),
      name: z.string(),
      sha256: z.string(),
      size: z.number().int(),
      createdAt: z.string(),
    }),
  ),
}).openapi('CaseDetail');

/** Filters of the case list (shared with the web pages' list). */
export const CaseQuery = z.strictObject({
  status: CaseStatus.optional(),
  lenderId: Id.optional(),
  lawFirmId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/cases',
  tags: ['cases'],
  summary: 'List cases (lawyers: only those handed to their firm); ID numbers and phones masked',
  security: bearerSecurity,
  request: { query: CaseQuery },
  responses: { 200: { description: 'Cases, most recently changed first', content: { 'application/json': { schema: CaseList } } }, ...errorResponses(400, ...authErrors) },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/v1/cases/{caseId}',
  tags: ['cases'],
  summary: 'One case: status, claim, limitation deadline, timeline, documents (audited)',
  security: bearerSecurity,
  request: { params: idParam('caseId') },
  responses: { 200: { description: 'The case', content: { 'application/json': { schema: CaseDetail } } }, ...errorResponses(400, 404, 503, ...authErrors) },
});

export function caseRoutes(deps: { caseReads: CaseReads; readAudit: ReadAuditTrail }): OpenAPIHono<ApiEnv> {
  const app = router();
  app.openapi(listRoute, async (c) => {
    const filters = c.req.valid('query');
    return jsonOf(c, await deps.caseReads.list(c.var.principal, filters));
  });
  app.openapi(detailRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const detail = await deps.caseReads.read(c.var.principal, caseId);
    if (detail === undefined) throw notFound(`no case ${caseId}`);
    deps.readAudit.record(c, { action: 'case.read', caseId, resource: `case/${caseId}` });
    return jsonOf(c, detail);
  });
  return app;
}
