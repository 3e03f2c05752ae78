/**
 * The case workflow end to end on the real Temporal dev server and PostgreSQL, with the real
 * activities: timers run for real, a case day lasting 200 ms (TIMER_SCALE).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalate, handOff, liveCaseState, recordCaseEvent, recordMilestone } from '../../src/case/client.ts';
import { CaseConflict } from '../../src/case/errors.ts';
import { addDays, addYears } from '../../src/domain/calendar.ts';
import type { EvidenceBundle } from '../../src/domain/evidence.ts';
import type { ContentStore } from '../../src/storage/index.ts';
import { CaseStatusAttribute, caseWorkflowId, LawFirmIdAttribute, today } from '../../src/case/contract.ts';
import { seedLawFirm, seedLender, seedLoan } from '../support/case-data.ts';
import { caseRow, eventTypes, lawyer, legal, recordHistory, waitForCase, waitForEvent } from '../support/cases.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type FirmWebhook, startFirmWebhook } from '../support/firm-webhook.ts';
import { startTestWorker, type TestWorker } from '../support/temporal.ts';
import { pdfText } from '../unit/documents/helpers.ts';
import { Unprocessable } from '../../src/intake/errors.ts';

async function readStored(store: ContentStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('case lifecycle', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let firm: FirmWebhook;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ db: database.db, env: { DEFAULT_RESPONSE_DAYS: '30', FIRM_SILENCE_DAYS: '365' } });
    firm = await startFirmWebhook();
    firm.secret = (await seedLawFirm(database.db, 'firm-a', firm.url)).secret;
    await seedLender(database.db, 'lender-a', { defaultLawFirmId: 'firm-a' });
  });
  afterAll(async () => {
    await worker?.stop();
    await firm?.close();
    await database?.db.destroy();
  });

  it('goes from escalation through demand, packet and handoff to the firm\'s milestones and closure', async () => {
    const { db } = database;
    const loanId = await seedLoan(db, worker.store, { loanId: 'loan-full', lenderId: 'lender-a' });
    const opened = await escalate(worker.deps, { loanId, reason: '逾期九期，催收无果' }, legal);
    expect(opened).toEqual({ caseId: `${loanId}-1`, status: 'assembling_evidence', created: true });
    // A repeated escalation reaches the same case.
    expect(await escalate(worker.deps, { loanId, reason: 'again' }, legal)).toEqual({ caseId: opened.caseId, status: expect.any(String), created: false });

    const issued = await waitForCase(db, opened.caseId, 'demand_issued');
    expect(issued.claim_total_fen).toBeGreaterThan(0);
    expect(issued.next_deadline_kind).toBe('response_window');
    expect(issued.next_deadline).toBe(addDays(today(), 30));

    // Milestones belong to the firm, after the handoff.
    await expect(recordMilestone(worker.deps, opened.caseId, { type: 'filed', court: '北京市朝阳区人民法院', caseNumber: '(2026)京0105民初1号', date: today() }, lawyer))
      .rejects.toBeInstanceOf(CaseConflict);
    // Accepted while the response window runs (30 case days, 6 s here: on a loaded machine it may have closed already).
    const delivered = await recordCaseEvent(worker.deps, opened.caseId, { type: 'demand_delivered', deliveredAt: today(), channel: 'ems', trackingNumber: 'EMS1' }, legal);
    expect(delivered).toEqual({ caseId: opened.caseId, status: expect.stringMatching(/^(demand_issued|preparing_lawsuit)$/) });
    const deliveryAndWindowEnd = delivered.status === 'demand_issued' ? ['demand_delivered', 'response_window_ended'] : ['response_window_ended', 'demand_delivered'];

    const handedOff = await waitForCase(db, opened.caseId, 'handed_off');
    expect(handedOff.law_firm_id).toBe('firm-a');
    // One demand letter (PDF and DOCX) with the calculation it encloses (version 0, a PDF only) and
    // one set of lawsuit documents, each as PDF and DOCX, every file in the store.
    const documents = await db
      .selectFrom('documents')
      .select(['type', 'format', 'version', 'storage_key'])
      .where('case_id', '=', opened.caseId)
      .orderBy('type')
      .orderBy('version')
      .orderBy('format')
      .execute();
    expect(documents.map((d) => `${d.type}.${d.format}${d.version === 1 ? '' : `@${d.version}`}`)).toEqual([
      'claim_calculation.pdf@0', 'claim_calculation.docx', 'claim_calculation.pdf', 'complaint.docx', 'complaint.pdf',
      'demand_letter.docx', 'demand_letter.pdf', 'evidence_list.docx', 'evidence_list.pdf', 'firm_letter.docx', 'firm_letter.pdf',
      'legal_rep_certificate.docx', 'legal_rep_certificate.pdf', 'power_of_attorney.docx', 'power_of_attorney.pdf',
      'service_address_confirmation.docx', 'service_address_confirmation.pdf',
    ]);
    for (const d of documents) expect(await worker.store.has(d.storage_key)).toBe(true);
    const bundle = await db.selectFrom('evidence_bundles').select('bundle').where('case_id', '=', opened.caseId).executeTakeFirstOrThrow();
    // The frozen bundle: the licence, the contract, the generated sheets and the delivered demand, numbered in the courts'
    // order, pages consecutive and non-overlapping, each file in the store with the recorded hash.
    const exhibits = (bundle.bundle as EvidenceBundle).exhibits;
    expect(exhibits.map((e) => [e.number, e.kind])).toEqual([
      [1, 'lender_licence'], [2, 'borrower_identity'], [3, 'loan_contract'], [4, 'disbursement_record'], [5, 'repayment_ledger'], [6, 'contact_record'],
      [7, 'demand_delivery'],
    ]);
    // The contract by its own title, the demand letter with its delivery.
    expect(exhibits[2]!.name).toBe('《个人消费贷款合同》（电子签名记录）');
    expect(exhibits[6]!.name).toBe(`催收函及送达凭证（EMS，运单号EMS1，${today().replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}送达）`);
    let nextPage = 1;
    for (const e of exhibits) {
      expect(e.pages).toEqual({ from: nextPage, to: nextPage + e.pageCount - 1 });
      nextPage = e.pages.to + 1;
      const bytes = await readStored(worker.store, e.storageKey);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(e.sha256);
      if (e.kind === 'contact_record') expect(pdfText(bytes).replace(/\s+/g, '')).toMatch(/电话借款人承诺月底还款催收员甲[\s\S]*中国邮政EMSEMS1/);
    }
    await firm.waitFor((d) => d.some((x) => x.type === 'case.handed_off'));
    await waitForEvent(db, opened.caseId, 'firm_notified');
    const notice = firm.deliveries.find((d) => d.type === 'case.handed_off')!;
    expect(notice.verified).toBe(true);
    expect(notice.body.data).toMatchObject({ caseId: opened.caseId, packet: `/v1/cases/${opened.caseId}/packet` });
    expect(JSON.stringify(notice.body)).not.toContain('11010519491231002X');

    const id = opened.caseId;
    expect(await recordMilestone(worker.deps, id, { type: 'filed', court: '北京市朝阳区人民法院', caseNumber: '(2026)京0105民初1号', date: today() }, lawyer))
      .toEqual({ caseId: id, status: 'in_litigation' });
    expect(await recordMilestone(worker.deps, id, { type: 'hearing_scheduled', date: addDays(today(), 100) }, lawyer)).toEqual({ caseId: id, status: 'in_litigation' });
    const scheduled = await caseRow(db, id);
    expect([scheduled.next_deadline_kind, scheduled.next_deadline, scheduled.court_case_number]).toEqual(['hearing', addDays(today(), 100), '(2026)京0105民初1号']);
    await expect(recordMilestone(worker.deps, id, { type: 'filed', court: 'x', caseNumber: 'y', date: addDays(today(), 1) }, lawyer)).rejects.toBeInstanceOf(Unprocessable);
    expect(await recordMilestone(worker.deps, id, { type: 'judgment', date: today(), outcome: 'won', awardedAmount: '9000.00' }, lawyer)).toEqual({ caseId: id, status: 'judgment' });
    // The 15-day appeal window runs for real (deadlines count from the escalation, 200 ms a day): it ends, and is recorded.
    await waitForEvent(db, id, 'appeal_window_ended');
    expect((await liveCaseState(worker.deps, id)).deadlines).toContainEqual({ kind: 'enforcement_deadline', date: addYears(addDays(today(), 15), 2) });
    expect(await recordMilestone(worker.deps, id, { type: 'enforcement_applied', date: today(), caseNumber: '(2026)京0105执1号' }, lawyer)).toEqual({ caseId: id, status: 'enforcement' });
    expect(await recordMilestone(worker.deps, id, { type: 'recovered', date: today(), amount: '9000.00' }, lawyer)).toEqual({ caseId: id, status: 'enforcement' });
    expect(await recordMilestone(worker.deps, id, { type: 'closed', date: today(), note: '执行完毕' }, lawyer)).toEqual({ caseId: id, status: 'closed' });

    const handle = worker.client.workflow.getHandle(caseWorkflowId(id));
    expect(await handle.result()).toEqual({ caseId: id, status: 'closed' });
    const closed = await caseRow(db, id);
    expect(closed.closed_at).not.toBeNull();
    expect(await eventTypes(db, id)).toEqual([
      'escalated', 'evidence_complete', 'demand_issued', ...deliveryAndWindowEnd, 'evidence_complete', 'law_firm_chosen', 'packet_generated',
      'handed_off', 'firm_notified', 'filed', 'hearing_scheduled', 'judgment', 'appeal_window_ended', 'enforcement_applied', 'recovered', 'closed',
    ]);
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(CaseStatusAttribute)).toBe('closed');
    expect(attributes.get(LawFirmIdAttribute)).toBe('firm-a');
    // Once closed, the case takes nothing more, and a new escalation opens the loan's second case.
    await expect(handOff(worker.deps, id, { lawFirmId: 'firm-a' }, legal)).rejects.toBeInstanceOf(CaseConflict);
    expect(await escalate(worker.deps, { loanId, reason: '再次逾期' }, legal)).toMatchObject({ caseId: `${loanId}-2`, created: true });
    await recordHistory(worker.client, caseWorkflowId(id), 'full-lifecycle');
  });
});
