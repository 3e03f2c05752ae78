/**
 * The collections webhook over the real HTTP server, with a real worker behind the case commands:
 * signatures (valid, tampered, wrong secret, stale, future, rotated, several), replays of a
 * webhook-id, bad bodies, and each event's effect in PostgreSQL and on the case workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWebhookSecret, type ApiServer, startApiServer } from '../support/api-server.ts';
import { signedHeaders, stateFingerprint } from '../support/api-fixtures.ts';
import { overdueLoan, seedLender, seedLoan } from '../support/case-data.ts';
import { eventTypes, waitForCase } from '../support/cases.ts';
import { today } from '../../src/case/contract.ts';

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

describe('collections webhook', () => {
  const previousSecret = newWebhookSecret();
  const currentSecret = newWebhookSecret();
  let api: ApiServer;

  const send = (body: string, headers: Record<string, string>) => api.fetch('/v1/webhooks/collections', { method: 'POST', headers, body });
  const event = (type: string, data: unknown) => JSON.stringify({ type, timestamp: new Date().toISOString(), data });
  const processedCount = async () => (await api.db.selectFrom('processed_webhooks').select('webhook_id').execute()).length;

  /** Sends a request the webhook must refuse, and checks the status and that nothing changed. */
  async function refused(body: string, headers: Record<string, string>, status: number): Promise<ErrorBody['error']> {
    const before = await stateFingerprint(api.db);
    const response = await send(body, headers);
    const payload = (await response.json()) as ErrorBody;
    expect(response.status, JSON.stringify(payload)).toBe(status);
    expect(await stateFingerprint(api.db)).toEqual(before);
    return payload.error;
  }

  beforeAll(async () => {
    api = await startApiServer({ worker: true, webhookSecret: currentSecret, env: { WEBHOOK_SECRETS_PREVIOUS: previousSecret, DEFAULT_RESPONSE_DAYS: '30' } });
    await seedLender(api.db, 'lender-a');
  });
  afterAll(async () => api?.close());

  describe('loan.updated', () => {
    const body = event('loan.updated', { loanId: 'loan-w1', loan: overdueLoan('lender-a', 'HT-W1') });
    const headers = signedHeaders(currentSecret, body, { id: 'msg_loan_w1' });

    it('stores the loan, records the webhook id and audits the receipt', async () => {
      const response = await send(body, headers);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        webhookId: 'msg_loan_w1',
        type: 'loan.updated',
        result: { loanId: 'loan-w1', version: 1, outcome: 'created' },
        replayed: false,
      });
      expect(await api.db.selectFrom('loans').select('version').where('id', '=', 'loan-w1').executeTakeFirst()).toEqual({ version: 1 });
      const processed = await api.db.selectFrom('processed_webhooks').selectAll().where('webhook_id', '=', 'msg_loan_w1').executeTakeFirstOrThrow();
      expect(processed.result).toEqual({ loanId: 'loan-w1', version: 1, outcome: 'created' });
      // Only a hash of the body is kept: the snapshot's personal data is not copied there.
      expect(JSON.stringify(processed.payload)).not.toContain('11010519491231002X');
      const audit = await api.db.selectFrom('audit_log').selectAll().where('resource', '=', 'webhook/collections/msg_loan_w1').execute();
      expect(audit).toEqual([expect.objectContaining({ action: 'webhook.received', role: 'system', principal_id: null, ip: '127.0.0.1' })]);
    });

    it('answers a replayed id with the original result and does nothing again', async () => {
      const before = await stateFingerprint(api.db);
      const again = await send(body, signedHeaders(currentSecret, body, { id: 'msg_loan_w1' }));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ webhookId: 'msg_loan_w1', type: 'loan.updated', result: { loanId: 'loan-w1', version: 1, outcome: 'created' }, replayed: true });
      expect(await stateFingerprint(api.db)).toEqual(before);
    });

    it('refuses the same id with a different message (409)', async () => {
      const other = event('loan.updated', { loanId: 'loan-w1', loan: overdueLoan('lender-a', 'HT-W1-CHANGED') });
      const error = await refused(other, signedHeaders(currentSecret, other, { id: 'msg_loan_w1' }), 409);
      expect(error.code).toBe('conflict');
    });
  });

  describe('signatures', () => {
    const body = event('loan.updated', { loanId: 'loan-w2', loan: overdueLoan('lender-a', 'HT-W2') });

    it('refuses a tampered body', async () => {
      const headers = signedHeaders(currentSecret, body);
      const error = await refused(body.replace('HT-W2', 'HT-W9'), headers, 401);
      expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('signature') });
    });

    it('refuses a signature made with another secret', async () => {
      await refused(body, signedHeaders(newWebhookSecret(), body), 401);
    });

    it('refuses timestamps more than five minutes old or ahead, even correctly signed', async () => {
      // The clock is read here, not when the suite was set up: on a loaded machine minutes may lie between.
      const now = Math.floor(Date.now() / 1000);
      const stale = await refused(body, signedHeaders(currentSecret, body, { timestamp: now - 6 * 60 }), 401);
      expect(stale.message).toMatch(/too old/);
      const future = await refused(body, signedHeaders(currentSecret, body, { timestamp: now + 6 * 60 }), 401);
      expect(future.message).toMatch(/too new/);
    });

    it('refuses a call without the signature headers', async () => {
      await refused(body, { 'Content-Type': 'application/json' }, 401);
      const { 'webhook-signature': _, ...unsigned } = signedHeaders(currentSecret, body);
      await refused(body, unsigned, 401);
    });

    it('accepts the previous secret during a rotation, and a header carrying several signatures', async () => {
      const byPrevious = await send(body, signedHeaders(previousSecret, body));
      expect(byPrevious.status).toBe(200);
      const both = event('loan.updated', { loanId: 'loan-w3', loan: overdueLoan('lender-a', 'HT-W3') });
      const response = await send(both, signedHeaders([newWebhookSecret(), currentSecret], both));
      expect(response.status).toBe(200);
      expect(await api.db.selectFrom('loans').select('id').where('id', 'in', ['loan-w2', 'loan-w3']).execute()).toHaveLength(2);
    });
  });

  describe('bad bodies, correctly signed', () => {
    const signed = (body: string) => signedHeaders(currentSecret, body);

    it('malformed JSON: 400 with the position', async () => {
      const body = '{"type": "loan.updated", "data": }';
      const error = await refused(body, signed(body), 400);
      expect(error).toMatchObject({ code: 'invalid_json', details: { position: body.lastIndexOf('}') } });
    });

    it('an unknown event type or a missing field: 400', async () => {
      const unknown = event('loan.deleted', { loanId: 'loan-w1' });
      expect((await refused(unknown, signed(unknown), 400)).details?.[0]?.path).toBe('type');
      const missing = event('payment.received', { loanId: 'loan-w1', paidAt: today() });
      expect((await refused(missing, signed(missing), 400)).details?.[0]?.path).toBe('data.amount');
    });

    it('markup or template syntax in text: 400', async () => {
      const script = event('escalation.requested', { loanId: 'loan-w1', reason: '<script>alert(1)</script>' });
      expect((await refused(script, signed(script), 400)).details).toEqual([{ path: 'data.reason', message: expect.stringContaining('<') }]);
      const template = event('escalation.requested', { loanId: 'loan-w1', reason: '{{#lambda}}x{{/lambda}}' });
      await refused(template, signed(template), 400);
    });

    it('an inconsistent loan: 422 naming the field inside data.loan', async () => {
      const loan = overdueLoan('lender-a', 'HT-W4');
      const body = event('loan.updated', { loanId: 'loan-w4', loan: { ...loan, borrower: { ...loan.borrower, idNumber: '110105194912310021' } } });
      const error = await refused(body, signed(body), 422);
      expect(error.details?.map((d) => d.path)).toContain('data.loan.borrower.idNumber');
    });

    it('a payment for a loan without an open case: 422', async () => {
      const body = event('payment.received', { loanId: 'loan-w3', amount: '100.00', paidAt: today() });
      expect((await refused(body, signed(body), 422)).message).toContain('no open case');
    });

    it('leaves no processed webhook behind for any refused call', async () => {
      const ids = (await api.db.selectFrom('processed_webhooks').select('webhook_id').execute()).map((r) => r.webhook_id);
      expect(ids).toHaveLength(3); // msg_loan_w1 and the two rotation calls
      expect(await processedCount()).toBe(3);
    });
  });

  describe('case events', () => {
    it('escalation.requested opens the case (once per loan), payment.received is recorded on it once per webhook id', async () => {
      await seedLoan(api.db, api.store, { loanId: 'loan-c1', lenderId: 'lender-a' });
      const escalation = event('escalation.requested', { loanId: 'loan-c1', reason: '逾期九期，催收无果' });
      const opened = await send(escalation, signedHeaders(currentSecret, escalation, { id: 'msg_esc_1' }));
      expect(opened.status).toBe(200);
      const { result } = (await opened.json()) as { result: { caseId: string; status: string; created: boolean } };
      expect(result).toEqual({ caseId: 'loan-c1-1', status: 'assembling_evidence', created: true });
      const repeat = await send(escalation, signedHeaders(currentSecret, escalation, { id: 'msg_esc_2' }));
      expect(((await repeat.json()) as { result: unknown }).result).toEqual({ caseId: 'loan-c1-1', status: expect.any(String), created: false });

      await waitForCase(api.db, 'loan-c1-1', 'demand_issued');
      const payment = event('payment.received', { loanId: 'loan-c1', amount: '500.00', paidAt: today() });
      const paid = await send(payment, signedHeaders(currentSecret, payment, { id: 'msg_pay_1' }));
      expect([paid.status, ((await paid.json()) as { result: unknown }).result]).toEqual([200, { caseId: 'loan-c1-1', status: expect.any(String) }]);
      const replay = await send(payment, signedHeaders(currentSecret, payment, { id: 'msg_pay_1' }));
      expect(((await replay.json()) as { replayed: boolean }).replayed).toBe(true);

      await waitForCase(api.db, 'loan-c1-1', () => true);
      const payments = await api.db.selectFrom('case_events').select('data').where('case_id', '=', 'loan-c1-1').where('type', '=', 'payment_received').execute();
      expect(payments).toHaveLength(1);
      expect(await eventTypes(api.db, 'loan-c1-1')).toContain('escalated');
    });
  });
});
