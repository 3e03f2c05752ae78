/**
 * What the legal team reads about loans: the overdue-loan list (`selectOverdueLoans`, personal
 * data masked) and one loan with its schedule, payments, evidence on file and cases. The OpenAPI
 * schemas come first; the types are derived from them.
 */
import { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { CaseStatus } from '../../domain/case-status.ts';
import { formatYuan, parseYuan } from '../../domain/money.ts';
import { type OverdueLoan, selectOverdueLoans } from '../../loans/overdue-loans.ts';
import { maskIdNumber, maskPhone } from '../../privacy/masking.ts';
import { Id } from '../openapi.ts';

const Yuan = (example: string) => z.string().openapi({ description: 'yuan', example });
const OpenCase = z.object({ id: z.string(), status: CaseStatus }).nullable();
const MaskedBorrower = z.object({
  name: z.string(),
  idNumber: z.string().openapi({ example: '110101********1234' }),
  phone: z.string().openapi({ example: '138****0000' }),
});

export const OverdueLoanSummary = z
  .object({
    loanId: z.string(),
    lender: z.object({ id: z.string(), name: z.string() }),
    contractNumber: z.string(),
    borrower: MaskedBorrower,
    principal: Yuan('12000.00'),
    outstandingPrincipal: Yuan('9032.87').openapi({
      description: 'yuan: the principal disbursed less the principal that payments settled, oldest instalment first, interest before principal',
    }),
    firstUnpaidDueDate: z.string(),
    daysPastDue: z.number().int().openapi({ description: 'days from the oldest unsettled due date to today (China)' }),
    openCase: OpenCase,
  })
  .openapi('OverdueLoanSummary');

export const OverdueLoanList = z
  .object({ loans: z.array(OverdueLoanSummary), nextCursor: z.string().nullable().openapi({ description: 'pass as cursor for the next page' }) })
  .openapi('OverdueLoanList');

/** `true`/`false` in a query string (z.coerce.boolean would take "false" as true). */
const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
const QueryYuan = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount in yuan, e.g. 5000 or 5000.00')
  .transform((v) => parseYuan(v));

export const LoanQuery = z.strictObject({
  lenderId: Id.optional(),
  minDaysPastDue: z.coerce.number().int().min(1).max(36_500).optional(),
  minOutstanding: QueryYuan.optional().openapi({ description: 'yuan: at least this much principal outstanding', type: 'string' }),
  escalated: QueryBoolean.optional().openapi({ description: 'true: only loans with an open case; false: only loans without', type: 'string' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(400).optional(),
});
export type LoanQuery = z.infer<typeof LoanQuery>;

export const LoanDetail = z
  .object({
    loanId: z.string(),
    lender: z.object({ id: z.string(), name: z.string() }),
    contractNumber: z.string(),
    borrower: MaskedBorrower,
    principal: z.string(),
    annualRate: z.string(),
    termMonths: z.number().int(),
    repaymentMethod: z.string(),
    disbursementDate: z.string(),
    maturityDate: z.string(),
    outstandingPrincipal: z.string().nullable(),
    paid: z.string().nullable(),
    firstUnpaidDueDate: z.string().nullable(),
    schedule: z.array(z.object({ period: z.number().int(), dueDate: z.string(), principal: z.string(), interest: z.string() })),
    payments: z.array(z.object({ paidOn: z.string(), amount: z.string(), source: z.enum(['snapshot', 'case_event', 'webhook']) })),
    contractFileOnFile: z.boolean(),
    contactRecordCount: z.number().int(),
    cases: z.array(z.object({ id: z.string(), status: CaseStatus, createdAt: z.string(), closedAt: z.string().nullable() })),
  })
  .openapi('LoanDetail');
export type LoanDetail = z.infer<typeof LoanDetail>;
export type OverdueLoanSummary = z.infer<typeof OverdueLoanSummary>;

/** One overdue loan as lists show it: ID number and phone masked. */
export function toLoanSummary(loan: OverdueLoan): OverdueLoanSummary {
  return {
    loanId: loan.loanId,
    lender: { id: loan.lenderId, name: loan.lenderName },
    contractNumber: loan.contractNumber,
    borrower: { name: loan.borrower.name, idNumber: maskIdNumber(loan.borrower.idNumber), phone: maskPhone(loan.borrower.phone) },
    principal: formatYuan(loan.principalFen),
    outstandingPrincipal: formatYuan(loan.outstandingPrincipalFen),
    firstUnpaidDueDate: loan.firstUnpaidDueDate,
    daysPastDue: loan.daysPastDue,
    openCase: loan.openCase,
  };
}

export async function listOverdueLoans(db: Kysely<Database>, query: LoanQuery): Promise<z.infer<typeof OverdueLoanList>> {
  const page = await selectOverdueLoans(db, {
    limit: query.limit,
    ...(query.lenderId === undefined ? {} : { lenderId: query.lenderId }),
    ...(query.minDaysPastDue === undefined ? {} : { minDaysPastDue: query.minDaysPastDue }),
    ...(query.minOutstanding === undefined ? {} : { minOutstandingFen: query.minOutstanding }),
    ...(query.escalated === undefined ? {} : { escalated: query.escalated }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return { loans: page.loans.map(toLoanSummary), nextCursor: page.nextCursor };
}

/** One loan, or undefined when there is none. Personal data masked: the case file is where it shows in full. */
export async function readLoan(db: Kysely<Database>, loanId: string): Promise<LoanDetail | undefined> {
  const loan = await db
    .selectFrom('loans as l')
    .innerJoin('lenders', 'lenders.id', 'l.lender_id')
    .innerJoin('borrowers as b', 'b.id', 'l.borrower_id')
    .leftJoin('loan_standings as s', 's.loan_id', 'l.id')
    .select([
      'l.id',
      'l.lender_id',
      'lenders.name as lender_name',
      'l.contract_number',
      'b.name as borrower_name',
      'b.id_number',
      'b.phone',
      'l.principal_fen',
      'l.annual_rate',
      'l.term_months',
      'l.repayment_method',
      'l.disbursement_date',
      'l.maturity_date',
      's.outstanding_principal_fen',
      's.paid_fen',
      's.first_unpaid_due_date',
    ])
    .where('l.id', '=', loanId)
    .executeTakeFirst();
  if (loan === undefined) return undefined;
  const [schedule, payments, contract, contacts, cases] = await Promise.all([
    db.selectFrom('schedule_entries').selectAll().where('loan_id', '=', loanId).orderBy('period').execute(),
    db.selectFrom('payments').select(['paid_on', 'amount_fen', 'source']).where('loan_id', '=', loanId).orderBy('paid_on').orderBy('id').execute(),
    db.selectFrom('contract_files').select('sha256').where('loan_id', '=', loanId).limit(1).executeTakeFirst(),
    db.selectFrom('contact_records').select((eb) => eb.fn.countAll<string>().as('n')).where('loan_id', '=', loanId).executeTakeFirstOrThrow(),
    db.selectFrom('cases').select(['id', 'status', 'created_at', 'closed_at']).where('loan_id', '=', loanId).orderBy('created_at').execute(),
  ]);
  return {
    loanId: loan.id,
    lender: { id: loan.lender_id, name: loan.lender_name },
    contractNumber: loan.contract_number,
    borrower: { name: loan.borrower_name, idNumber: maskIdNumber(loan.id_number), phone: maskPhone(loan.phone) },
    principal: formatYuan(loan.principal_fen),
    annualRate: loan.annual_rate,
    termMonths: loan.term_months,
    repaymentMethod: loan.repayment_method,
    disbursementDate: loan.disbursement_date,
    maturityDate: loan.maturity_date,
    outstandingPrincipal: loan.outstanding_principal_fen === null ? null : formatYuan(loan.outstanding_principal_fen),
    paid: loan.paid_fen === null ? null : formatYuan(loan.paid_fen),
    firstUnpaidDueDate: loan.first_unpaid_due_date,
    schedule: schedule.map((e) => ({ period: e.period, dueDate: e.due_date, principal: formatYuan(e.principal_fen), interest: formatYuan(e.interest_fen) })),
    payments: payments.map((p) => ({ paidOn: p.paid_on, amount: formatYuan(p.amount_fen), source: p.source })),
    contractFileOnFile: contract !== undefined,
    contactRecordCount: Number(contacts.n),
    cases: cases.map((c) => ({ id: c.id, status: c.status, createdAt: c.created_at.toISOString(), closedAt: c.closed_at?.toISOString() ?? null })),
  };
}
