/**
 * Evidence that is not there yet, and the handoff to a law firm: which firm, its notification
 * (signed, retried until acknowledged), a firm that goes silent. Real Temporal, real PostgreSQL;
 * a case day lasts 200 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalate, evidenceChanged, handOff, recordCaseEvent, recordMilestone } from '../../src/case/client.ts';
import { caseWorkflowId, today } from '../../src/case/contract.ts';
import { upsertLoan } from '../../src/intake/loans.ts';
import { attachContract, overdueLoan, seedLawFirm, seedLender, seedLoan } from '../support/case-data.ts';
import { caseRow, collections, eventTypes, lawyer, legal, recordHistory, waitForCase, waitForEvent } from '../support/cases.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type FirmWebhook, startFirmWebhook } from '../support/firm-webhook.ts';
import { startTestWorker, type TestWorker } from '../support/temporal.ts';
import { compact, pdfText } from '../unit/documents/helpers.ts';
import { Unprocessable } from '../../src/intake/errors.ts';

describe('evidence and handoff', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let firm: FirmWebhook;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ db: database.db, env: { FIRM_SILENCE_DAYS: '365' } });
    firm = await startFirmWebhook();
    await seedLender(database.db, 'lender-h');
  });
  afterAll(async () => {
    await worker?.stop();
    await firm?.close();
    await database?.db.destroy();
  });

  it('waits in awaiting_evidence while the signed contract is missing, and goes on when it is supplied', async () => {
    const { db } = database;
    const loanId = await seedLoan(db, worker.store, { loanId: 'loan-nocontract', lenderId: 'lender-h', contract: false });
    const { caseId } = await escalate(worker.deps, { loanId, reason: '逾期', responseDays: 20 }, legal);
    const waiting = await waitForCase(db, caseId, 'awaiting_evidence');
    expect(waiting.blockers).toEqual([{ code: 'no_signed_contract', message: expect.any(String) }]);
    // Told of a change that does not help: it checks again and keeps waiting.
    expect(await evidenceChanged(worker.deps, loanId, collections, 'contact records added')).toBe(caseId);
    await waitForEvent(db, caseId, 'evidence_incomplete', 2);
    expect((await caseRow(db, caseId)).status).toBe('awaiting_evidence');

    await attachContract(db, worker.store, loanId);
    await evidenceChanged(worker.deps, loanId, collections, 'contract uploaded');
    const issued = await waitForCase(db, caseId, 'demand_issued');
    expect(issued.blockers).toBeNull();
    expect(await eventTypes(db, caseId)).toEqual(['escalated', 'evidence_incomplete', 'evidence_supplied', 'evidence_incomplete', 'evidence_supplied', 'evidence_complete', 'demand_issued']);
    await recordCaseEvent(worker.deps, caseId, { type: 'withdrawn', reason: '测试结束' }, legal);
    await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    await recordHistory(worker.client, caseWorkflowId(caseId), 'evidence-awaited');
  });

  it('waits for a firm when none is registered, hands off to the one assigned, and retries its webhook until acknowledged', async () => {
    const { db } = database;
    const loanId = await seedLoan(db, worker.store, { loanId: 'loan-nofirm', lenderId: 'lender-h' });
    // responseDays 0: the demand period ran before escalation, the lawsuit follows the letter.
    const { caseId } = await escalate(worker.deps, { loanId, reason: '逾期', responseDays: 0 }, legal);
    const waiting = await waitForCase(db, caseId, (row) => row.blockers !== null);
    expect([waiting.status, waiting.blockers]).toEqual(['preparing_lawsuit', [{ code: 'no_law_firm', message: expect.any(String) }]]);

    await expect(handOff(worker.deps, caseId, { lawFirmId: 'firm-missing' }, legal)).rejects.toBeInstanceOf(Unprocessable);
    firm.secret = (await seedLawFirm(db, 'firm-h', firm.url)).secret;
    firm.refuseNext = 1;
    expect(await handOff(worker.deps, caseId, { lawFirmId: 'firm-h' }, legal)).toEqual({ caseId, status: 'preparing_lawsuit' });
    const handedOff = await waitForCase(db, caseId, 'handed_off');
    expect(handedOff.law_firm_id).toBe('firm-h');
    // Refused once (503), delivered again with the same webhook id after the retry's backoff.
    await firm.waitFor((d) => d.filter((x) => x.type === 'case.handed_off').length === 2);
    const notices = firm.deliveries.filter((d) => d.type === 'case.handed_off');
    expect(new Set(notices.map((d) => d.webhookId)).size).toBe(1);
    expect(notices.every((d) => d.verified)).toBe(true);
    await waitForEvent(db, caseId, 'firm_notified');
    expect(await eventTypes(db, caseId)).toEqual([
      'escalated', 'evidence_complete', 'demand_issued', 'evidence_complete', 'handoff_waiting', 'law_firm_assigned', 'law_firm_chosen', 'packet_generated',
      'handed_off', 'firm_notified',
    ]);
    // Reassigned after the handoff: the new firm sees the case, gets a power of attorney naming it,
    // and is notified under a new webhook id once that exists.
    const other = await startFirmWebhook();
    try {
      other.secret = (await seedLawFirm(db, 'firm-h2', other.url)).secret;
      expect(await handOff(worker.deps, caseId, { lawFirmId: 'firm-h2' }, legal)).toEqual({ caseId, status: 'handed_off' });
      expect((await caseRow(db, caseId)).law_firm_id).toBe('firm-h2');
      await other.waitFor((d) => d.some((x) => x.type === 'case.handed_off' && x.verified));
      expect(other.deliveries[0]!.webhookId).not.toBe(notices[0]!.webhookId);
      await waitForEvent(db, caseId, 'firm_notified', 2);
      const types = await eventTypes(db, caseId);
      expect(types.slice(types.indexOf('law_firm_assigned', 6))).toEqual(['law_firm_assigned', 'power_of_attorney_issued', 'firm_notified']);

      const attorneys = await db
        .selectFrom('documents')
        .select(['version', 'storage_key'])
        .where('case_id', '=', caseId)
        .where('type', '=', 'power_of_attorney')
        .where('format', '=', 'pdf')
        .orderBy('version')
        .execute();
      expect(attorneys.map((d) => d.version)).toEqual([1, 2]);
      const named = async (key: string) => compact(pdfText(Buffer.concat(await (await worker.store.get(key)).toArray())));
      expect(await named(attorneys[0]!.storage_key)).toContain('firm-h示范律师事务所');
      expect(await named(attorneys[1]!.storage_key)).toContain('firm-h2示范律师事务所');
    } finally {
      await other.close();
    }
    await recordMilestone(worker.deps, caseId, { type: 'closed', date: today(), note: '和解' }, lawyer);
    await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    await recordHistory(worker.client, caseWorkflowId(caseId), 'firm-assigned-late');
  });

  it('stops on data the documents cannot use, shows why, and goes on once the data is fixed', async () => {
    const { db } = database;
    // No jurisdiction clause and an address no court can be derived from: the complaint has no addressee.
    const loan = overdueLoan('lender-h', 'HT-loan-nocourt');
    delete loan.contract.jurisdictionCourt;
    // Another borrower (valid resident ID of her own), so the other loans keep their borrower's address.
    loan.borrower = { ...loan.borrower, idNumber: '110105194912310046', address: '示范小区8号楼' };
    await upsertLoan(db, 'loan-nocourt', loan);
    await attachContract(db, worker.store, 'loan-nocourt');
    await seedLawFirm(db, 'firm-data');
    const { caseId } = await escalate(worker.deps, { loanId: 'loan-nocourt', reason: '逾期', responseDays: 0, lawFirmId: 'firm-data' }, legal);
    const blocked = await waitForCase(db, caseId, (row) => row.blockers !== null && row.status === 'awaiting_evidence');
    expect(blocked.blockers).toEqual([{ code: 'bad_data', message: expect.stringMatching(/no competent court/) }]);
    expect(await db.selectFrom('documents').select('type').where('case_id', '=', caseId).where('type', '=', 'complaint').execute()).toEqual([]);

    await upsertLoan(db, 'loan-nocourt', { ...loan, contract: { ...loan.contract, jurisdictionCourt: '北京市朝阳区人民法院' } });
    await evidenceChanged(worker.deps, 'loan-nocourt', collections, 'loan snapshot updated');
    const handedOff = await waitForCase(db, caseId, 'handed_off');
    expect(handedOff.blockers).toBeNull();
    await recordCaseEvent(worker.deps, caseId, { type: 'withdrawn', reason: '测试结束' }, legal);
    await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    await recordHistory(worker.client, caseWorkflowId(caseId), 'bad-data-fixed');
  });
});

describe('the handoff rule', () => {
  let database: TestDatabase;
  let worker: TestWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ db: database.db, env: { FIRM_SILENCE_DAYS: '365' } });
    await seedLender(database.db, 'lender-r');
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.db.destroy();
  });

  it('hands a case without a named firm to the firm with the fewest open cases, the lower id on a tie', async () => {
    const { db } = database;
    // firm-busy gets an open case; firm-idle-a and firm-idle-b hold none: the tie goes to the lower id.
    await seedLawFirm(db, 'firm-busy');
    const busyLoan = await seedLoan(db, worker.store, { loanId: 'loan-busy', lenderId: 'lender-r' });
    const busy = await escalate(worker.deps, { loanId: busyLoan, reason: '逾期', responseDays: 0, lawFirmId: 'firm-busy' }, legal);
    await waitForCase(db, busy.caseId, 'handed_off');
    await seedLawFirm(db, 'firm-idle-b');
    await seedLawFirm(db, 'firm-idle-a');
    const loanId = await seedLoan(db, worker.store, { loanId: 'loan-rule', lenderId: 'lender-r' });
    const { caseId } = await escalate(worker.deps, { loanId, reason: '逾期', responseDays: 0 }, legal);
    const handedOff = await waitForCase(db, caseId, 'handed_off');
    expect(handedOff.law_firm_id).toBe('firm-idle-a');
    const chosen = await db.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('type', '=', 'law_firm_chosen').executeTakeFirstOrThrow();
    expect(chosen.data).toEqual({ lawFirmId: 'firm-idle-a', rule: 'least_workload' });
    // A firm without a webhook URL cannot be notified: recorded, not retried forever.
    await waitForEvent(db, caseId, 'firm_not_notified');
  });
});

describe('a silent firm', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let firm: FirmWebhook;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ db: database.db, env: { FIRM_SILENCE_DAYS: '5' } });
    firm = await startFirmWebhook();
    firm.secret = (await seedLawFirm(database.db, 'firm-s', firm.url)).secret;
    await seedLender(database.db, 'lender-s', { defaultLawFirmId: 'firm-s' });
  });
  afterAll(async () => {
    await worker?.stop();
    await firm?.close();
    await database?.db.destroy();
  });

  it('is flagged stale and reminded after the silence period; a milestone clears the flag', async () => {
    const { db } = database;
    const loanId = await seedLoan(db, worker.store, { loanId: 'loan-silent', lenderId: 'lender-s' });
    const { caseId } = await escalate(worker.deps, { loanId, reason: '逾期', responseDays: 0 }, legal);
    await waitForCase(db, caseId, 'handed_off');
    const stale = await waitForCase(db, caseId, (row) => row.stale);
    expect(stale.status).toBe('handed_off');
    await firm.waitFor((d) => d.some((x) => x.type === 'case.reminder' && x.verified));
    const reminder = firm.deliveries.find((d) => d.type === 'case.reminder')!;
    const handoff = firm.deliveries.find((d) => d.type === 'case.handed_off')!;
    expect(reminder.webhookId).not.toBe(handoff.webhookId);
    expect(await recordMilestone(worker.deps, caseId, { type: 'filed', court: '北京市朝阳区人民法院', caseNumber: '(2026)京0105民初9号', date: today() }, lawyer))
      .toEqual({ caseId, status: 'in_litigation' });
    expect((await caseRow(db, caseId)).stale).toBe(false);
    expect(await eventTypes(db, caseId)).toContain('firm_silent');
    await recordMilestone(worker.deps, caseId, { type: 'closed', date: today() }, lawyer);
    await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    await recordHistory(worker.client, caseWorkflowId(caseId), 'firm-silent');
  });
});
