/**
 * Missing data is known on day one: a lender, a firm and a loan pushed with only the v1 fields
 * get a case that, right after escalation, lists every datum the lawsuit documents will need and
 * lack (JSON path, who supplies it, the request), while the demand still goes out; supplying the
 * data (lender, firm, loan PUTs, the licence upload) moves the case on by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalate, evidenceChanged, partyDataChanged } from '../../src/case/client.ts';
import { upsertLawFirm } from '../../src/intake/law-firms.ts';
import { upsertLender } from '../../src/intake/lenders.ts';
import { upsertLoan } from '../../src/intake/loans.ts';
import type { Case } from '../../src/db/schema.ts';
import { attachBusinessLicence, attachContract, overdueLoan, seedLawFirm, seedLender } from '../support/case-data.ts';
import { collections, legal, waitForCase } from '../support/cases.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestWorker, type TestWorker } from '../support/temporal.ts';

type Shown = { code: string; stage?: string; path?: string; suppliedBy?: string; request?: string; message: string };
const shown = (row: Case): Shown[] => (row.blockers ?? []) as Shown[];
const missingPaths = (row: Case) => shown(row).filter((b) => b.code === 'missing_data').map((b) => `${b.suppliedBy}:${b.path}`).sort();

describe('lawsuit data missing at escalation', () => {
  let database: TestDatabase;
  let worker: TestWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Real-time days: the response window stays open while the data comes in.
    worker = await startTestWorker({ db: database.db, env: { DEFAULT_RESPONSE_DAYS: '30', FIRM_SILENCE_DAYS: '365', TIMER_SCALE: '1' } });
    // v1 only: no phone, postcode or lawyers for the firm; no title, phone or licence for the lender.
    await upsertLawFirm(database.db, 'firm-v1', { name: '明理示范律师事务所', licenseNumber: '31110000E00000001K', address: '北京市东城区示范胡同6号', leadLawyer: '赵子墨' });
    await upsertLender(database.db, 'lender-v1', {
      name: '星河示范消费金融有限公司',
      unifiedSocialCreditCode: '91110105MA01DEM01M',
      domicile: '北京市朝阳区示范路88号星河大厦12层',
      legalRepresentative: '周明远',
      defaultLawFirmId: 'firm-v1',
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.db.destroy();
  });

  it('lists every missing datum with its path and supplier right after escalation, and moves on as each is supplied', async () => {
    const { db } = database;
    const full = overdueLoan('lender-v1', 'HT-V1');
    const { title: _title, clauses: _clauses, ...v1Contract } = full.contract;
    await upsertLoan(db, 'loan-v1', { ...full, contract: v1Contract });
    await attachContract(db, worker.store, 'loan-v1');

    const opened = await escalate(worker.deps, { loanId: 'loan-v1', reason: '逾期九期' }, legal);
    // The demand goes out; the case shows at once what the lawsuit will need.
    const issued = await waitForCase(db, opened.caseId, 'demand_issued');
    expect(missingPaths(issued)).toEqual([
      'law_firm:lawyers',
      'law_firm:phone',
      'law_firm:postcode',
      'lender:business-licence',
      'lender:legalRepresentativeTitle',
      'lender:phone',
      'loan_snapshot:contract.clauses.acceleration',
      'loan_snapshot:contract.clauses.electronicService',
      'loan_snapshot:contract.clauses.interest',
      'loan_snapshot:contract.clauses.jurisdiction',
      'loan_snapshot:contract.clauses.penalty',
      'loan_snapshot:contract.title',
    ]);
    const title = shown(issued).find((b) => b.path === 'legalRepresentativeTitle')!;
    expect(title).toMatchObject({ stage: 'lawsuit', suppliedBy: 'lender', request: 'PUT /v1/lenders/lender-v1' });
    expect(shown(issued).find((b) => b.path === 'contract.title')).toMatchObject({ request: 'PUT /v1/loans/loan-v1' });

    // The lender supplies its part: every open case of the lender checks again by itself.
    await seedLender(db, 'lender-v1', { defaultLawFirmId: 'firm-v1' });
    await attachBusinessLicence(db, worker.store, 'lender-v1');
    expect(await partyDataChanged(worker.deps, { lenderId: 'lender-v1' }, collections, 'lender data updated')).toEqual([opened.caseId]);
    const afterLender = await waitForCase(db, opened.caseId, (row) => !missingPaths(row).some((p) => p.startsWith('lender:')));
    expect(afterLender.status).toBe('demand_issued');
    expect(missingPaths(afterLender).filter((p) => p.startsWith('law_firm:'))).toEqual(['law_firm:lawyers', 'law_firm:phone', 'law_firm:postcode']);

    // The firm, through its own update (the case is the firm's as the lender's default firm).
    await seedLawFirm(db, 'firm-v1');
    expect(await partyDataChanged(worker.deps, { lawFirmId: 'firm-v1' }, legal, 'law firm data updated')).toEqual([opened.caseId]);
    await waitForCase(db, opened.caseId, (row) => !missingPaths(row).some((p) => p.startsWith('law_firm:')));

    // The loan snapshot with the contract's title and clauses: nothing is missing any more.
    await upsertLoan(db, 'loan-v1', full);
    await evidenceChanged(worker.deps, 'loan-v1', collections, 'loan snapshot updated');
    const complete = await waitForCase(db, opened.caseId, (row) => missingPaths(row).length === 0);
    expect(complete.status).toBe('demand_issued');
    expect(complete.blockers).toBeNull();
  });
});
