/** Reading cases: the list (personal data masked) and one case file (audited). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ReadAuditTrail } from '../audit.ts';
import { type CaseReads, jsonOf } from '../cases/case-reads.ts';
import { CaseDetail, CaseList, CaseQuery } from '../cases/read-model.ts';
import type { ApiEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { authErrors, bearerSecurity, errorResponses, idParam, router } from '../openapi.ts';

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
