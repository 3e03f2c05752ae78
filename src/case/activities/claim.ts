/**
 * The claim of a case, kept current in the read model: recalculated when the case needs it (demand,
 * packet, a delivered demand) and after every payment, which also decides whether the case is paid.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ClaimCalculation } from '../../domain/claim.ts';
import type { LimitationStatus } from '../../domain/limitation.ts';
import { type CaseFacts, claimOf, limitationOf, loadCaseFacts, lockCase } from './case-facts.ts';
import type { ClaimSummary, PaymentOutcome, PaymentRecord } from '../contract.ts';
import { insertEvents } from './case-record.ts';
import { badData } from './failures.ts';

async function writeClaim(tx: Transaction<Database>, facts: CaseFacts, claim: ClaimCalculation, limitation: LimitationStatus): Promise<ClaimSummary> {
  await tx
    .updateTable('cases')
    .set({
      claim_total_fen: claim.totals.totalFen,
      claim_as_of: claim.asOf,
      claim: JSON.stringify(claim),
      limitation_deadline: limitation.deadline,
      limitation_status: limitation.status,
      updated_at: new Date(),
    })
    .where('id', '=', facts.caseId)
    .execute();
  return { totalFen: claim.totals.totalFen, asOf: claim.asOf, limitationDeadline: limitation.deadline, limitationStatus: limitation.status };
}

export function claimActivities(db: Kysely<Database>, limitationWarningDays: number) {
  return {
    /** Recalculates the claim and the limitation deadline as of `asOf` and shows them on the case. */
    async calculateCaseClaim(input: { caseId: string; asOf: string }): Promise<ClaimSummary> {
      return db.transaction().execute(async (tx) => {
        await lockCase(tx, input.caseId);
        const facts = await loadCaseFacts(tx, input.caseId);
        const claim = claimOf(facts, input.asOf);
        return writeClaim(tx, facts, claim, limitationOf(facts, claim.accelerated, input.asOf, limitationWarningDays));
      });
    },

    /**
     * Records a payment reported on the case (once, however often retried: the payment row is
     * written only with its event, whose key is unique; once per transaction id, however often
     * reported) and recalculates. Full payment means the
     * claim as of the payment day, interest and penalty accrued to that day included, is covered.
     */
    async recordPayment(input: PaymentRecord): Promise<PaymentOutcome> {
      return db.transaction().execute(async (tx) => {
        await lockCase(tx, input.caseId);
        const before = await loadCaseFacts(tx, input.caseId);
        if (input.paidOn < before.loan.disbursement.date) {
          throw badData(`paidAt ${input.paidOn} is before the loan was disbursed (${before.loan.disbursement.date})`);
        }
        // A transaction id reported before by another event (not a retry of this one) is that payment again: nothing is recorded.
        const retry = await tx.selectFrom('case_events').select('id').where('idempotency_key', '=', input.event.key).executeTakeFirst();
        const alreadyReported =
          retry === undefined &&
          input.transactionId !== undefined &&
          (await tx.selectFrom('payments').select('id').where('loan_id', '=', before.loanId).where('transaction_id', '=', input.transactionId).where('source', '<>', 'snapshot').executeTakeFirst()) !== undefined;
        if (!alreadyReported && (await insertEvents(tx, input.caseId, [input.event])) > 0) {
          await tx
            .insertInto('payments')
            .values({ loan_id: before.loanId, paid_on: input.paidOn, amount_fen: input.amountFen, source: 'case_event', case_id: input.caseId, transaction_id: input.transactionId ?? null })
            .execute();
        }
        const facts = await loadCaseFacts(tx, input.caseId);
        const onPaymentDay = claimOf(facts, input.paidOn);
        const asOf = input.asOf > input.paidOn ? input.asOf : input.paidOn;
        const current = asOf === input.paidOn ? onPaymentDay : claimOf(facts, asOf);
        const claim = await writeClaim(tx, facts, current, limitationOf(facts, current.accelerated, asOf, limitationWarningDays));
        return { remainingFen: Math.max(0, onPaymentDay.totals.totalFen), claim, ...(alreadyReported ? { alreadyReported } : {}) };
      });
    },
  };
}
