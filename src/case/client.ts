import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { type Kysely, sql } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { isTerminalCaseStatus, TERMINAL_CASE_STATUSES } from '../domain/case-status.ts';
import {
  type Actor,
  actorLabel,
  CASE_CONFLICT,
  CASE_WORKFLOW_TYPE,
  type CaseEventInput,
  caseEventUpdate,
  type CaseRef,
  caseStateQuery,
  CaseStatusAttribute,
  type CaseView,
  caseWorkflowId,
  type CaseWorkflowInput,
  type EscalationRequest,
  evidenceSuppliedSignal,
  type HandoffRequest,
  handoffUpdate,
  LenderIdAttribute,
  type MilestoneInput,
  milestoneUpdate,
  today,
  UNPROCESSABLE,
} from './contract.ts';
import { eventDataProblem, milestoneDataProblem } from './workflow/event-data.ts';
import type { caseWorkflow } from './workflow/workflow.ts';
import { CaseConflict, CaseNotFound } from './errors.ts';
import { Unprocessable } from '../intake/errors.ts';

export type { CaseRef };

/**
 * The one way the API and the collections webhook act on cases. Each command validates against the
 * database, then starts the case's workflow or sends it an update; errors are those of `errors.ts`.
 * State rules (which event a case takes now) live in the workflow, whose update validators answer
 * before anything is recorded, so a refused command changes nothing.
 */
export interface CaseCommandDeps {
  config: Config;
  db: Kysely<Database>;
  temporal: Client;
}

export interface CommandOptions {
  /**
   * The caller's idempotency key (e.g. the webhook id): a repeated command with the same key is
   * answered once by the workflow (within one run of its history).
   */
  requestId?: string;
}

/** The loan's open case (at most one: the one-active-case index), if it has one. */
export async function openCaseOf(db: Kysely<Database>, loanId: string): Promise<CaseRef | undefined> {
  const row = await db
    .selectFrom('cases')
    .select(['id', 'status'])
    .where('loan_id', '=', loanId)
    .where('status', 'not in', [...TERMINAL_CASE_STATUSES])
    .executeTakeFirst();
  return row ? { caseId: row.id, status: row.status } : undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/**
 * Opens a case for the loan and starts its workflow, or returns the loan's open case. The case id
 * is `<loanId>-<n>`, n = 1 + the loan's earlier (closed) cases, so a loan can be escalated again
 * after its case closed. The row is inserted and the workflow started in one database
 * transaction: if Temporal refuses or is unreachable the row is rolled back and the caller can
 * retry; a concurrent escalation of the same loan meets the one-active-case index and returns
 * the case that won. (Should the commit fail after the start, the workflow's first activity
 * inserts the row itself.) Called with a transaction (the webhook's), every query runs in it: a
 * command never holds one pooled session while waiting for another.
 */
export async function escalate(deps: CaseCommandDeps, request: EscalationRequest, actor: Actor): Promise<CaseRef & { created: boolean }> {
  const { db, config, temporal } = deps;
  const existing = await openCaseOf(db, request.loanId);
  if (existing) return { ...existing, created: false };

  const loan = await db
    .selectFrom('loans')
    .innerJoin('lenders', 'lenders.id', 'loans.lender_id')
    .select(['loans.id', 'loans.lender_id', 'lenders.response_days'])
    .where('loans.id', '=', request.loanId)
    .executeTakeFirst();
  if (!loan) throw new Unprocessable(`unknown loan ${request.loanId}`, [{ path: 'loanId', message: 'no such loan' }]);
  if (request.lawFirmId !== undefined) {
    const firm = await db.selectFrom('law_firms').select('id').where('id', '=', request.lawFirmId).executeTakeFirst();
    if (!firm) throw new Unprocessable(`unknown law firm ${request.lawFirmId}`, [{ path: 'lawFirmId', message: 'no such law firm' }]);
  }
  const responseDays = request.responseDays ?? loan.response_days ?? config.rules.defaultResponseDays;

  try {
    return await inTransaction(db, async (tx) => {
      const earlier = await tx
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('loan_id', '=', request.loanId)
        .executeTakeFirstOrThrow();
      const caseId = `${request.loanId}-${Number(earlier.n) + 1}`;
      const workflowId = caseWorkflowId(caseId);
      const escalatedAt = new Date().toISOString();
      const inserted = await tx
        .insertInto('cases')
        .values({
          id: caseId,
          loan_id: request.loanId,
          lender_id: loan.lender_id,
          workflow_id: workflowId,
          status: 'assembling_evidence',
          reason: request.reason,
          response_days: responseDays,
          escalated_by: actorLabel(actor),
          created_at: escalatedAt,
        })
        // A concurrent escalation of the loan won (its commit is awaited by the insert): answer with its case.
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted === undefined) {
        const winner = await openCaseOf(tx, request.loanId);
        if (winner) return { ...winner, created: false };
        throw new CaseConflict(`case ${caseId} was opened concurrently; retry`);
      }
      const input: CaseWorkflowInput = {
        caseId,
        loanId: request.loanId,
        lenderId: loan.lender_id,
        lawFirmId: request.lawFirmId ?? null,
        reason: request.reason,
        responseDays,
        escalatedBy: actor,
        escalatedAt,
        rules: {
          timerScale: config.rules.timerScale,
          limitationWarningDays: config.rules.limitationWarningDays,
          firmSilenceDays: config.rules.firmSilenceDays,
          notificationRetrySeconds: config.firmWebhooks.retrySeconds,
        },
      };
      await temporal.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: config.temporal.taskQueue,
        args: [input],
        // A start racing another for the same id joins it; a closed case's id is never reused.
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: CaseStatusAttribute, value: 'assembling_evidence' },
          { key: LenderIdAttribute, value: loan.lender_id },
        ],
      });
      return { caseId, status: 'assembling_evidence' as const, created: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await openCaseOf(db, request.loanId);
      if (winner) return { ...winner, created: false };
    }
    throw error;
  }
}

async function caseWorkflowOf(db: Kysely<Database>, caseId: string): Promise<{ workflowId: string; status: CaseRef['status'] }> {
  const row = await db.selectFrom('cases').select(['workflow_id', 'status']).where('id', '=', caseId).executeTakeFirst();
  if (!row) throw new CaseNotFound(`no case ${caseId}`);
  if (isTerminalCaseStatus(row.status)) throw new CaseConflict(`the case is ${row.status}`);
  return { workflowId: row.workflow_id, status: row.status };
}

/** Sends an update to the case's workflow and translates its refusals into the commands' errors. */
async function update<C>(
  deps: CaseCommandDeps,
  workflowId: string,
  definition: UpdateDefinition<CaseRef, [C]>,
  command: C,
  options: CommandOptions,
): Promise<CaseRef> {
  try {
    return await deps.temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(definition, { args: [command], ...(options.requestId ? { updateId: options.requestId } : {}) });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      if (error.cause.type === CASE_CONFLICT) throw new CaseConflict(error.cause.message);
      if (error.cause.type === UNPROCESSABLE) throw new Unprocessable(error.cause.message);
    }
    // The row said open, the workflow has finished: the row is about to catch up.
    if (error instanceof WorkflowNotFoundError) throw new CaseConflict('the case is closed');
    throw error;
  }
}

export async function recordCaseEvent(
  deps: CaseCommandDeps,
  caseId: string,
  event: CaseEventInput,
  actor: Actor,
  options: CommandOptions = {},
): Promise<CaseRef> {
  const { workflowId } = await caseWorkflowOf(deps.db, caseId);
  const problem = eventDataProblem(event, today());
  if (problem !== undefined) throw new Unprocessable(problem);
  return update(deps, workflowId, caseEventUpdate, { event, actor }, options);
}

export async function recordMilestone(
  deps: CaseCommandDeps,
  caseId: string,
  milestone: MilestoneInput,
  actor: Actor,
  options: CommandOptions = {},
): Promise<CaseRef> {
  const { workflowId } = await caseWorkflowOf(deps.db, caseId);
  const problem = milestoneDataProblem(milestone, today());
  if (problem !== undefined) throw new Unprocessable(problem);
  return update(deps, workflowId, milestoneUpdate, { milestone, actor }, options);
}

export async function handOff(
  deps: CaseCommandDeps,
  caseId: string,
  request: HandoffRequest,
  actor: Actor,
  options: CommandOptions = {},
): Promise<CaseRef> {
  const { workflowId } = await caseWorkflowOf(deps.db, caseId);
  const firm = await deps.db.selectFrom('law_firms').select('id').where('id', '=', request.lawFirmId).executeTakeFirst();
  if (!firm) throw new Unprocessable(`unknown law firm ${request.lawFirmId}`, [{ path: 'lawFirmId', message: 'no such law firm' }]);
  return update(deps, workflowId, handoffUpdate, { lawFirmId: request.lawFirmId, actor }, options);
}

/**
 * Tells the loan's open case, if any, that its evidence changed (loan updated, contract uploaded,
 * contact records added), so that a case waiting in awaiting_evidence checks again. Returns the
 * case told, or null when the loan has no open case.
 */
export async function evidenceChanged(deps: CaseCommandDeps, loanId: string, actor: Actor, note?: string): Promise<string | null> {
  const open = await openCaseOf(deps.db, loanId);
  if (!open) return null;
  await deps.temporal.workflow
    .getHandle(caseWorkflowId(open.caseId))
    .signal(evidenceSuppliedSignal, { actor, ...(note === undefined ? {} : { note }) });
  return open.caseId;
}

/**
 * Tells every open case of a lender, or of a law firm (handed to it, earmarked for it at
 * escalation, or of a lender whose default firm it is), that the party's data changed, so that a
 * case missing a datum of that party checks again. Returns the cases told.
 */
export async function partyDataChanged(
  deps: CaseCommandDeps,
  party: { lenderId: string } | { lawFirmId: string },
  actor: Actor,
  note: string,
): Promise<string[]> {
  let query = deps.db
    .selectFrom('cases')
    .innerJoin('lenders', 'lenders.id', 'cases.lender_id')
    .select('cases.id')
    .where('cases.status', 'not in', ['closed_paid', 'closed_withdrawn', 'closed']);
  if ('lenderId' in party) query = query.where('cases.lender_id', '=', party.lenderId);
  else {
    const firm = party.lawFirmId;
    query = query.where((eb) =>
      eb.or([
        eb('cases.law_firm_id', '=', firm),
        eb('lenders.default_law_firm_id', '=', firm),
        eb.exists(
          eb
            .selectFrom('case_events')
            .select('case_events.id')
            .whereRef('case_events.case_id', '=', 'cases.id')
            .where('case_events.type', '=', 'escalated')
            .where(sql<boolean>`case_events.data ->> 'lawFirmId' = ${firm}`),
        ),
      ]),
    );
  }
  const ids = (await query.orderBy('cases.id').execute()).map((r) => r.id);
  const BATCH = 20;
  for (let i = 0; i < ids.length; i += BATCH) {
    await Promise.all(
      ids.slice(i, i + BATCH).map((caseId) => deps.temporal.workflow.getHandle(caseWorkflowId(caseId)).signal(evidenceSuppliedSignal, { actor, note })),
    );
  }
  return ids;
}

/** The live state of the case from its workflow (the read model in `cases` serves lists and pages). */
export async function liveCaseState(deps: CaseCommandDeps, caseId: string): Promise<CaseView> {
  const row = await deps.db.selectFrom('cases').select('workflow_id').where('id', '=', caseId).executeTakeFirst();
  if (!row) throw new CaseNotFound(`no case ${caseId}`);
  return deps.temporal.workflow.getHandle(row.workflow_id).query(caseStateQuery);
}
