/**
 * Poison input at the boundaries, over the real HTTP server: one text rule (well-formed Unicode,
 * no control characters), sane dates, one id pattern and a nesting limit, for the API's bodies and
 * the collections webhook alike. Each is refused with 400 and the path before anything is stored
 * or started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckCharacter } from '../../src/domain/resident-id.ts';
import { signedHeaders, stateFingerprint } from '../support/api-fixtures.ts';
import { type ApiServer, startApiServer } from '../support/api-server.ts';
import { overdueLoan, seedLender, seedLoan } from '../support/case-data.ts';

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

describe('poison input', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApiServer();
    await seedLender(api.db, 'lender-a');
    await seedLoan(api.db, api.store, { loanId: 'loan-1', lenderId: 'lender-a' });
  });
  afterAll(async () => api?.close());

  /** Sends the request, expects 400 and that nothing changed; returns the problems' paths. */
  async function refused(path: string, init: RequestInit & { token?: string }): Promise<ErrorBody['error']> {
    const before = await stateFingerprint(api.db);
    const response = await api.fetch(path, init);
    const body = (await response.json()) as ErrorBody;
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(await stateFingerprint(api.db)).toEqual(before);
    return body.error;
  }
  const json = (method: string, body: string, token = api.tokens.system) => ({ method, token, headers: { 'Content-Type': 'application/json' }, body });
  const escalation = (body: string) => json('POST', body, api.tokens.legal);
  const webhook = (data: unknown, type = 'escalation.requested') => {
    const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
    return { method: 'POST', headers: signedHeaders(api.webhookSecret, body), body };
  };
  const paths = (error: ErrorBody['error']) => [...new Set((error.details ?? []).map((d) => d.path))];

  it('refuses a lone UTF-16 surrogate in an escalation reason, from the API and from the webhook', async () => {
    // JSON.stringify writes a lone surrogate as the escape \ud800, which JSON.parse turns back into one.
    const api400 = await refused('/v1/escalations', escalation(JSON.stringify({ loanId: 'loan-1', reason: 'x\ud800' })));
    expect(api400.details).toEqual([{ path: 'reason', message: expect.stringContaining('well-formed Unicode') }]);
    const hook400 = await refused('/v1/webhooks/collections', webhook({ loanId: 'loan-1', reason: 'x\ud800' }));
    expect(paths(hook400)).toEqual(['data.reason']);
    expect(await api.db.selectFrom('cases').select('id').execute()).toEqual([]);
  });

  it('refuses a lone surrogate, NUL and C1 controls in a borrower name (once a 500)', async () => {
    for (const name of ['王\udc00芳', '王\u0000芳', '王\u0085芳']) {
      const loan = overdueLoan('lender-a', 'HT-X');
      const error = await refused('/v1/loans/loan-x', json('PUT', JSON.stringify({ ...loan, borrower: { ...loan.borrower, name } })));
      expect(paths(error)).toEqual(['borrower.name']);
    }
    // Newlines and tabs are prose.
    const loan = overdueLoan('lender-a', 'HT-X');
    const ok = await api.fetch('/v1/loans/loan-x', json('PUT', JSON.stringify({ ...loan, borrower: { ...loan.borrower, address: '北京市\n朝阳区\t88号' } })));
    expect(ok.status).toBe(201);
  });

  it('refuses a birth date in year 0 even when the ID number carries it with a valid check digit (once a 500)', async () => {
    const first17 = '11010500000101001';
    const idNumber = `${first17}${residentIdCheckCharacter(first17)}`;
    const loan = overdueLoan('lender-a', 'HT-Y');
    const body = JSON.stringify({ ...loan, borrower: { ...loan.borrower, birthDate: '0000-01-01', idNumber, gender: 'male' } });
    const error = await refused('/v1/loans/loan-y', json('PUT', body));
    expect(error.details).toEqual([{ path: 'borrower.birthDate', message: expect.stringContaining('1900') }]);
  });

  it('refuses dates out of range and offsets beyond ±14:00', async () => {
    const loan = overdueLoan('lender-a', 'HT-Z');
    const future = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect(paths(await refused('/v1/loans/loan-z', json('PUT', JSON.stringify({ ...loan, contract: { ...loan.contract, signedAt: '1999-12-31' } }))))).toEqual(['contract.signedAt']);
    expect(paths(await refused('/v1/loans/loan-z', json('PUT', JSON.stringify({ ...loan, disbursement: { ...loan.disbursement, date: future } }))))).toEqual(['disbursement.date']);
    expect(paths(await refused('/v1/loans/loan-z', json('PUT', JSON.stringify({ ...loan, borrower: { ...loan.borrower, birthDate: future } }))))).toEqual(['borrower.birthDate']);
    const record = (occurredAt: string) => JSON.stringify({ records: [{ channel: 'phone', occurredAt, outcome: '未接通' }] });
    expect(paths(await refused('/v1/loans/loan-1/contact-records', json('POST', record('2025-03-01T10:00:00+15:00'))))).toEqual(['records[0].occurredAt']);
    expect(paths(await refused('/v1/loans/loan-1/contact-records', json('POST', record('2999-03-01T10:00:00+08:00'))))).toEqual(['records[0].occurredAt']);
  });

  it('refuses in the webhook the loan ids the path routes refuse', async () => {
    for (const loanId of ['../../etc/x', 'a b', '李四']) {
      expect((await api.fetch(`/v1/loans/${encodeURIComponent(loanId)}`, json('PUT', JSON.stringify(overdueLoan('lender-a', 'HT-I'))))).status).toBe(400);
      expect(paths(await refused('/v1/webhooks/collections', webhook({ loanId, reason: '逾期' })))).toEqual(['data.loanId']);
      expect(paths(await refused('/v1/webhooks/collections', webhook({ loanId, amount: '10.00', paidAt: '2025-01-02' }, 'payment.received')))).toEqual(['data.loanId']);
      expect(paths(await refused('/v1/escalations', escalation(JSON.stringify({ loanId: 'loan-1', reason: 'x', lawFirmId: loanId }))))).toEqual(['lawFirmId']);
    }
  });

  it('refuses JSON nested 2,000 deep by its depth, before parsing it (once a stack overflow)', async () => {
    const deep = `{"reason": ${'['.repeat(2000)}${']'.repeat(2000)}, "loanId": "loan-1"}`;
    const error = await refused('/v1/escalations', escalation(deep));
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain('more than 32 deep');
    const hook = await refused('/v1/webhooks/collections', { method: 'POST', headers: signedHeaders(api.webhookSecret, deep), body: deep });
    expect(hook.code).toBe('invalid_json');
  });
});
