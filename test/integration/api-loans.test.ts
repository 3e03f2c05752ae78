/**
 * The legal team's loan routes over the real HTTP server: the overdue-loan list with its filters,
 * pages and masking, one loan with its ledger and cases, and who may call them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../support/api-server.ts';
import { seedLender, seedLoan } from '../support/case-data.ts';

describe('loans API', () => {
  let api: ApiServer;
  const get = async (path: string, token = api.tokens.legal) => {
    const response = await api.fetch(path, { token });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    api = await startApiServer();
    await seedLender(api.db, 'lender-a');
    await seedLender(api.db, 'lender-b');
    await seedLoan(api.db, api.store, { loanId: 'loan-1', lenderId: 'lender-a' });
    await seedLoan(api.db, api.store, { loanId: 'loan-2', lenderId: 'lender-b', startedMonthsAgo: 6, contract: false });
  });
  afterAll(async () => api?.close());

  it('lists overdue loans, most overdue first, with ID numbers and phones masked', async () => {
    const { status, body } = await get('/v1/loans');
    expect(status).toBe(200);
    expect(body.loans.map((l: { loanId: string }) => l.loanId)).toEqual(['loan-1', 'loan-2']);
    expect(body.loans[0]).toMatchObject({
      loanId: 'loan-1',
      lender: { id: 'lender-a', name: '星河示范消费金融有限公司' },
      contractNumber: 'HT-loan-1',
      borrower: { name: '王芳', idNumber: '110105********002X', phone: '138****8000' },
      principal: '12000.00',
      openCase: null,
    });
    expect(body.loans[0].outstandingPrincipal).toMatch(/^\d+\.\d{2}$/);
    expect(body.loans[0].daysPastDue).toBeGreaterThan(body.loans[1].daysPastDue);
    expect(JSON.stringify(body)).not.toContain('11010519491231002X');
  });

  it('filters by lender, days past due, outstanding amount and escalation, and pages', async () => {
    expect((await get('/v1/loans?lenderId=lender-b')).body.loans.map((l: { loanId: string }) => l.loanId)).toEqual(['loan-2']);
    const loan2 = (await get('/v1/loans?lenderId=lender-b')).body.loans[0];
    expect((await get(`/v1/loans?minDaysPastDue=${loan2.daysPastDue + 1}`)).body.loans.map((l: { loanId: string }) => l.loanId)).toEqual(['loan-1']);
    expect((await get('/v1/loans?minOutstanding=999999')).body.loans).toEqual([]);
    expect((await get('/v1/loans?escalated=true')).body.loans).toEqual([]);
    expect((await get('/v1/loans?escalated=false')).body.loans).toHaveLength(2);
    const first = await get('/v1/loans?limit=1');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`/v1/loans?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.loans.map((l: { loanId: string }) => l.loanId)).toEqual(['loan-2']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses bad filters with the parameter named', async () => {
    for (const [query, path] of [
      ['escalated=yes', 'query.escalated'],
      ['minDaysPastDue=0', 'query.minDaysPastDue'],
      ['minOutstanding=12.345', 'query.minOutstanding'],
      ['cursor=bogus', 'query.cursor'],
      ['colour=red', 'query'],
    ] as const) {
      const { status, body } = await get(`/v1/loans?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.details.map((d: { path: string }) => d.path), query).toContain(path);
    }
  });

  it('shows one loan with its schedule, payments, evidence on file and cases', async () => {
    const { status, body } = await get('/v1/loans/loan-1');
    expect(status).toBe(200);
    expect(body).toMatchObject({ loanId: 'loan-1', contractFileOnFile: true, contactRecordCount: 2, cases: [], borrower: { idNumber: '110105********002X' } });
    expect(body.schedule).toHaveLength(12);
    expect(body.payments).toHaveLength(3);
    expect(body.payments[0]).toEqual({ paidOn: body.schedule[0].dueDate, amount: expect.any(String), source: 'snapshot' });
    expect((await get('/v1/loans/loan-2')).body.contractFileOnFile).toBe(false);
    expect((await get('/v1/loans/no-such-loan')).status).toBe(404);
  });

  it('is for the legal team only', async () => {
    for (const token of [api.tokens.lawyerA, api.tokens.system]) {
      expect((await get('/v1/loans', token)).status).toBe(403);
      expect((await get('/v1/loans/loan-1', token)).status).toBe(403);
    }
    expect((await api.fetch('/v1/loans')).status).toBe(401);
  });
});
