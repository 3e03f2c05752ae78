/**
 * Events while a case waits, end to end on the real Temporal dev server and PostgreSQL: payments,
 * repayment plans, disputes, withdrawal. A case day lasts 400 ms (TIMER_SCALE), so response
 * windows and plan instalments fall due for real within the test; deadlines count from the
 * escalation, so the margins below leave room for a loaded machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalate, recordCaseEvent } from '../../src/case/client.ts';
import { CaseConflict } from '../../src/case/errors.ts';
import { addDays } from '../../src/domain/calendar.ts';
import { formatYuan } from '../../src/domain/money.ts';
import { upsertLoan } from '../../src/intake/loans.ts';
import { caseWorkflowId, today } from '../../src/case/contract.ts';
import { overdueLoan, seedLawFirm, seedLender, seedLoan } from '../support/case-data.ts';
import { caseRow, collections, eventTypes, legal, recordHistory, waitForCase, waitForEvent } from '../support/cases.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type FirmWebhook, startFirmWebhook } from '../support/firm-webhook.ts';
import { startTestWorker, type TestWorker, timerScaleFor } from '../support/temporal.ts';
import { Unprocessable } from '../../src/intake/errors.ts';

const DAY_MS = 400;

describe('case events', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let firm: FirmWebhook;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ db: database.db, env: { FIRM_SILENCE_DAYS: '90', TIMER_SCALE: timerScaleFor(DAY_MS) } });
    firm = await startFirmWebhook();
    firm.secret = (await seedLawFirm(database.db, 'firm-e', firm.url)).secret;
    await seedLender(database.db, 'lender-e', { defaultLawFirmId: 'firm-e' });
  });
  afterAll(async () => {
    await worker?.stop();
    await firm?.close();
    await database?.db.destroy();
  });

  /** Escalates a fresh loan and waits for its demand; `escalatedAt` is when the case's deadlines start counting. */
  async function openCase(loanId: string, responseDays: number): Promise<{ caseId: string; escalatedAt: number }> {
    await seedLoan(database.db, worker.store, { loanId, lenderId: 'lender-e' });
    const escalatedAt = Date.now();
    const { caseId } = await escalate(worker.deps, { loanId, reason: '逾期', responseDays }, legal);
    await waitForCase(database.db, caseId, 'demand_issued');
    return { caseId, escalatedAt };
  }

  async function untilDay(escalatedAt: number, day: number): Promise<void> {
    await new Promise((r) => setTimeout(r, Math.max(0, escalatedAt + day * DAY_MS - Date.now())));
  }

  it('closes as paid when the claim is paid in full within the response window; a partial payment only recalculates', async () => {
    const { db } = database;
    const { caseId } = await openCase('loan-paid', 30);
    const owed = (await caseRow(db, caseId)).claim_total_fen!;

    // Refused without a trace: a payment dated tomorrow.
    await expect(recordCaseEvent(worker.deps, caseId, { type: 'payment_received', amount: '100.00', paidAt: addDays(today(), 1) }, collections))
      .rejects.toBeInstanceOf(Unprocessable);
    expect(await db.selectFrom('payments').select('id').where('case_id', '=', caseId).execute()).toEqual([]);

    expect(await recordCaseEvent(worker.deps, caseId, { type: 'payment_received', amount: '1000.00', paidAt: today() }, collections))
      .toEqual({ caseId, status: 'demand_issued' });
    const partial = await caseRow(db, caseId);
    expect(partial.claim_total_fen).toBe(owed - 100_000);

    expect(await recordCaseEvent(worker.deps, caseId, { type: 'payment_received', amount: formatYuan(owed - 100_000), paidAt: today() }, collections))
      .toEqual({ caseId, status: 'closed_paid' });
    expect(await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result()).toEqual({ caseId, status: 'closed_paid' });
    const paid = await caseRow(db, caseId);
    expect([paid.status, paid.claim_total_fen, paid.next_deadline]).toEqual(['closed_paid', 0, null]);
    const payments = await db.selectFrom('payments').select(['amount_fen', 'source']).where('case_id', '=', caseId).orderBy('id').execute();
    expect(payments).toEqual([{ amount_fen: 100_000, source: 'case_event' }, { amount_fen: owed - 100_000, source: 'case_event' }]);
    await expect(recordCaseEvent(worker.deps, caseId, { type: 'dispute_raised', reason: '对金额有异议' }, legal)).rejects.toBeInstanceOf(CaseConflict);
    await recordHistory(worker.client, caseWorkflowId(caseId), 'payment-closed-paid');
  });

  it('counts once a payment reported on the case and later listed in the loan snapshot the lender pushes', async () => {
    const { db } = database;
    const { caseId } = await openCase('loan-twice', 30);
    const owed = (await caseRow(db, caseId)).claim_total_fen!;
    await recordCaseEvent(worker.deps, caseId, { type: 'payment_received', amount: '1000.00', paidAt: today() }, collections);
    expect((await caseRow(db, caseId)).claim_total_fen).toBe(owed - 100_000);

    // The lender's ledger catches up: its next snapshot lists the same payment.
    const snapshot = overdueLoan('lender-e', 'HT-loan-twice');
    await upsertLoan(db, 'loan-twice', { ...snapshot, payments: [...snapshot.payments, { paidAt: today(), amount: '1000.00' }] });
    await recordCaseEvent(worker.deps, caseId, { type: 'payment_received', amount: '500.00', paidAt: today() }, collections);
    expect((await caseRow(db, caseId)).claim_total_fen).toBe(owed - 150_000);
  });

  it('counts a payment by its transaction id: once however often reported, once when the ledger books it on another day', async () => {
    const { db } = database;
    const { caseId } = await openCase('loan-txid', 30);
    const owed = (await caseRow(db, caseId)).claim_total_fen!;
    const payment = { type: 'payment_received', amount: '800.00', paidAt: today(), transactionId: 'TX-loan-txid-1' } as const;
    await recordCaseEvent(worker.deps, caseId, payment, collections);
    // Reported again (another system, a retried webhook with a new id): nothing more is recorded or counted.
    await recordCaseEvent(worker.deps, caseId, payment, collections);
    expect((await caseRow(db, caseId)).claim_total_fen).toBe(owed - 80_000);
    const rows = await db.selectFrom('payments').select(['transaction_id', 'source']).where('loan_id', '=', 'loan-txid').where('source', '<>', 'snapshot').execute();
    expect(rows).toEqual([{ transaction_id: 'TX-loan-txid-1', source: 'case_event' }]);
    expect((await eventTypes(db, caseId)).filter((t) => t === 'payment_received')).toHaveLength(1);

    // The ledger books it the day before under its id (not the same day): still one payment.
    const snapshot = overdueLoan('lender-e', 'HT-loan-txid');
    await upsertLoan(db, 'loan-txid', { ...snapshot, payments: [...snapshot.payments, { paidAt: addDays(today(), -1), amount: '800.00', transactionId: 'TX-loan-txid-1' }] });
    await recordCaseEvent(worker.deps, caseId, { type: 'payment_received', amount: '200.00', paidAt: today() }, collections);
    const after = (await caseRow(db, caseId)).claim_total_fen!;
    // 1,000.00 paid in all; booking it a day earlier only moves where the interest of that day stops.
    expect(owed - after).toBeGreaterThanOrEqual(100_000);
    expect(owed - after).toBeLessThan(101_000);
  });

  it('negotiates under a repayment plan and resumes escalation when an instalment is missed', async () => {
    const { db } = database;
    const { caseId, escalatedAt } = await openCase('loan-plan', 4);
    await recordCaseEvent(worker.deps, caseId, { type: 'demand_delivered', deliveredAt: today(), channel: 'ems' }, legal);
    expect(await recordCaseEvent(worker.deps, caseId, {
      type: 'repayment_plan_agreed',
      installments: [{ dueDate: addDays(today(), 8), amount: '100.00' }, { dueDate: addDays(today(), 12), amount: '100.00' }],
    }, legal)).toEqual({ caseId, status: 'negotiating' });
    // The first instalment is paid; the response window runs out meanwhile, but the plan holds the case.
    expect(await recordCaseEvent(worker.deps, caseId, { type: 'payment_received', amount: '100.00', paidAt: today() }, collections))
      .toEqual({ caseId, status: 'negotiating' });
    const planned = await caseRow(db, caseId);
    expect([planned.next_deadline_kind, planned.next_deadline]).toEqual(['response_window', addDays(today(), 4)]);
    // Instalment 1 is checked when day 9 begins (kept), instalment 2 when day 13 does.
    const kept = await waitForCase(db, caseId, (row) => row.next_deadline === addDays(today(), 12));
    expect([kept.status, kept.next_deadline_kind]).toEqual(['negotiating', 'plan_instalment']);
    expect(Date.now()).toBeLessThan(escalatedAt + 13 * DAY_MS);
    // The second is not: escalation goes on to the lawsuit.
    await waitForCase(db, caseId, 'handed_off');
    const types = await eventTypes(db, caseId);
    expect(types.slice(types.indexOf('repayment_plan_agreed'), types.indexOf('handed_off') + 1)).toEqual([
      'repayment_plan_agreed', 'payment_received', 'response_window_ended', 'repayment_plan_missed', 'evidence_complete', 'law_firm_chosen',
      'packet_generated', 'handed_off',
    ]);
    const missed = await db.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('type', '=', 'repayment_plan_missed').executeTakeFirstOrThrow();
    expect(missed.data).toMatchObject({ instalment: 2, dueFen: 20_000, paidFen: 10_000 });
    // Withdrawn while with the firm (once it has been told of the handoff): the firm is told the case closed.
    await waitForEvent(db, caseId, 'firm_notified');
    await recordCaseEvent(worker.deps, caseId, { type: 'withdrawn', reason: '债务人已与出借人和解' }, legal);
    expect(await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result()).toEqual({ caseId, status: 'closed_withdrawn' });
    await recordHistory(worker.client, caseWorkflowId(caseId), 'plan-missed');
    const closedNotice = firm.deliveries.find((d) => d.type === 'case.closed' && d.body.data.caseId === caseId);
    expect(closedNotice?.verified).toBe(true);
    expect(closedNotice?.body.data.status).toBe('closed_withdrawn');
    const notified = await db.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('type', '=', 'firm_notified').execute();
    expect(notified.map((n) => (n.data as { type: string }).type).sort()).toEqual(['case.closed', 'case.handed_off']);
  });

  it('holds the case while a dispute is open, even past the response window, and goes on when it is resolved', async () => {
    const { db } = database;
    const { caseId, escalatedAt } = await openCase('loan-dispute', 3);
    expect(await recordCaseEvent(worker.deps, caseId, { type: 'dispute_raised', reason: '借款人称已还款' }, legal)).toEqual({ caseId, status: 'on_hold' });
    await expect(recordCaseEvent(worker.deps, caseId, { type: 'dispute_raised', reason: 'again' }, legal)).rejects.toThrow(/already open/);
    await expect(recordCaseEvent(worker.deps, caseId, { type: 'repayment_plan_agreed', installments: [{ dueDate: addDays(today(), 3), amount: '10.00' }] }, legal))
      .rejects.toBeInstanceOf(CaseConflict);
    await recordCaseEvent(worker.deps, caseId, { type: 'demand_delivered', deliveredAt: today(), channel: 'email' }, legal);
    // The window's last day is day 3: it ends when day 4 begins, and the case stays on hold.
    await waitForCase(db, caseId, (row) => row.next_deadline_kind !== 'response_window');
    expect(await eventTypes(db, caseId)).toContain('response_window_ended');
    await untilDay(escalatedAt, 6);
    expect((await caseRow(db, caseId)).status).toBe('on_hold');
    expect(await recordCaseEvent(worker.deps, caseId, { type: 'dispute_resolved', note: '核实未还款' }, legal)).toMatchObject({ caseId });
    await waitForCase(db, caseId, 'handed_off');
    await recordCaseEvent(worker.deps, caseId, { type: 'withdrawn', reason: '测试结束' }, legal);
    await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    await recordHistory(worker.client, caseWorkflowId(caseId), 'dispute-hold-release');
  });

  it('waits for a delivered demand before the lawsuit, and goes on once it is reported', async () => {
    const { db } = database;
    const { caseId } = await openCase('loan-undelivered', 1);
    const waiting = await waitForCase(db, caseId, 'awaiting_evidence');
    expect(waiting.blockers).toEqual([{ code: 'no_delivered_demand', message: expect.any(String) }]);
    expect(await recordCaseEvent(worker.deps, caseId, { type: 'demand_delivered', deliveredAt: today(), channel: 'ems', trackingNumber: 'EMS9' }, legal))
      .toMatchObject({ caseId });
    const handedOff = await waitForCase(db, caseId, 'handed_off');
    expect(handedOff.blockers).toBeNull();
    await recordCaseEvent(worker.deps, caseId, { type: 'withdrawn', reason: '测试结束' }, legal);
    await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    await recordHistory(worker.client, caseWorkflowId(caseId), 'demand-delivered-late');
  });

  it('warns when the limitation period is about to expire', async () => {
    const { db } = database;
    // The last instalment fell due 35 months ago: three years run out in about a month.
    await seedLoan(db, worker.store, { loanId: 'loan-old', lenderId: 'lender-e', startedMonthsAgo: 47 });
    const { caseId } = await escalate(worker.deps, { loanId: 'loan-old', reason: '逾期', responseDays: 30 }, legal);
    await waitForEvent(db, caseId, 'limitation_expiring');
    const row = await waitForCase(db, caseId, 'demand_issued');
    expect(row.limitation_status).toBe('expiring');
    expect(row.limitation_deadline! > today()).toBe(true);
    const warning = await db.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('type', '=', 'limitation_expiring').execute();
    expect(warning.map((w) => w.data)).toEqual([{ deadline: row.limitation_deadline }]);
    await recordCaseEvent(worker.deps, caseId, { type: 'withdrawn', reason: '测试结束' }, legal);
    await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    await recordHistory(worker.client, caseWorkflowId(caseId), 'limitation-warning');
  });

  it('closes as withdrawn, and refuses anything after', async () => {
    const { db } = database;
    const { caseId } = await openCase('loan-withdrawn', 10);
    expect(await recordCaseEvent(worker.deps, caseId, { type: 'withdrawn', reason: '债权已转让' }, legal)).toEqual({ caseId, status: 'closed_withdrawn' });
    expect(await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result()).toEqual({ caseId, status: 'closed_withdrawn' });
    const row = await caseRow(db, caseId);
    expect([row.status, row.next_deadline, row.closed_at !== null]).toEqual(['closed_withdrawn', null, true]);
    await expect(recordCaseEvent(worker.deps, caseId, { type: 'payment_received', amount: '1.00', paidAt: today() }, collections)).rejects.toBeInstanceOf(CaseConflict);
    await recordHistory(worker.client, caseWorkflowId(caseId), 'withdrawn');
  });
});
