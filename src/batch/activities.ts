/**
 * The batch workflow's activities: read the pending items, escalate one loan through the case
 * client (idempotent: `escalate()` answers a loan with an open case with that case) and record the
 * result on the item, mark the batch completed.
 *
 * The batch paces itself on its cases: a loan's escalation returns once its case has left
 * `assembling_evidence` (its demand issued, or what it lacks shown), or after PACE_LIMIT_MS. So
 * the batch's concurrency is the number of cases making their first documents at once, not merely
 * of workflow starts: ten thousand loans flow through at the rate the workers render, each case's
 * workflow stays in the worker's cache while it is busy, and nothing waits in a queue long
 * enough to time out.
 */
import { Context } from '@temporalio/activity';
import { type CaseCommandDeps, escalate } from '../case/client.ts';
import { CaseConflict } from '../case/errors.ts';
import { Unprocessable } from '../intake/errors.ts';
import type { BatchActivities } from './contract.ts';

/** Within the activity's start-to-close timeout (30 s): pacing is a courtesy, never a reason to retry. */
const PACE_LIMIT_MS = 20_000;
const PACE_POLL_MS = 500;

/** Waits until the case has left `assembling_evidence` (its case row written and moved on), at most PACE_LIMIT_MS. */
async function caseLeftIntake(db: CaseCommandDeps['db'], caseId: string): Promise<void> {
  const until = Date.now() + PACE_LIMIT_MS;
  while (Date.now() < until) {
    const row = await db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirst();
    if (row !== undefined && row.status !== 'assembling_evidence') return;
    // A local activity (the batch since patch batch-local-activities) has no heartbeat to send.
    const context = Context.current();
    if (!context.info.isLocal) context.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, PACE_POLL_MS));
  }
}

export function createBatchActivities(deps: CaseCommandDeps): BatchActivities {
  const { db } = deps;
  return {
    async pendingBatchLoans({ batchId, afterSeq, limit }) {
      const rows = await db
        .selectFrom('escalation_batch_items')
        .select(['seq', 'loan_id'])
        .where('batch_id', '=', batchId)
        .where('seq', '>', afterSeq)
        .where('refusal', 'is', null)
        .where('done_at', 'is', null)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ seq: r.seq, loanId: r.loan_id }));
    },

    async escalateBatchLoan(input) {
      const item = db.updateTable('escalation_batch_items').where('batch_id', '=', input.batchId).where('seq', '=', input.seq);
      try {
        const ref = await escalate(
          deps,
          {
            loanId: input.loanId,
            reason: input.reason,
            ...(input.lawFirmId === null ? {} : { lawFirmId: input.lawFirmId }),
            ...(input.responseDays === null ? {} : { responseDays: input.responseDays }),
          },
          input.actor,
        );
        await item.set({ case_id: ref.caseId, done_at: new Date() }).execute();
        await caseLeftIntake(db, ref.caseId);
        return { caseId: ref.caseId };
      } catch (error) {
        // The loan or firm changed since the batch was accepted: the loan is refused, the batch goes on.
        if (error instanceof Unprocessable || error instanceof CaseConflict) {
          await item.set({ refusal: 'escalation_failed', refusal_message: error.message, done_at: new Date() }).execute();
          return { caseId: null };
        }
        throw error;
      }
    },

    async completeBatch({ batchId }) {
      await db
        .updateTable('escalation_batches')
        .set({ status: 'completed', completed_at: new Date() })
        .where('id', '=', batchId)
        .where('status', '=', 'running')
        .execute();
    },
  };
}
