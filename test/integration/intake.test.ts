/**
 * Loan data intake over the real HTTP server (system role): every kind of bad data is refused
 * with the right status and the problem named by path, and leaves the database as it was;
 * repeating an accepted request changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.ts';
import type { LoanSnapshot } from '../../src/domain/loan-snapshot.ts';
import { pdfBytes, stateFingerprint } from '../support/api-fixtures.ts';
import { type ApiServer, startApiServer } from '../support/api-server.ts';
import { overdueLoan } from '../support/case-data.ts';

const LENDER = {
  name: '星河示范消费金融有限公司',
  unifiedSocialCreditCode: '91110105MA01DEM01M',
  domicile: '北京市朝阳区示范路88号',
  legalRepresentative: '周明远',
  interestCap: { rule: 'annual_rate', rate: '0.24' },
  letterhead: { phone: '400-000-0000', postcode: '100020' },
};

describe('loan data intake', () => {
  let api: ApiServer;
  const put = (path: string, body: unknown, token = api.tokens.system) =>
    api.fetch(path, { method: 'PUT', token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const post = (path: string, body: unknown) =>
    api.fetch(path, { method: 'POST', token: api.tokens.system, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  /** Sends the request, expects the status, and proves nothing in the database changed. */
  async function refused(send: () => Promise<Response>, status: number): Promise<{ code: string; message: string; details?: Array<{ path: string; message: string }> }> {
    const before = await stateFingerprint(api.db);
    const response = await send();
    const body = (await response.json()) as { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };
    expect(response.status, JSON.stringify(body)).toBe(status);
    expect(await stateFingerprint(api.db)).toEqual(before);
    return body.error;
  }

  beforeAll(async () => {
    api = await startApiServer();
    expect((await put('/v1/lenders/lender-a', LENDER)).status).toBe(201);
  });
  afterAll(async () => api?.close());

  describe('lenders', () => {
    it('is idempotent: a repeat is unchanged, a change is an update', async () => {
      const again = await put('/v1/lenders/lender-a', LENDER);
      expect([again.status, await again.json()]).toEqual([200, { id: 'lender-a', outcome: 'unchanged' }]);
      const changed = await put('/v1/lenders/lender-b', { ...LENDER, responseDays: 10 });
      expect(changed.status).toBe(201);
      const updated = await put('/v1/lenders/lender-b', { ...LENDER, responseDays: 20 });
      expect(await updated.json()).toEqual({ id: 'lender-b', outcome: 'updated' });
      const row = await api.db.selectFrom('lenders').select(['response_days', 'interest_cap']).where('id', '=', 'lender-b').executeTakeFirstOrThrow();
      expect(row).toEqual({ response_days: 20, interest_cap: { rule: 'annual_rate', rate: '0.24' } });
    });

    it('refuses a unified social credit code whose check character is wrong (422)', async () => {
      const error = await refused(() => put('/v1/lenders/lender-x', { ...LENDER, unifiedSocialCreditCode: '91110105MA01DEM01A' }), 422);
      expect(error.details).toEqual([{ path: 'unifiedSocialCreditCode', message: expect.stringContaining('check character') }]);
    });

    it('stores the claim conventions given, and refuses one it does not know (400)', async () => {
      const conventions = { paymentAllocation: 'civil_code_561', capScope: 'claimed', dayCountBasis: 365 };
      expect((await put('/v1/lenders/lender-c', { ...LENDER, claimConventions: conventions })).status).toBe(201);
      const row = await api.db.selectFrom('lenders').select('claim_conventions').where('id', '=', 'lender-c').executeTakeFirstOrThrow();
      expect(row.claim_conventions).toEqual(conventions);
      const error = await refused(() => put('/v1/lenders/lender-x', { ...LENDER, claimConventions: { dayCountBasis: 364 } }), 400);
      expect(error.details?.map((d) => d.path)).toContain('claimConventions.dayCountBasis');
    });

    it('refuses an unknown default law firm (422)', async () => {
      const error = await refused(() => put('/v1/lenders/lender-x', { ...LENDER, defaultLawFirmId: 'no-such-firm' }), 422);
      expect(error.details).toEqual([{ path: 'defaultLawFirmId', message: 'no law firm no-such-firm' }]);
    });
  });

  describe('loans', () => {
    const snapshot = overdueLoan('lender-a', 'HT-INTAKE-1');

    it('stores the snapshot, its schedule and payments; a repeat in another key order changes nothing', async () => {
      const created = await put('/v1/loans/loan-1', snapshot);
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ loanId: 'loan-1', version: 1, outcome: 'created' });

      const reordered = Object.fromEntries(Object.entries(snapshot).reverse());
      const before = await stateFingerprint(api.db);
      const again = await put('/v1/loans/loan-1', reordered);
      expect([again.status, await again.json()]).toEqual([200, expect.objectContaining({ version: 1, outcome: 'unchanged' })]);
      expect(await stateFingerprint(api.db)).toEqual(before);

      const loan = await api.db.selectFrom('loans').select(['principal_fen', 'disbursement_fen', 'version']).where('id', '=', 'loan-1').executeTakeFirstOrThrow();
      expect(loan).toEqual({ principal_fen: 1_200_000, disbursement_fen: 1_200_000, version: 1 });
      const schedule = await api.db.selectFrom('schedule_entries').select(['period', 'principal_fen', 'interest_fen']).where('loan_id', '=', 'loan-1').orderBy('period').execute();
      expect(schedule).toHaveLength(12);
      expect(schedule.reduce((sum, s) => sum + s.principal_fen, 0)).toBe(1_200_000);
      const payments = await api.db.selectFrom('payments').select(['paid_on', 'amount_fen', 'source']).where('loan_id', '=', 'loan-1').orderBy('paid_on').execute();
      expect(payments).toHaveLength(3);
      expect(payments.every((p) => p.source === 'snapshot')).toBe(true);
      const borrower = await api.db.selectFrom('borrowers').select(['name', 'phone']).where('id_number', '=', '11010519491231002X').executeTakeFirstOrThrow();
      expect(borrower).toEqual({ name: '王芳', phone: '13800138000' });
    });

    it('bumps the version when the content changes and replaces the snapshot payments', async () => {
      const paidOne = { ...snapshot, payments: snapshot.payments.slice(0, 1), borrower: { ...snapshot.borrower, phone: '13900139000' } };
      const response = await put('/v1/loans/loan-1', paidOne);
      expect([response.status, await response.json()]).toEqual([200, expect.objectContaining({ version: 2, outcome: 'updated' })]);
      const payments = await api.db.selectFrom('payments').select('amount_fen').where('loan_id', '=', 'loan-1').execute();
      expect(payments).toHaveLength(1);
      const borrowers = await api.db.selectFrom('borrowers').select('phone').where('id_number', '=', '11010519491231002X').execute();
      expect(borrowers).toEqual([{ phone: '13900139000' }]);
    });

    const bad: Array<[string, (s: LoanSnapshot) => unknown, number, string]> = [
      ['an ID number with a wrong check character', (s) => ({ ...s, borrower: { ...s.borrower, idNumber: '110105194912310021' } }), 422, 'borrower.idNumber'],
      ['a schedule whose principal does not add up', (s) => ({ ...s, schedule: s.schedule.map((e, i) => (i === 0 ? { ...e, principal: '1.00' } : e)) }), 422, 'schedule'],
      ['a payment before the disbursement', (s) => ({ ...s, payments: [{ paidAt: '2000-01-01', amount: '100.00' }] }), 422, 'payments[0].paidAt'],
      ['an unknown lender', (s) => ({ ...s, lenderId: 'no-such-lender' }), 422, 'lenderId'],
      ['a disbursement other than the principal', (s) => ({ ...s, disbursement: { ...s.disbursement, amount: '11000.00' } }), 422, 'disbursement.amount'],
      ['a maturity before the start', (s) => ({ ...s, contract: { ...s.contract, maturityDate: '2000-01-01' } }), 422, 'contract.maturityDate'],
      ['a zero contract rate', (s) => ({ ...s, contract: { ...s.contract, annualRate: '0' } }), 422, 'contract.annualRate'],
      ['a penalty markup above 1', (s) => ({ ...s, contract: { ...s.contract, penaltyRateMarkup: '1.5' } }), 422, 'contract.penaltyRateMarkup'],
      ['a disbursement after the start date', (s) => ({ ...s, disbursement: { ...s.disbursement, date: addDays(s.contract.startDate, 1) } }), 422, 'disbursement.date'],
      ['a maturity that does not fit the term', (s) => ({ ...s, contract: { ...s.contract, termMonths: s.contract.termMonths + 1 } }), 422, 'contract.maturityDate'],
      ['a payment too large for an exact claim', (s) => ({ ...s, payments: [{ paidAt: s.contract.startDate, amount: '900000000000.00' }] }), 422, 'payments[0].amount'],
      ['no borrower', ({ borrower: _, ...rest }) => rest, 400, 'borrower'],
      ['an amount as a number', (s) => ({ ...s, disbursement: { ...s.disbursement, amount: 12000 } }), 400, 'disbursement.amount'],
      ['an amount with three decimals', (s) => ({ ...s, contract: { ...s.contract, principal: '12000.001' } }), 400, 'contract.principal'],
      ['an unknown field', (s) => ({ ...s, borrower: { ...s.borrower, creditScore: 700 } }), 400, 'borrower'],
      ['a date that is not a date', (s) => ({ ...s, disbursement: { ...s.disbursement, date: '2024-02-30' } }), 400, 'disbursement.date'],
      ['a phone that is not a mobile number', (s) => ({ ...s, borrower: { ...s.borrower, phone: '12345' } }), 400, 'borrower.phone'],
    ];
    it.each(bad)('refuses %s (status %i), naming %s, and stores nothing', async (_, spoil, status, path) => {
      const error = await refused(() => put('/v1/loans/loan-bad', spoil(snapshot)), status);
      expect(error.code).toBe(status === 400 ? 'invalid_request' : 'unprocessable');
      expect(error.details?.map((d) => d.path)).toContain(path);
      expect(await api.db.selectFrom('loans').select('id').where('id', '=', 'loan-bad').executeTakeFirst()).toBeUndefined();
    });

    it('lists every problem of an inconsistent snapshot at once', async () => {
      const spoiled = {
        ...snapshot,
        borrower: { ...snapshot.borrower, idNumber: '110105194912310021' },
        payments: [{ paidAt: '2000-01-01', amount: '100.00' }],
      };
      const error = await refused(() => put('/v1/loans/loan-bad', spoiled), 422);
      expect(error.details?.map((d) => d.path)).toEqual(expect.arrayContaining(['borrower.idNumber', 'payments[0].paidAt']));
    });
  });

  describe('contract upload', () => {
    const upload = (loanId: string, bytes: Uint8Array, type = 'application/pdf') =>
      api.fetch(`/v1/loans/${loanId}/contract`, { method: 'POST', token: api.tokens.system, headers: { 'Content-Type': type }, body: bytes });

    it('stores a PDF once, with its page count', async () => {
      const pdf = await pdfBytes('借款合同 HT-INTAKE-1', 3);
      const first = await upload('loan-1', pdf);
      expect(first.status).toBe(201);
      const body = (await first.json()) as { sha256: string; pages: number; size: number };
      expect(body).toMatchObject({ loanId: 'loan-1', pages: 3, size: pdf.length, outcome: 'created' });
      const again = await upload('loan-1', pdf);
      expect([again.status, (await again.json()) as unknown]).toEqual([200, { ...body, outcome: 'unchanged' }]);
      const rows = await api.db.selectFrom('contract_files').selectAll().where('loan_id', '=', 'loan-1').execute();
      expect(rows).toHaveLength(1);
      expect(Buffer.concat(await (await api.store.get(rows[0]!.storage_key)).toArray())).toEqual(pdf);
    });

    it('refuses what is not a readable PDF (422), another content type (415), an unknown loan (404), more than 20 MB (413)', async () => {
      await refused(() => upload('loan-1', Buffer.from('this is not a pdf')), 422);
      await refused(() => upload('loan-1', Buffer.from('%PDF-1.7\n garbage without any structure')), 422);
      await refused(() => upload('loan-1', Buffer.from('{}'), 'application/json'), 415);
      await refused(async () => upload('no-such-loan', await pdfBytes('x')), 404);
      await refused(() => upload('loan-1', Buffer.alloc(20 * 1024 * 1024 + 1, 0x25)), 413);
    });
  });

  describe('contact records', () => {
    const record = { channel: 'phone', occurredAt: '2026-01-05T10:00:00+08:00', outcome: '借款人承诺月底还款', collector: '催收员甲' };

    it('appends records once: the same records pushed again (in another time zone spelling) add nothing', async () => {
      const first = await post('/v1/loans/loan-1/contact-records', { records: [record, { channel: 'sms', occurredAt: '2026-01-06T09:00:00Z', outcome: '已发送提醒' }] });
      expect(await first.json()).toEqual({ loanId: 'loan-1', received: 2, added: 2 });
      const again = await post('/v1/loans/loan-1/contact-records', { records: [{ ...record, occurredAt: '2026-01-05T02:00:00Z' }] });
      expect(await again.json()).toEqual({ loanId: 'loan-1', received: 1, added: 0 });
      expect(await api.db.selectFrom('contact_records').select('id').where('loan_id', '=', 'loan-1').execute()).toHaveLength(2);
    });

    it('refuses an unknown loan (404), an unknown channel and an empty list (400)', async () => {
      await refused(() => post('/v1/loans/no-such-loan/contact-records', { records: [record] }), 404);
      const channel = await refused(() => post('/v1/loans/loan-1/contact-records', { records: [{ ...record, channel: 'fax' }] }), 400);
      expect(channel.details?.[0]?.path).toBe('records[0].channel');
      await refused(() => post('/v1/loans/loan-1/contact-records', { records: [] }), 400);
    });
  });
});
