/**
 * What the legal team and lawyers read about cases, straight from PostgreSQL (the workflow keeps
 * these rows current): no Temporal round trip on a read. Every query goes through `caseVisibleTo`.
 */
import { z } from '@hono/zod-openapi';
import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, Principal } from '../../db/schema.ts';
import { CaseStatus } from '../../domain/case-status.ts';
import { DOCUMENT_FORMATS } from '../../domain/documents.ts';
import { formatYuan } from '../../domain/money.ts';
import { caseVisibleTo, personalDataShown } from '../access.ts';
import { maskIdNumber, maskPhone } from '../../privacy/masking.ts';
import { stepFailingOf } from './step-failing.ts';
import { Id } from '../openapi.ts';

// ---- what a reader gets (the OpenAPI schemas; the types are derived from them) ----

const Party = z.object({ id: z.string(), name: z.string() });
const LimitationStatus = z.enum(['ok', 'expiring', 'expired']).nullable();

export const CaseSummary = z
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

export const CaseList = z.object({ cases: z.array(CaseSummary), limit: z.number().int(), offset: z.number().int() }).openapi('CaseList');

export const CaseDetail = CaseSummary.extend({
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
      format: z.enum(DOCUMENT_FORMATS),
      name: z.string(),
      version: z.number().int(),
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

export type CaseSummary = z.infer<typeof CaseSummary>;
export type CaseDetail = z.infer<typeof CaseDetail>;
export type CaseFilters = z.infer<typeof CaseQuery>;


function baseQuery(db: Kysely<Database>, principal: Principal) {
  return db
    .selectFrom('cases')
    .innerJoin('loans', 'loans.id', 'cases.loan_id')
    .innerJoin('borrowers', 'borrowers.id', 'loans.borrower_id')
    .innerJoin('lenders', 'lenders.id', 'cases.lender_id')
    .leftJoin('law_firms', 'law_firms.id', 'cases.law_firm_id')
    .select([
      'cases.id',
      'cases.status',
      'cases.loan_id',
      'loans.contract_number',
      'lenders.id as lender_id',
      'lenders.name as lender_name',
      'law_firms.id as law_firm_id',
      'law_firms.name as law_firm_name',
      'borrowers.name as borrower_name',
      'borrowers.id_number',
      'borrowers.phone',
      'cases.claim_total_fen',
      'cases.claim_as_of',
      'cases.limitation_deadline',
      'cases.limitation_status',
      'cases.next_deadline',
      'cases.next_deadline_kind',
      'cases.stale',
      'cases.updated_at',
    ])
    .where(caseVisibleTo(principal));
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow, shown: 'full' | 'masked'): CaseSummary {
  return {
    id: row.id,
    status: row.status,
    loanId: row.loan_id,
    contractNumber: row.contract_number,
    lender: { id: row.lender_id, name: row.lender_name },
    lawFirm: row.law_firm_id === null || row.law_firm_name === null ? null : { id: row.law_firm_id, name: row.law_firm_name },
    borrower: {
      name: row.borrower_name,
      idNumber: shown === 'full' ? row.id_number : maskIdNumber(row.id_number),
      phone: shown === 'full' ? row.phone : maskPhone(row.phone),
    },
    claimTotal: row.claim_total_fen === null ? null : formatYuan(row.claim_total_fen),
    claimAsOf: row.claim_as_of,
    limitationDeadline: row.limitation_deadline,
    limitationStatus: row.limitation_status,
    nextDeadline: row.next_deadline === null ? null : { date: row.next_deadline, kind: row.next_deadline_kind },
    stale: row.stale,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Cases the principal may see, most recently changed first, with personal data masked. */
export async function listCases(db: Kysely<Database>, principal: Principal, filters: CaseFilters): Promise<CaseSummary[]> {
  let query = baseQuery(db, principal);
  if (filters.status !== undefined) query = query.where('cases.status', '=', filters.status);
  if (filters.lenderId !== undefined) query = query.where('cases.lender_id', '=', filters.lenderId);
  if (filters.lawFirmId !== undefined) query = query.where('cases.law_firm_id', '=', filters.lawFirmId);
  const rows = await query.orderBy('cases.updated_at', 'desc').orderBy('cases.id').limit(filters.limit).offset(filters.offset).execute();
  const shown = personalDataShown(principal, 'list');
  return rows.map((row) => toSummary(row, shown));
}

/**
 * One case with its timeline and documents, in one round trip (the timeline and documents come
 * as JSON arrays), or undefined when it does not exist or is not visible to the principal.
 */
export async function readCase(db: Kysely<Database>, principal: Principal, caseId: string): Promise<CaseDetail | undefined> {
  const row = await baseQuery(db, principal)
    .select((eb) => [
      'cases.reason',
      'cases.response_days',
      'borrowers.address',
      'loans.principal_fen',
      'loans.disbursement_date',
      'loans.maturity_date',
      'loans.repayment_method',
      'cases.claim',
      'cases.blockers',
      'cases.court',
      'cases.court_case_number',
      'cases.escalated_by',
      'cases.created_at',
      'cases.closed_at',
      // Inside JSON, timestamps arrive as text: typed as what they are, turned into ISO below.
      jsonArrayFrom(
        eb
          .selectFrom('case_events')
          .select([
            'case_events.id',
            'case_events.type',
            sql<string>`case_events.occurred_at`.as('occurred_at'),
            sql<string>`case_events.recorded_at`.as('recorded_at'),
            'case_events.actor',
            'case_events.data',
          ])
          .whereRef('case_events.case_id', '=', 'cases.id')
          .orderBy('case_events.id'),
      ).as('events'),
      jsonArrayFrom(
        eb
          .selectFrom('documents')
          .select([
            'documents.id',
            'documents.type',
            'documents.format',
            'documents.name',
            'documents.version',
            'documents.sha256',
            'documents.size',
            sql<string>`documents.created_at`.as('created_at'),
          ])
          .whereRef('documents.case_id', '=', 'cases.id')
          .orderBy('documents.created_at')
          .orderBy('documents.id'),
      ).as('documents'),
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const iso = (text: string) => new Date(text).toISOString();
  const shown = personalDataShown(principal, 'detail');
  const summary = toSummary(row, shown);
  return {
    ...summary,
    borrower: { ...summary.borrower, address: shown === 'full' ? row.address : null },
    reason: row.reason,
    responseDays: row.response_days,
    loan: {
      principal: formatYuan(row.principal_fen),
      disbursementDate: row.disbursement_date,
      maturityDate: row.maturity_date,
      repaymentMethod: row.repayment_method,
    },
    claim: row.claim,
    blockers: row.blockers,
    stepFailing: stepFailingOf(row.blockers, row.events.map((e) => ({ type: e.type, occurredAt: iso(e.occurred_at), data: e.data }))),
    court: row.court,
    courtCaseNumber: row.court_case_number,
    escalatedBy: row.escalated_by,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    timeline: row.events.map((e) => ({
      id: e.id,
      type: e.type,
      occurredAt: iso(e.occurred_at),
      recordedAt: iso(e.recorded_at),
      actor: e.actor,
      data: e.data,
    })),
    documents: row.documents.map((d) => ({
      id: d.id,
      type: d.type,
      format: d.format,
      name: d.name,
      version: d.version,
      sha256: d.sha256,
      size: d.size,
      createdAt: iso(d.created_at),
    })),
  };
}
