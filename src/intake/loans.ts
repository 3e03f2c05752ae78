import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LoanSnapshot } from '../domain/loan-snapshot.ts';
import { validateLoan } from '../domain/loan-validation.ts';
import { parseYuan } from '../domain/money.ts';
import { canonicalSha256 } from './canonical-hash.ts';
import { lockRecord, type UpsertOutcome } from './upsert.ts';
import { Unprocessable } from './errors.ts';

export interface LoanUpsertResult {
  loanId: string;
  version: number;
  outcome: UpsertOutcome;
  snapshotSha256: string;
}

/**
 * Stores a loan snapshot the collections system pushed, in one transaction: the borrower (one
 * row per resident ID, updated to the newest data), the loan's columns and the whole snapshot,
 * its schedule, and the payments the snapshot lists (payments recorded through case events are
 * kept). The version goes up only when the snapshot's content changes, so pushing the same
 * snapshot again (in any key order) writes nothing.
 *
 * A snapshot that is inconsistent (ID checksum, schedule sums, dates out of order…) or names an
 * unknown lender is refused with every problem listed, and nothing is written.
 */
export async function upsertLoan(db: Kysely<Database>, loanId: string, snapshot: LoanSnapshot): Promise<LoanUpsertResult> {
  const problems = validateLoan(snapshot);
  if (problems.length > 0) throw new Unprocessable('the loan snapshot is inconsistent', problems);
  const sha256 = canonicalSha256(snapshot);

  // A caller's transaction (the webhook's) is joined rather than nested, so the loan and its
  // caller's bookkeeping commit together.
  const work = async (trx: Kysely<Database>): Promise<LoanUpsertResult> => {
    const lender = await trx.selectFrom('lenders').select('id').where('id', '=', snapshot.lenderId).executeTakeFirst();
    if (lender === undefined) throw new Unprocessable('the loan cannot be accepted', [{ path: 'lenderId', message: `no lender ${snapshot.lenderId}` }]);

    await lockRecord(trx, 'loan', loanId);
    const existing = await trx.selectFrom('loans').select(['snapshot_sha256', 'version']).where('id', '=', loanId).executeTakeFirst();
    if (existing?.snapshot_sha256 === sha256) return { loanId, version: existing.version, outcome: 'unchanged', snapshotSha256: sha256 };

    const borrowerId = await upsertBorrower(trx, snapshot.borrower);
    const { contract, disbursement } = snapshot;
    const columns = {
      lender_id: snapshot.lenderId,
      borrower_id: borrowerId,
      contract_number: contract.number,
      signed_at: contract.signedAt,
      signed_place: contract.signedPlace ?? null,
      principal_fen: parseYuan(contract.principal),
      annual_rate: contract.annualRate,
      penalty_rate_markup: contract.penaltyRateMarkup,
      compound_interest: contract.compoundInterest,
      term_months: contract.termMonths,
      start_date: contract.startDate,
      maturity_date: contract.maturityDate,
      repayment_method: contract.repaymentMethod,
      jurisdiction_court: contract.jurisdictionCourt ?? null,
      online_signed: contract.onlineSigned,
      acceleration_clause: contract.accelerationClause ?? false,
      disbursement_date: disbursement.date,
      disbursement_fen: parseYuan(disbursement.amount),
      snapshot: JSON.stringify(snapshot),
      snapshot_sha256: sha256,
    };
    const version = existing === undefined ? 1 : existing.version + 1;
    if (existing === undefined) {
      await trx.insertInto('loans').values({ id: loanId, ...columns, version }).execute();
    } else {
      await trx.updateTable('loans').set({ ...columns, version, updated_at: sql`now()` }).where('id', '=', loanId).execute();
    }

    await trx.deleteFrom('schedule_entries').where('loan_id', '=', loanId).execute();
    await trx
      .insertInto('schedule_entries')
      .values(
        snapshot.schedule.map((entry) => ({
          loan_id: loanId,
          period: entry.period,
          due_date: entry.dueDate,
          principal_fen: parseYuan(entry.principal),
          interest_fen: parseYuan(entry.interest),
        })),
      )
      .execute();

    await trx.deleteFrom('payments').where('loan_id', '=', loanId).where('source', '=', 'snapshot').execute();
    if (snapshot.payments.length > 0) {
      await trx
        .insertInto('payments')
        .values(
          snapshot.payments.map((p) => ({
            loan_id: loanId,
            paid_on: p.paidAt,
            amount_fen: parseYuan(p.amount),
            source: 'snapshot' as const,
            transaction_id: p.transactionId ?? null,
          })),
        )
        .execute();
    }
    return { loanId, version, outcome: existing === undefined ? 'created' : 'updated', snapshotSha256: sha256 };
  };
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

async function upsertBorrower(trx: Kysely<Database>, borrower: LoanSnapshot['borrower']): Promise<string> {
  const values = {
    name: borrower.name,
    gender: borrower.gender,
    birth_date: borrower.birthDate,
    ethnicity: borrower.ethnicity ?? null,
    id_type: borrower.idType,
    phone: borrower.phone,
    address: borrower.address,
    email: borrower.email ?? null,
  };
  const row = await trx
    .insertInto('borrowers')
    .values({ id_number: borrower.idNumber, ...values })
    .onConflict((oc) => oc.column('id_number').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
