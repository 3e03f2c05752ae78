/**
 * A step that fails on its data fails the case visibly and waits: the case detail (API and page)
 * shows the alert-able `stepFailing` state with its count until the data is corrected, then the
 * case goes on and the state clears. Real worker, real PostgreSQL, real HTTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceChanged, escalate } from '../../src/case/client.ts';
import { upsertLoan } from '../../src/intake/loans.ts';
import { type ApiServer, FIRM_A, startApiServer } from '../support/api-server.ts';
import { attachBusinessLicence, attachContract, overdueLoan, seedLender } from '../support/case-data.ts';
import { collections, legal, waitForCase } from '../support/cases.ts';

describe('a step failing on its data', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer({ worker: true, env: { FIRM_SILENCE_DAYS: '365' } });
    await seedLender(api.db, 'lender-s');
    await attachBusinessLicence(api.db, api.store, 'lender-s');
  });
  afterAll(async () => api?.close());

  it('shows stepFailing with its count on the case detail until the data is corrected', async () => {
    const deps = { config: api.config, db: api.db, temporal: api.temporal };
    // No jurisdiction clause and an address no court can be derived from: the complaint has no addressee.
    const loan = overdueLoan('lender-s', 'HT-S1');
    delete loan.contract.jurisdictionCourt;
    loan.borrower = { ...loan.borrower, idNumber: '110105194912310046', address: '示范小区8号楼' };
    await upsertLoan(api.db, 'loan-s1', loan);
    await attachContract(api.db, api.store, 'loan-s1');
    const { caseId } = await escalate(deps, { loanId: 'loan-s1', reason: '逾期', responseDays: 0, lawFirmId: FIRM_A }, legal);
    await waitForCase(api.db, caseId, (row) => JSON.stringify(row.blockers ?? []).includes('bad_data') && row.status === 'awaiting_evidence', 60_000);

    const detail = (await (await api.fetch(`/v1/cases/${caseId}`, { token: api.tokens.legal })).json()) as { stepFailing: unknown };
    expect(detail.stepFailing).toEqual({ kind: 'bad_data', count: 1, activity: expect.any(String), message: expect.stringMatching(/no competent court/), since: expect.any(String) });
    const page = await api.fetch(`/ui/cases/${caseId}`, { token: api.tokens.legal });
    expect([page.status, (await page.text()).includes('step failing ×1')]).toEqual([200, true]);

    await upsertLoan(api.db, 'loan-s1', { ...loan, contract: { ...loan.contract, jurisdictionCourt: '北京市朝阳区人民法院', clauses: { ...loan.contract.clauses, jurisdiction: '第十八条' } } });
    await evidenceChanged(deps, 'loan-s1', collections, 'loan snapshot updated');
    await waitForCase(api.db, caseId, 'handed_off', 60_000);
    const fixed = (await (await api.fetch(`/v1/cases/${caseId}`, { token: api.tokens.legal })).json()) as { stepFailing: unknown };
    expect(fixed.stepFailing).toBeNull();
  }, 120_000);
});
