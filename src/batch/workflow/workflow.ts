/**
 * The escalation batch workflow (deterministic): reads the batch's pending loans page by page and
 * escalates each through an activity that calls the case client's `escalate()`, at most
 * `concurrency` at once. Every `loansPerRun` loans it continues as new with the sequence number
 * reached, so its history stays short however long the batch. A worker that dies mid-batch costs
 * nothing: the activities in flight run again, and `escalate()` answers a loan that already has
 * its case with that case (one open case per loan); items already done are not read again.
 *
 * Since patch `batch-sliding-window` the lanes never wait for a page to finish: the next page is
 * read while the lanes still have a round of loans queued, so `concurrency` escalations stay in
 * flight from the first loan of a run to its last. Runs that started before it keep the page by
 * page loop (each page's slowest loans held the next page back) and continue as new on the new one.
 *
 * Since patch `batch-local-activities` the batch's steps (a page read, a loan's escalation, the
 * completion) are local activities: they run in the worker that holds the batch, each recorded as
 * one marker in its history, with no activity task through the Temporal server and back and no
 * workflow task per result. A loan's escalation is a few rows and a workflow start, which is what
 * local activities are for; per loan it spared the server an activity task and most of a workflow
 * task. A worker killed mid-batch loses the markers of its open workflow task (the SDK records them
 * every 4 s, at 80% of the batch's 5 s task timeout): the successor runs those escalations again,
 * and they answer with the cases they opened.
 */
import { continueAsNew, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { BatchActivities, EscalationBatchInput, PendingBatchLoan } from '../contract.ts';

const DEFAULT_CONCURRENCY = 16;
const DEFAULT_LOANS_PER_RUN = 500;
const PAGE = 100;
const SLIDING_WINDOW = 'batch-sliding-window';
const LOCAL_ACTIVITIES = 'batch-local-activities';

/** An escalation is a row and a workflow start: 30 s is ample, and a dead worker's loans are retried within that. */
const BATCH_STEP = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
const remoteSteps = proxyActivities<BatchActivities>(BATCH_STEP);
const localSteps = proxyLocalActivities<BatchActivities>(BATCH_STEP);

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

/** One run's work: its batch's pending loans after sequence number `from`, at most `limit` of them, `concurrency` at once. */
interface RunPlan {
  steps: BatchActivities;
  batchId: string;
  from: number;
  limit: number;
  concurrency: number;
  escalate: (loan: PendingBatchLoan) => Promise<unknown>;
}

/** Where a run stopped: the last sequence number it read, and whether it stopped at `loansPerRun` (more may be pending). */
interface RunOutcome {
  afterSeq: number;
  full: boolean;
}

/**
 * Escalates the run's loans with `concurrency` lanes. The next page is read as soon as fewer than
 * a round of loans is queued, while the lanes work on, so a lane waits for a page only when the
 * reading has fallen behind; the run ends when every loan it read is done.
 */
async function escalateSliding({ steps, batchId, from, limit, concurrency, escalate }: RunPlan): Promise<RunOutcome> {
  const queue: PendingBatchLoan[] = [];
  let afterSeq = from;
  let read = 0;
  let exhausted = false;
  let reading: Promise<void> | null = null;
  const readNext = (): Promise<void> =>
    (reading ??= (async () => {
      const want = Math.min(PAGE, limit - read);
      const page = await steps.pendingBatchLoans({ batchId, afterSeq, limit: want });
      queue.push(...page);
      read += page.length;
      if (page.length > 0) afterSeq = page[page.length - 1]!.seq;
      if (page.length < want) exhausted = true;
      reading = null;
    })());
  const moreToRead = () => !exhausted && read < limit;
  const lane = async (): Promise<void> => {
    for (;;) {
      if (queue.length < concurrency && moreToRead()) void readNext();
      const loan = queue.shift();
      if (loan !== undefined) await escalate(loan);
      else if (reading !== null) await reading;
      else return;
    }
  };
  await readNext();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { afterSeq, full: read >= limit };
}

/** The loop of runs started before patch batch-sliding-window: a page at a time, each page finished before the next is read. */
async function escalateByPage({ steps, batchId, from, limit, concurrency, escalate }: RunPlan): Promise<RunOutcome> {
  let afterSeq = from;
  let handled = 0;
  while (handled < limit) {
    const page: PendingBatchLoan[] = await steps.pendingBatchLoans({ batchId, afterSeq, limit: Math.min(PAGE, limit - handled) });
    if (page.length === 0) return { afterSeq, full: false };
    await inParallel(page, concurrency, escalate);
    afterSeq = page[page.length - 1]!.seq;
    handled += page.length;
  }
  return { afterSeq, full: true };
}

export async function escalationBatchWorkflow(input: EscalationBatchInput): Promise<void> {
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  const loansPerRun = input.loansPerRun ?? DEFAULT_LOANS_PER_RUN;
  const run = patched(SLIDING_WINDOW) ? escalateSliding : escalateByPage;
  const steps = patched(LOCAL_ACTIVITIES) ? localSteps : remoteSteps;
  const escalate = (loan: PendingBatchLoan) =>
    steps.escalateBatchLoan({
      batchId: input.batchId,
      seq: loan.seq,
      loanId: loan.loanId,
      reason: input.reason,
      lawFirmId: input.lawFirmId,
      responseDays: input.responseDays,
      actor: input.actor,
    });
  const { afterSeq, full } = await run({ steps, batchId: input.batchId, from: input.afterSeq ?? 0, limit: loansPerRun, concurrency, escalate });
  if (full) await continueAsNew<typeof escalationBatchWorkflow>({ ...input, afterSeq });
  await steps.completeBatch({ batchId: input.batchId });
}
