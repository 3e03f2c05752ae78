/**
 * Reading what a case's activities compute from: the loan snapshot as pushed (plus payments
 * recorded on the case since), the lender's cap rule and claim conventions, and the events that interrupt limitation.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { chinaDate } from '../../domain/calendar.ts';
import { calculateClaim } from '../../domain/claim-calculation.ts';
import type { ClaimCalculation } from '../../domain/claim.ts';
import { ClaimConventions, claimConventionsOf } from '../../domain/claim-conventions.ts';
import { DEFAULT_INTEREST_CAP, InterestCapRule } from '../../domain/interest-cap.ts';
import { type InterruptionEvent, limitationStatus, type LimitationStatus } from '../../domain/limitation.ts';
import { LoanSnapshot } from '../../domain/loan-snapshot.ts';
import { formatYuan } from '../../domain/money.ts';
import { reconcilePayments } from '../../domain/payment-reconciliation.ts';
import { badData } from './failures.ts';

type Reader = Kysely<Database> | Transaction<Database>;

export interface CaseFacts {
  caseId: string;
  loanId: string;
  lenderId: string;
  responseDays: number;
  /** The snapshot with the case's own payments (recorded after the snapshot was pushed) added. */
  loan: LoanSnapshot;
  cap: InterestCapRule;
  /** The lender's claim conventions, defaults filled in. */
  conventions: Required<ClaimConventions>;
  interruptions: InterruptionEvent[];
  /** Date the demand letter was issued (an accelerated claim falls due then), if it was. */
  demandIssuedOn: string | null;
}

/**
 * Payments: the snapshot's own, plus those recorded on the loan by this service (case events,
 * collections webhooks) that the snapshot does not list (`reconcilePayments`). Rows with source
 * 'snapshot' mirror the snapshot and are not read here.
 */
export async function loadCaseFacts(db: Reader, caseId: string): Promise<CaseFacts> {
  const row = await db
    .selectFrom('cases')
    .innerJoin('loans', 'loans.id', 'cases.loan_id')
    .innerJoin('lenders', 'lenders.id', 'cases.lender_id')
    .select(['cases.id', 'cases.loan_id', 'cases.lender_id', 'cases.response_days', 'loans.snapshot', 'lenders.interest_cap', 'lenders.claim_conventions'])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw badData(`case ${caseId} has no case row, loan or lender`);
  const snapshot = LoanSnapshot.safeParse(row.snapshot);
  if (!snapshot.success) throw badData(`loan ${row.loan_id}: the stored snapshot is not valid: ${snapshot.error.issues[0]?.message ?? ''}`);
  const cap = InterestCapRule.safeParse(row.interest_cap);
  const conventions = ClaimConventions.safeParse(row.claim_conventions);

  const recorded = await db
    .selectFrom('payments')
    .select(['paid_on', 'amount_fen', 'transaction_id'])
    .where('loan_id', '=', row.loan_id)
    .where('source', '<>', 'snapshot')
    .execute();
  const payments = reconcilePayments(
    snapshot.data.payments,
    recorded.map((p) => ({ paidAt: p.paid_on, amount: formatYuan(p.amount_fen), ...(p.transaction_id !== null ? { transactionId: p.transaction_id } : {}) })),
  );

  const events = await db
    .selectFrom('case_events')
    .select(['type', 'occurred_at', 'data'])
    .where('case_id', '=', caseId)
    .where('type', 'in', ['demand_issued', 'demand_delivered', 'repayment_plan_agreed', 'filed'])
    .orderBy('id')
    .execute();
  const interruptions: InterruptionEvent[] = payments.map((p) => ({ type: 'payment', date: p.paidAt }));
  let demandIssuedOn: string | null = null;
  for (const event of events) {
    const data = event.data as Record<string, string>;
    if (event.type === 'demand_issued') demandIssuedOn ??= data.issuedOn ?? chinaDate(event.occurred_at.getTime());
    else if (event.type === 'demand_delivered' && data.deliveredAt) interruptions.push({ type: 'demand_delivered', date: data.deliveredAt });
    else if (event.type === 'repayment_plan_agreed') interruptions.push({ type: 'repayment_plan', date: chinaDate(event.occurred_at.getTime()) });
    else if (event.type === 'filed' && data.date) interruptions.push({ type: 'lawsuit', date: data.date });
  }
  return {
    caseId,
    loanId: row.loan_id,
    lenderId: row.lender_id,
    responseDays: row.response_days,
    loan: { ...snapshot.data, payments },
    cap: cap.success ? cap.data : DEFAULT_INTEREST_CAP,
    conventions: claimConventionsOf(conventions.success ? conventions.data : undefined),
    interruptions,
    demandIssuedOn,
  };
}

/** Whether a claim as of `asOf` accelerates, as calculateClaim decides it (clause, and principal not yet due), without calculating it. */
export function acceleratesAt(facts: CaseFacts, asOf: string): boolean {
  return facts.loan.contract.accelerationClause === true && facts.loan.schedule.some((entry) => entry.dueDate > asOf);
}

export function claimOf(facts: CaseFacts, asOf: string): ClaimCalculation {
  try {
    return calculateClaim(facts.loan, asOf, { cap: facts.cap, ...facts.conventions });
  } catch (error) {
    // The snapshot passed validation at intake; a calculation that still fails is a data problem to fix, not to retry.
    throw badData(`loan ${facts.loanId}: the claim cannot be calculated: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The limitation status of the case's claim. `accelerated`: whether the claim calls the remaining
 * principal due (then the whole debt fell due when the demand said so, or at asOf).
 */
export function limitationOf(facts: CaseFacts, accelerated: boolean, asOf: string, warningDays: number): LimitationStatus {
  const lastDueDate = facts.loan.schedule[facts.loan.schedule.length - 1]!.dueDate;
  return limitationStatus({
    lastDueDate,
    acceleratedOn: accelerated ? (facts.demandIssuedOn ?? asOf) : null,
    events: facts.interruptions,
    asOf,
    warningDays,
  });
}

/** Serialises the claim writers of one case: each reads payments and writes the claim under the row's lock. */
export async function lockCase(tx: Transaction<Database>, caseId: string): Promise<void> {
  await sql`SELECT 1 FROM cases WHERE id = ${caseId} FOR UPDATE`.execute(tx);
}
