/** The legal team's view of loans: the overdue-loan list (masked) and one loan with its ledger and cases. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { decodeCursor } from '../../loans/overdue-loans.ts';
import type { ApiEnv } from '../env.ts';
import { invalidRequest, notFound } from '../errors.ts';
import { LoanDetail, LoanQuery, listOverdueLoans, OverdueLoanList, readLoan } from '../loans/read-model.ts';
import { authErrors, bearerSecurity, errorResponses, idParam, router } from '../openapi.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/v1/loans',
  tags: ['loans'],
  summary: 'Overdue loans, most overdue first (keyset pages); ID numbers and phones masked',
  security: bearerSecurity,
  request: { query: LoanQuery },
  responses: { 200: { description: 'Overdue loans', content: { 'application/json': { schema: OverdueLoanList } } }, ...errorResponses(400, ...authErrors) },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/v1/loans/{loanId}',
  tags: ['loans'],
  summary: 'One loan: schedule, payments, contract file on file, contact record count, its cases',
  security: bearerSecurity,
  request: { params: idParam('loanId') },
  responses: { 200: { description: 'The loan', content: { 'application/json': { schema: LoanDetail } } }, ...errorResponses(400, 404, ...authErrors) },
});

export function loanRoutes(deps: { db: Kysely<Database> }): OpenAPIHono<ApiEnv> {
  const app = router();
  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    if (query.cursor !== undefined && decodeCursor(query.cursor) === undefined) {
      throw invalidRequest([{ path: 'query.cursor', message: 'not a cursor this list gave' }]);
    }
    return c.json(await listOverdueLoans(deps.db, query), 200);
  });
  app.openapi(detailRoute, async (c) => {
    const { loanId } = c.req.valid('param');
    const loan = await readLoan(deps.db, loanId);
    if (loan === undefined) throw notFound(`no loan ${loanId}`);
    return c.json(loan, 200);
  });
  return app;
}
