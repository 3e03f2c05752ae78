/**
 * The one way the API, the CLI and the collections webhook start an escalation batch and read how
 * it goes. A request is checked whole before anything is written: too many loans or duplicate ids
 * refuse the request (422, nothing stored); each loan is then accepted or refused with its reason
 * (unknown loan, another lender's, not overdue, already escalated / in litigation), and the batch
 * with all its items is written in one transaction that also starts the batch workflow. A repeated
 * `Idempotency-Key` (per requester) returns the same batch; the same key with another request is a
 * conflict (409).
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { type Kysely, sql } from 'kysely';
import type { CaseCommandDeps } from '../case/client.ts';
import { type Actor, actorLabel, today } from '../case/contract.ts';
import { CaseConflict } from '../case/errors.ts';
import type { Database } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { CaseStatus, TERMINAL_CASE_STATUSES } from '../domain/case-status.ts';
import { canonicalSha256 } from '../intake/canonical-hash.ts';
import { Unprocessable } from '../intake/errors.ts';
import {
  type BatchAccepted,
  type BatchProgress,
  type BatchStatus,
  ESCALATION_BATCH_WORKFLOW_TYPE,
  type EscalationBatchInput,
  type EscalationBatchRequest,
  escalationBatchWorkflowId,
  MAX_BATCH_LOANS,
  type RefusalReason,
  type RefusedLoan,
} from './contract.ts';
import { selectLoansFor } from './selection.ts';
import type { escalationBatchWorkflow } from './workflow/workflow.ts';

/** Who asks, for the idempotency key's scope: a principal id, or the collections webhook. */
export interface BatchRequester {
  requestedBy: string;
  idempotencyKey: string;
  actor: Actor;
}

/** Statuses of an open case that mean the lawsuit is already with a court or a firm. */
const LITIGATION: ReadonlySet<string> = new Set(['handed_off', 'in_litigation', 'judgment', 'enforcement']);
const CHUNK = 1000;

/** The stored request: everything but the loan ids (which are the items), plus who asked. */
interface StoredRequest {
  selection?: EscalationBatchRequest['selection'];
  lenderId?: string;
  reason: string;
  lawFirmId: string | null;
  responseDays: number | null;
  actor: Actor;
}

interface Item {
  loanId: string;
  refusal: RefusedLoan | null;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

function listed(ids: readonly string[]): string {
  return ids.length > 20 ? `${ids.slice(0, 20).join(', ')} … (${ids.length} in all)` : ids.join(', ');
}

/**
 * Accepts or refuses each loan: unknown, another lender's, with an open case, or not overdue (no
 * instalment past its due date left unpaid: loan_standings, the figures of the overdue-loan list).
 */
async function judgeLoans(db: Kysely<Database>, loanIds: readonly string[], lenderId: string | undefined): Promise<Item[]> {
  const asOf = today();
  const facts = new Map<string, { lenderId: string; firstUnpaidDueDate: string | null; caseId: string | null; status: string | null }>();
  for (let i = 0; i < loanIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('loans as l')
      .leftJoin('loan_standings as s', 's.loan_id', 'l.id')
      .leftJoin('cases as c', (join) => join.onRef('c.loan_id', '=', 'l.id').on('c.status', 'not in', [...TERMINAL_CASE_STATUSES]))
      .select(['l.id', 'l.lender_id', 'c.id as case_id', 'c.status', sql<string | null>`to_char(s.first_unpaid_due_date, 'YYYY-MM-DD')`.as('first_unpaid')])
      .where('l.id', 'in', loanIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) facts.set(r.id, { lenderId: r.lender_id, firstUnpaidDueDate: r.first_unpaid, caseId: r.case_id, status: r.status });
  }
  return loanIds.map((loanId) => {
    const refuse = (reason: RefusalReason, message: string, caseId?: string): Item => ({
      loanId,
      refusal: { loanId, reason, message, ...(caseId === undefined ? {} : { caseId }) },
    });
    const f = facts.get(loanId);
    if (f === undefined) return refuse('unknown_loan', 'no such loan');
    if (lenderId !== undefined && f.lenderId !== lenderId) return refuse('other_lender', `the loan is not ${lenderId}'s`);
    if (f.caseId !== null && f.status !== null) {
      return LITIGATION.has(f.status)
        ? refuse('already_in_litigation', `case ${f.caseId} is ${f.status}`, f.caseId)
        : refuse('already_escalated', `case ${f.caseId} is open (${f.status})`, f.caseId);
    }
    if (f.firstUnpaidDueDate === null || f.firstUnpaidDueDate >= asOf) return refuse('not_overdue', `no instalment past its due date is unpaid as of ${asOf}`);
    return { loanId, refusal: null };
  });
}

function checkList(loanIds: readonly string[], path: string): void {
  if (loanIds.length > MAX_BATCH_LOANS) {
    throw new Unprocessable(`a batch takes at most ${MAX_BATCH_LOANS} loans; this request has ${loanIds.length}: split it`, [
      { path, message: `${loanIds.length} loans, at most ${MAX_BATCH_LOANS}` },
    ]);
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of loanIds) (seen.has(id) ? duplicates : seen).add(id);
  if (duplicates.size > 0) {
    throw new Unprocessable(`duplicate loan ids: ${listed([...duplicates])}`, [{ path, message: `each loan once; repeated: ${listed([...duplicates])}` }]);
  }
}

/** How the batch workflow paces itself; tests and benchmarks set these, the API leaves BATCH_CONCURRENCY and the workflow's defaults. */
export interface BatchPace {
  concurrency?: number;
  loansPerRun?: number;
}

function workflowInput(batchId: string, stored: StoredRequest, pace: BatchPace): EscalationBatchInput {
  return { batchId, reason: stored.reason, lawFirmId: stored.lawFirmId, responseDays: stored.responseDays, actor: stored.actor, ...pace };
}

/**
 * The batch's local activities (patch batch-local-activities) hold its workflow task open while
 * they run; the SDK completes it at 80% of this timeout to record their results, every 4 s. That
 * stays under the SDK's warning about slow workflow tasks (5 s) and bounds the escalations a killed
 * worker's successor runs again. A continued run keeps it.
 */
const BATCH_WORKFLOW_TASK_TIMEOUT = '5 seconds';

async function startWorkflow(deps: CaseCommandDeps, batchId: string, stored: StoredRequest, pace: BatchPace = {}): Promise<void> {
  try {
    await deps.temporal.workflow.start<typeof escalationBatchWorkflow>(ESCALATION_BATCH_WORKFLOW_TYPE, {
      workflowId: escalationBatchWorkflowId(batchId),
      taskQueue: deps.config.temporal.taskQueue,
      args: [workflowInput(batchId, stored, { concurrency: deps.config.batches.concurrency, ...pace })],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowTaskTimeout: BATCH_WORKFLOW_TASK_TIMEOUT,
    });
  } catch (error) {
    // Finished already: nothing to start.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

async function refusedOf(db: Kysely<Database>, batchId: string): Promise<RefusedLoan[]> {
  const rows = await db
    .selectFrom('escalation_batch_items')
    .select(['loan_id', 'refusal', 'refusal_message', 'case_id'])
    .where('batch_id', '=', batchId)
    .where('refusal', 'is not', null)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    loanId: r.loan_id,
    reason: r.refusal as RefusalReason,
    message: r.refusal_message ?? '',
    ...(r.case_id === null ? {} : { caseId: r.case_id }),
  }));
}

async function existingBatch(deps: CaseCommandDeps, requester: BatchRequester, sha256: string): Promise<BatchAccepted | undefined> {
  const row = await deps.db
    .selectFrom('escalation_batches')
    .select(['id', 'status', 'accepted', 'request_sha256', 'request'])
    .where('requested_by', '=', requester.requestedBy)
    .where('idempotency_key', '=', requester.idempotencyKey)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.request_sha256 !== sha256) throw new CaseConflict(`Idempotency-Key ${requester.idempotencyKey} was already used for a different batch request`);
  // The first attempt may have committed without its start reaching Temporal (USE_EXISTING: a no-op otherwise).
  if (row.status === 'running') await startWorkflow(deps, row.id, row.request as unknown as StoredRequest);
  return { batchId: row.id, status: row.status, accepted: row.accepted, refused: await refusedOf(deps.db, row.id) };
}

/** Accepts a batch (or returns the one this key made) and starts escalating it in the background. */
export async function startEscalationBatch(
  deps: CaseCommandDeps,
  request: EscalationBatchRequest,
  requester: BatchRequester,
  pace: BatchPace = {},
): Promise<BatchAccepted & { created: boolean }> {
  const sha256 = canonicalSha256(request);
  const earlier = await existingBatch(deps, requester, sha256);
  if (earlier) return { ...earlier, created: false };

  if (request.lawFirmId !== undefined) {
    const firm = await deps.db.selectFrom('law_firms').select('id').where('id', '=', request.lawFirmId).executeTakeFirst();
    if (!firm) throw new Unprocessable(`unknown law firm ${request.lawFirmId}`, [{ path: 'lawFirmId', message: 'no such law firm' }]);
  }
  // A lender that does not exist is a typo to correct, not a batch of nothing (a selection) or of refusals (beside ids).
  const lenderId = request.lenderId ?? request.selection?.lenderId;
  if (lenderId !== undefined) {
    const lender = await deps.db.selectFrom('lenders').select('id').where('id', '=', lenderId).executeTakeFirst();
    const path = request.lenderId !== undefined ? 'lenderId' : 'selection.lenderId';
    if (!lender) throw new Unprocessable(`unknown lender ${lenderId}`, [{ path, message: 'no such lender' }]);
  }
  let loanIds: string[];
  if (request.loanIds !== undefined) {
    checkList(request.loanIds, 'loanIds');
    loanIds = request.loanIds;
  } else {
    loanIds = await selectLoansFor(deps.db, request.selection!, MAX_BATCH_LOANS + 1);
    if (loanIds.length > MAX_BATCH_LOANS) {
      throw new Unprocessable(`the selection matches more than ${MAX_BATCH_LOANS} loans: narrow it (e.g. minDaysPastDue, minOutstanding)`, [
        { path: 'selection', message: `more than ${MAX_BATCH_LOANS} loans` },
      ]);
    }
  }
  const items = await judgeLoans(deps.db, loanIds, lenderId);
  const accepted = items.filter((i) => i.refusal === null).length;
  const stored: StoredRequest = {
    ...(request.selection ? { selection: request.selection } : {}),
    ...(request.lenderId ? { lenderId: request.lenderId } : {}),
    reason: request.reason,
    lawFirmId: request.lawFirmId ?? null,
    responseDays: request.responseDays ?? null,
    actor: requester.actor,
  };
  const batchId = `eb-${randomUUID()}`;
  try {
    // In the caller's transaction when there is one (the webhook's): never a second pooled session.
    await inTransaction(deps.db, async (tx) => {
      await tx
        .insertInto('escalation_batches')
        .values({
          id: batchId,
          requested_by: requester.requestedBy,
          idempotency_key: requester.idempotencyKey,
          request_sha256: sha256,
          request: JSON.stringify(stored),
          actor: actorLabel(requester.actor),
          accepted,
          workflow_id: escalationBatchWorkflowId(batchId),
        })
        .execute();
      for (let i = 0; i < items.length; i += CHUNK) {
        await tx
          .insertInto('escalation_batch_items')
          .values(
            items.slice(i, i + CHUNK).map((item, j) => ({
              batch_id: batchId,
              seq: i + j + 1,
              loan_id: item.loanId,
              refusal: item.refusal?.reason ?? null,
              refusal_message: item.refusal?.message ?? null,
              case_id: item.refusal?.caseId ?? null,
            })),
          )
          .execute();
      }
      await startWorkflow(deps, batchId, stored, pace);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await existingBatch(deps, requester, sha256);
      if (winner) return { ...winner, created: false };
    }
    throw error;
  }
  return { batchId, status: 'running', accepted, refused: items.flatMap((i) => (i.refusal ? [i.refusal] : [])), created: true };
}

/** Where the batch stands: its cases by status, how many are done, and every loan refused with its reason. */
export async function escalationBatchProgress(db: Kysely<Database>, batchId: string): Promise<BatchProgress | undefined> {
  const batch = await db
    .selectFrom('escalation_batches')
    .select(['id', 'status', 'accepted', 'created_at', 'completed_at'])
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (batch === undefined) return undefined;
  const [byStatus, done, refused, blocked] = await Promise.all([
    db
      .selectFrom('escalation_batch_items as i')
      .leftJoin('cases as c', 'c.id', 'i.case_id')
      .select((eb) => [sql<string>`coalesce(c.status, 'pending')`.as('status'), eb.fn.countAll<string>().as('n')])
      .where('i.batch_id', '=', batchId)
      .where('i.refusal', 'is', null)
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom('escalation_batch_items')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('batch_id', '=', batchId)
      .where('done_at', 'is not', null)
      .executeTakeFirstOrThrow(),
    refusedOf(db, batchId),
    db
      .selectFrom('escalation_batch_items as i')
      .innerJoin('cases as c', 'c.id', 'i.case_id')
      .select(['i.loan_id', 'c.id', 'c.blockers'])
      .where('i.batch_id', '=', batchId)
      .where('i.refusal', 'is', null)
      .where('c.status', '=', 'awaiting_evidence')
      .orderBy('i.seq')
      .execute(),
  ]);
  const counts: BatchProgress['counts'] = {};
  for (const row of byStatus) {
    const status = row.status === 'pending' ? 'pending' : CaseStatus.parse(row.status);
    counts[status] = Number(row.n);
  }
  const evidence: RefusedLoan[] = blocked.map((b) => ({
    loanId: b.loan_id,
    reason: 'evidence_blocker',
    message: (b.blockers ?? []).map((x) => x.message).join('; ') || 'evidence incomplete',
    caseId: b.id,
  }));
  return {
    batchId: batch.id,
    status: batch.status as BatchStatus,
    accepted: batch.accepted,
    refused: [...refused, ...evidence],
    progress: { done: Number(done.n), total: batch.accepted },
    counts,
    createdAt: batch.created_at.toISOString(),
    completedAt: batch.completed_at?.toISOString() ?? null,
  };
}
