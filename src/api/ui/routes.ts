import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { caseVisibleTo, filingFirmOf } from '../access.ts';
import type { ReadAuditTrail } from '../audit.ts';
import type { CaseReads } from '../cases/case-reads.ts';
import type { ApiEnv } from '../env.ts';
import { invalidRequest, notFound, zodProblems } from '../errors.ts';
import { Id } from '../openapi.ts';
import { CaseQuery } from '../cases/read-model.ts';
import { decodeCursor } from '../../loans/overdue-loans.ts';
import { LoanQuery, listOverdueLoans } from '../loans/read-model.ts';
import { portfolioAnalytics } from '../analytics/portfolio.ts';
import { dashboardFragment } from './dashboard.ts';
import { caseDetailFragment, caseListFragment, shellPage, statusLabel } from './pages.ts';
import { loanListFragment } from './work-pages.ts';
import { escalationBatchProgress } from '../../batch/client.ts';
import { escalationBatchFragment } from './batch-page.ts';
import { filingBatchOf, recentFilingBatches } from '../../batch/filing.ts';
import { filingBatchFragment, filingFragment } from './filing-page.ts';

/** Rows of each list the batch page shows (a batch may hold 20,000 loans). */
const BATCH_ROWS_SHOWN = 200;
/** Filing batches the filing page lists, newest first. */
const FILING_BATCHES_SHOWN = 20;

/** Read once at start: the pages' only script and style sheet, served from this origin (the CSP allows nothing else). */
const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const APP_JS = asset('app.js');
const APP_CSS = asset('app.css');

export function uiRoutes(deps: { db: Kysely<Database>; caseReads: CaseReads; readAudit: ReadAuditTrail }): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/', (c) => c.html(shellPage()));
  app.get('/ui/app.js', (c) => c.body(APP_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }));
  app.get('/ui/app.css', (c) => c.body(APP_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));

  app.get('/ui/cases', async (c) => {
    const query = CaseQuery.safeParse(c.req.query());
    if (!query.success) throw invalidRequest(zodProblems(query.error, ['query']));
    const principal = c.var.principal;
    const [cases, lenders, lawFirms] = await Promise.all([
      deps.caseReads.list(principal, query.data).then((list) => list.value.cases),
      // A lawyer's lender choices are those of the cases they can see; the legal team sees all.
      deps.db
        .selectFrom('lenders')
        .select(['lenders.id', 'lenders.name'])
        .where((eb) => eb.exists(eb.selectFrom('cases').select('cases.id').whereRef('cases.lender_id', '=', 'lenders.id').where(caseVisibleTo(principal))))
        .orderBy('lenders.name')
        .execute(),
      principal.role === 'legal' ? deps.db.selectFrom('law_firms').select(['id', 'name']).orderBy('name').execute() : Promise.resolve([]),
    ]);
    return c.html(caseListFragment({ principal, filters: query.data, cases, lenders, lawFirms }));
  });

  app.get('/ui/loans', async (c) => {
    const raw = c.req.query();
    const query = LoanQuery.safeParse(raw);
    if (!query.success) throw invalidRequest(zodProblems(query.error, ['query']));
    if (query.data.cursor !== undefined && decodeCursor(query.data.cursor) === undefined) {
      throw invalidRequest([{ path: 'query.cursor', message: 'not a cursor this list gave' }]);
    }
    const [page, lenders, lawFirms] = await Promise.all([
      listOverdueLoans(deps.db, query.data),
      deps.db.selectFrom('lenders').select(['id', 'name']).orderBy('name').execute(),
      deps.db.selectFrom('law_firms').select(['id', 'name']).orderBy('name').execute(),
    ]);
    const rawQuery = Object.fromEntries(Object.entries(raw).filter(([k, v]) => k !== 'cursor' && typeof v === 'string' && v !== ''));
    return c.html(loanListFragment({ principal: c.var.principal, query: query.data, rawQuery, loans: page.loans, nextCursor: page.nextCursor, lenders, lawFirms }));
  });

  app.get('/ui/dashboard', async (c) => c.html(dashboardFragment(c.var.principal, await portfolioAnalytics(deps.db), statusLabel)));

  app.get('/ui/escalation-batches/:batchId', async (c) => {
    const batchId = Id.safeParse(c.req.param('batchId'));
    if (!batchId.success) throw invalidRequest(zodProblems(batchId.error, ['path', 'batchId']));
    const progress = await escalationBatchProgress(deps.db, batchId.data);
    if (progress === undefined) throw notFound(`no escalation batch ${batchId.data}`);
    const refusedIds = progress.refused.slice(0, BATCH_ROWS_SHOWN).map((r) => r.loanId);
    const [batch, refusedLoans, opened] = await Promise.all([
      deps.db.selectFrom('escalation_batches').select('actor').where('id', '=', batchId.data).executeTakeFirstOrThrow(),
      refusedIds.length === 0
        ? Promise.resolve([])
        : deps.db
            .selectFrom('loans as l')
            .innerJoin('borrowers as b', 'b.id', 'l.borrower_id')
            .select(['l.id as loanId', 'l.contract_number as contractNumber', 'b.name as borrowerName'])
            .where('l.id', 'in', refusedIds)
            .execute(),
      deps.db
        .selectFrom('escalation_batch_items as i')
        .innerJoin('cases as k', 'k.id', 'i.case_id')
        .innerJoin('loans as l', 'l.id', 'i.loan_id')
        .innerJoin('borrowers as b', 'b.id', 'l.borrower_id')
        .select(['i.loan_id as loanId', 'k.id as caseId', 'k.status', 'l.contract_number as contractNumber', 'b.name as borrowerName'])
        .where('i.batch_id', '=', batchId.data)
        .where('i.refusal', 'is', null)
        .orderBy('i.seq')
        .limit(BATCH_ROWS_SHOWN)
        .execute(),
    ]);
    return c.html(
      escalationBatchFragment({
        principal: c.var.principal,
        progress,
        requestedBy: batch.actor,
        loans: new Map(refusedLoans.map((l) => [l.loanId, l])),
        opened,
        shown: BATCH_ROWS_SHOWN,
        statusLabel,
      }),
    );
  });

  app.get('/ui/filing', async (c) => {
    const principal = c.var.principal;
    const [firms, batches] = await Promise.all([
      deps.db
        .selectFrom('cases')
        .innerJoin('law_firms', 'law_firms.id', 'cases.law_firm_id')
        .select(['law_firms.id', 'law_firms.name', (eb) => eb.fn.countAll<string>().as('cases')])
        .where('cases.status', '=', 'handed_off')
        .where(caseVisibleTo(principal))
        .groupBy(['law_firms.id', 'law_firms.name'])
        .orderBy('law_firms.name')
        .execute(),
      recentFilingBatches(deps.db, filingFirmOf(principal), FILING_BATCHES_SHOWN),
    ]);
    return c.html(filingFragment({ principal, firms: firms.map((f) => ({ ...f, cases: Number(f.cases) })), batches }));
  });

  app.get('/ui/filing-batches/:batchId', async (c) => {
    const batchId = Id.safeParse(c.req.param('batchId'));
    if (!batchId.success) throw invalidRequest(zodProblems(batchId.error, ['path', 'batchId']));
    const batch = await filingBatchOf(deps.db, batchId.data, filingFirmOf(c.var.principal));
    if (batch === undefined) throw notFound(`no filing batch ${batchId.data}`);
    const firm = batch.lawFirmId === null ? undefined : await deps.db.selectFrom('law_firms').select('name').where('id', '=', batch.lawFirmId).executeTakeFirst();
    return c.html(filingBatchFragment({ principal: c.var.principal, batchId: batch.batchId, createdAt: batch.createdAt, lawFirmName: firm?.name ?? null, courts: batch.courts }));
  });

  app.get('/ui/cases/:caseId', async (c) => {
    const caseId = Id.safeParse(c.req.param('caseId'));
    if (!caseId.success) throw invalidRequest(zodProblems(caseId.error, ['path', 'caseId']));
    const detail = await deps.caseReads.read(c.var.principal, caseId.data);
    if (detail === undefined) throw notFound(`no case ${caseId.data}`);
    deps.readAudit.record(c, { action: 'case.read', caseId: caseId.data, resource: `case/${caseId.data}`, details: { via: 'web' } });
    const lawFirms = await deps.db.selectFrom('law_firms').select(['id', 'name']).orderBy('name').execute();
    return c.html(caseDetailFragment({ principal: c.var.principal, detail: detail.value, lawFirms }));
  });
  return app;
}
