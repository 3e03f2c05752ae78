/**
 * The escalation batch workflow (deterministic): reads the batch's pending loans page by page and
 * escalates each through an activity that calls the case client's `escalate()`, at most
 * `concurrency` at once. Every `loansPerRun` loans it continues as new with the sequence number
 * reached, so its history stays short however long the batch. A worker that dies mid-batch costs
 * nothing: the activities in flight run again, and `escalate()` answers a loan that already has
 * its case with that case (one open case per loan); items already done are not read again.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { BatchActivities, EscalationBatchInput, PendingBatchLoan } from '../contract.ts';

const DEFAULT_CONCURRENCY = 16;
const DEFAULT_LOANS_PER_RUN = 500;
const PAGE = 100;

/** An escalation is a row and a workflow start: 30 s is ample, and a dead worker's loans are retried within that. */
const batch = proxyActivities<BatchActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Runs `work` over `items` with at most `limit` in flight (deterministic: same order on replay). */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export async function escalationBatchWorkflow(input: EscalationBatchInput): Promise<void> {
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  const loansPerRun = input.loansPerRun ?? DEFAULT_LOANS_PER_RUN;
  let afterSeq = input.afterSeq ?? 0;
  let handled = 0;
  for (;;) {
    if (handled >= loansPerRun) await continueAsNew<typeof escalationBatchWorkflow>({ ...input, afterSeq });
    const page: PendingBatchLoan[] = await batch.pendingBatchLoans({
      batchId: input.batchId,
      afterSeq,
      limit: Math.min(PAGE, loansPerRun - handled),
    });
    if (page.length === 0) break;
    await inParallel(page, concurrency, (loan) =>
      batch.escalateBatchLoan({
        batchId: input.batchId,
        seq: loan.seq,
        loanId: loan.loanId,
        reason: input.reason,
        lawFirmId: input.lawFirmId,
        responseDays: input.responseDays,
        actor: input.actor,
      }),
    );
    afterSeq = page[page.length - 1]!.seq;
    handled += page.length;
  }
  await batch.completeBatch({ batchId: input.batchId });
}
