/**
 * A case whose history grows past its limit continues as new, carrying its state: the case goes
 * on where it was, nothing is recorded twice, and the live query keeps answering. The workflow is
 * started here without a case row (as if the escalation's insert had been lost): its first
 * activity inserts the row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCaseEvent } from '../../src/case/client.ts';
import { CASE_WORKFLOW_TYPE, caseStateQuery, caseWorkflowId, type CaseWorkflowInput } from '../../src/case/contract.ts';
import type { caseWorkflow } from '../../src/case/workflow/workflow.ts';
import { seedLawFirm, seedLender, seedLoan } from '../support/case-data.ts';
import { caseRow, eventTypes, legal, recordHistory, waitForCase } from '../support/cases.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestWorker, type TestWorker } from '../support/temporal.ts';

describe('continue-as-new', () => {
  let database: TestDatabase;
  let worker: TestWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ db: database.db, env: { FIRM_SILENCE_DAYS: '365' } });
    await seedLawFirm(database.db, 'firm-c');
    await seedLender(database.db, 'lender-c', { defaultLawFirmId: 'firm-c' });
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.db.destroy();
  });

  it('carries the case across runs when the history passes its limit', async () => {
    const { db } = database;
    const loanId = await seedLoan(db, worker.store, { loanId: 'loan-long', lenderId: 'lender-c' });
    const caseId = `${loanId}-1`;
    const input: CaseWorkflowInput = {
      caseId,
      loanId,
      lenderId: 'lender-c',
      lawFirmId: null,
      reason: '逾期',
      responseDays: 60,
      escalatedBy: legal,
      escalatedAt: new Date().toISOString(),
      rules: { timerScale: worker.config.rules.timerScale, limitationWarningDays: 90, firmSilenceDays: 365 },
      historyLimit: 40,
    };
    const handle = await worker.client.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW_TYPE, {
      workflowId: caseWorkflowId(caseId),
      taskQueue: worker.config.temporal.taskQueue,
      args: [input],
    });
    await waitForCase(db, caseId, 'demand_issued');
    for (let round = 0; round < 4; round++) {
      expect(await recordCaseEvent(worker.deps, caseId, { type: 'dispute_raised', reason: `异议${round}` }, legal)).toEqual({ caseId, status: 'on_hold' });
      expect(await recordCaseEvent(worker.deps, caseId, { type: 'dispute_resolved' }, legal)).toEqual({ caseId, status: 'demand_issued' });
    }
    const live = await worker.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
    expect([live.status, live.stage, live.nextDeadline?.kind]).toEqual(['demand_issued', 'response_window', 'response_window']);
    const latest = await worker.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
    expect(latest.runId).not.toBe(handle.firstExecutionRunId);

    await recordCaseEvent(worker.deps, caseId, { type: 'withdrawn', reason: '测试结束' }, legal);
    expect(await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result()).toEqual({ caseId, status: 'closed_withdrawn' });
    const types = await eventTypes(db, caseId);
    expect(types.filter((t) => t === 'dispute_raised')).toHaveLength(4);
    expect(types.filter((t) => t === 'escalated' || t === 'demand_issued')).toEqual(['escalated', 'demand_issued']);
    const keys = await db.selectFrom('case_events').select('idempotency_key').where('case_id', '=', caseId).execute();
    expect(new Set(keys.map((k) => k.idempotency_key)).size).toBe(types.length);
    expect((await caseRow(db, caseId)).status).toBe('closed_withdrawn');
    await recordHistory(worker.client, caseWorkflowId(caseId), 'continued-as-new');
  });
});
