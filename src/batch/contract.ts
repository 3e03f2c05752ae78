/**
 * The escalation batch's contract: what the API, the CLI, the collections webhook, the batch
 * workflow and its activities exchange. A leaf like the case contract: it imports only the domain,
 * the case contract's vocabulary and Temporal's definition helpers.
 *
 * A batch is a list of loans fixed when it is accepted (an explicit list, or a selection resolved
 * into one at that moment), stored in PostgreSQL with one item per loan; the workflow reads the
 * items page by page and escalates each through the case client, so its history never holds the
 * list and a crash resumes where the items say it stopped.
 */
import { z } from 'zod';
import type { CaseStatus } from '../domain/case-status.ts';
import { YuanAmount } from '../domain/input-rules.ts';
import { type Actor, EscalationRequest } from '../case/contract.ts';

/** Most loans one batch takes: a longer list is refused whole (422), never half accepted. */
export const MAX_BATCH_LOANS = 20_000;

const LoanId = EscalationRequest.shape.loanId;

/** Which loans a selection picks: the lender's loans overdue at least so long and so much, not already escalated. */
export const LoanSelection = z.strictObject({
  lenderId: z.string().min(1).max(64).optional(),
  minDaysPastDue: z.number().int().min(1).max(36_500).optional(),
  /** Minimum outstanding principal, yuan. */
  minOutstanding: YuanAmount.optional(),
  /** Only loans without an open case (the default and only supported value: a batch never reaches open cases). */
  notEscalated: z.literal(true).optional(),
});
export type LoanSelection = z.infer<typeof LoanSelection>;

/**
 * A batch request: loan ids or a selection, with the escalation fields of every case.
 * Duplicate ids are refused (422 listing them), never silently dropped. `lenderId` beside
 * `loanIds` makes every loan of another lender a per-loan refusal (the CLI's `--lender`).
 */
export const EscalationBatchRequest = z
  .strictObject({
    loanIds: z.array(LoanId).min(1).optional(),
    selection: LoanSelection.optional(),
    lenderId: z.string().min(1).max(64).optional(),
    reason: EscalationRequest.shape.reason,
    lawFirmId: EscalationRequest.shape.lawFirmId,
    responseDays: EscalationRequest.shape.responseDays,
  })
  .refine((r) => (r.loanIds === undefined) !== (r.selection === undefined), {
    message: 'give either loanIds or selection',
    path: ['loanIds'],
  });
export type EscalationBatchRequest = z.infer<typeof EscalationBatchRequest>;

/** Why a loan of a batch gets no case from it. */
export const RefusalReason = z.enum([
  'unknown_loan',
  'other_lender',
  'not_overdue',
  'already_escalated',
  'already_in_litigation',
  'evidence_blocker',
  'escalation_failed',
]);
export type RefusalReason = z.infer<typeof RefusalReason>;

export interface RefusedLoan {
  loanId: string;
  reason: RefusalReason;
  message: string;
  /** The case concerned (the open one for already_*, the blocked one for evidence_blocker). */
  caseId?: string;
}

export type BatchStatus = 'running' | 'completed';

/** The answer to a batch request (POST and the webhook): the loans accepted and those refused at once. */
export interface BatchAccepted {
  batchId: string;
  status: BatchStatus;
  accepted: number;
  refused: RefusedLoan[];
}

/** The batch as `GET /v1/escalation-batches/{batchId}` shows it. */
export interface BatchProgress extends BatchAccepted {
  progress: { done: number; total: number };
  /** Accepted loans by the status of their case; `pending` = not escalated yet. */
  counts: Partial<Record<CaseStatus | 'pending', number>>;
  createdAt: string;
  completedAt: string | null;
}

// ---- ids and names ----

export const ESCALATION_BATCH_WORKFLOW_TYPE = 'escalationBatchWorkflow';

export function escalationBatchWorkflowId(batchId: string): string {
  return `escalation-batch-${batchId}`;
}

/** What the batch workflow starts with (and carries over continue-as-new). */
export interface EscalationBatchInput {
  batchId: string;
  reason: string;
  lawFirmId: string | null;
  responseDays: number | null;
  actor: Actor;
  /** The items up to this sequence number were handled by earlier runs. */
  afterSeq?: number;
  /** Escalations in flight at once (BATCH_CONCURRENCY; 16 for batches started before it was set). */
  concurrency?: number;
  /** Loans per run before continuing as new (default 500). */
  loansPerRun?: number;
}

/** One loan of the batch still to escalate. */
export interface PendingBatchLoan {
  seq: number;
  loanId: string;
}

export interface EscalateBatchLoan {
  batchId: string;
  seq: number;
  loanId: string;
  reason: string;
  lawFirmId: string | null;
  responseDays: number | null;
  actor: Actor;
}

/** The activities the batch workflow reaches I/O through. */
export interface BatchActivities {
  pendingBatchLoans(input: { batchId: string; afterSeq: number; limit: number }): Promise<PendingBatchLoan[]>;
  /** Escalates one loan (idempotent: one open case per loan) and records the case, or the refusal, on its item. */
  escalateBatchLoan(input: EscalateBatchLoan): Promise<{ caseId: string | null }>;
  completeBatch(input: { batchId: string }): Promise<void>;
}
