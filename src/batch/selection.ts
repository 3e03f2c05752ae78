/**
 * A batch's selection resolved into the loan ids it picks at the moment the batch is accepted,
 * through the overdue-loan list query (the same figures `GET /v1/loans` shows), page by page.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { parseYuan } from '../domain/money.ts';
import { selectOverdueLoans } from '../loans/overdue-loans.ts';
import type { LoanSelection } from './contract.ts';

const PAGE = 1000;

/** Up to `limit` loan ids the selection picks, most overdue first (the caller refuses a selection that reaches the limit). */
export async function selectLoansFor(db: Kysely<Database>, selection: LoanSelection, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await selectOverdueLoans(db, {
      ...(selection.lenderId === undefined ? {} : { lenderId: selection.lenderId }),
      ...(selection.minDaysPastDue === undefined ? {} : { minDaysPastDue: selection.minDaysPastDue }),
      ...(selection.minOutstanding === undefined ? {} : { minOutstandingFen: parseYuan(selection.minOutstanding) }),
      // A batch never reaches loans with an open case: those would only be refused.
      escalated: false,
      limit: Math.min(PAGE, limit - ids.length),
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const loan of page.loans) ids.push(loan.loanId);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && ids.length < limit);
  return ids;
}
