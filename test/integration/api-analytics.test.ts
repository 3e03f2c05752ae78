/**
 * GET /v1/analytics over the real HTTP server: figures from the read model (cases and their
 * timeline), for the legal team only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../src/case/contract.ts';
import { addDays } from '../../src/domain/calendar.ts';
import { type ApiServer, FIRM_A, startApiServer } from '../support/api-server.ts';
import { seedLender, seedLoan } from '../support/case-data.ts';

describe('analytics API', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApiServer();
    await seedLender(api.db, 'lender-a');
    for (const [i, status, firm] of [[1, 'in_litigation', FIRM_A], [2, 'handed_off', FIRM_A], [3, 'demand_issued', null]] as const) {
      await seedLoan(api.db, api.store, { loanId: `loan-${i}`, lenderId: 'lender-a', contract: false });
      await api.db
        .insertInto('cases')
        .values({
          id: `case-${i}`, loan_id: `loan-${i}`, lender_id: 'lender-a', law_firm_id: firm, workflow_id: `wf-${i}`, status, reason: '逾期', response_days: 15,
          escalated_by: 'legal:test', claim_total_fen: 1_000_000, limitation_deadline: addDays(today(), i === 3 ? 30 : 400), stale: i === 2,
          created_at: `${addDays(today(), -20)}T12:00:00+08:00`,
        })
        .execute();
    }
    const event = (caseId: string, type: string, data: object) => ({ case_id: caseId, type, occurred_at: new Date(), actor: 'lawyer:test', data: JSON.stringify(data), idempotency_key: `${caseId}-${type}` });
    await api.db
      .insertInto('case_events')
      .values([
        event('case-1', 'filed', { court: '朝阳法院', caseNumber: 'X1', date: addDays(today(), -10) }),
        event('case-1', 'judgment', { date: today(), outcome: 'won', awardedAmount: '9000.00' }),
        event('case-1', 'recovered', { date: today(), amount: '3000.00' }),
        event('case-3', 'payment_received', { amount: '500.00', paidAt: today() }),
      ])
      .execute();
  });
  afterAll(async () => api?.close());

  it('counts by status, limitation within 90 days, stale per firm and recovery by firm and stage', async () => {
    const response = await api.fetch('/v1/analytics', { token: api.tokens.legal });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body.byStatus).toEqual([
      { status: 'demand_issued', cases: 1 },
      { status: 'handed_off', cases: 1 },
      { status: 'in_litigation', cases: 1 },
    ]);
    expect(body.limitationWithin90Days).toEqual({ count: 1, soonest: [{ caseId: 'case-3', contractNumber: 'HT-loan-3', deadline: addDays(today(), 30), status: 'demand_issued' }] });
    expect(body.staleAtFirm).toEqual([{ lawFirmId: FIRM_A, lawFirm: `${FIRM_A} 示范律师事务所`, cases: 1 }]);
    expect(body.byFirm).toEqual([
      { lawFirmId: FIRM_A, lawFirm: `${FIRM_A} 示范律师事务所`, cases: 2, filed: 1, filedRate: 0.5, averageDaysToFiling: 10, judgmentsWon: 1, awarded: '9000.00', recovered: '3000.00', claimed: '20000.00', recoveryRate: 0.15 },
      { lawFirmId: null, lawFirm: null, cases: 1, filed: 0, filedRate: 0, averageDaysToFiling: null, judgmentsWon: 0, awarded: '0.00', recovered: '500.00', claimed: '10000.00', recoveryRate: 0.05 },
    ]);
    expect(body.byStage.find((s: { status: string }) => s.status === 'in_litigation')).toMatchObject({ cases: 1, filed: 1, judgmentsWon: 1, recovered: '3000.00' });
  });

  it('follows every change of the cases at once (counters kept by the same transaction)', async () => {
    const analytics = async () => {
      const response = await api.fetch('/v1/analytics', { token: api.tokens.legal });
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, any>;
    };
    // The firm reports case-2 filed: the timeline and the case row change together, as the workflow's sync writes them.
    await api.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('case_events')
        .values({ case_id: 'case-2', type: 'filed', occurred_at: new Date(), actor: 'lawyer:test', data: JSON.stringify({ court: '朝阳法院', caseNumber: 'X2', date: addDays(today(), -5) }), idempotency_key: 'case-2-filed' })
        .execute();
      await tx.updateTable('cases').set({ status: 'in_litigation', stale: false }).where('id', '=', 'case-2').execute();
    });
    let body = await analytics();
    expect(body.byStatus).toEqual([
      { status: 'demand_issued', cases: 1 },
      { status: 'in_litigation', cases: 2 },
    ]);
    expect(body.staleAtFirm).toEqual([]);
    // Filed 10 days (case-1) and 15 days (case-2) after escalation.
    expect(body.byFirm[0]).toMatchObject({ lawFirmId: FIRM_A, cases: 2, filed: 2, filedRate: 1, averageDaysToFiling: 12.5, judgmentsWon: 1 });

    // case-3 is handed to firm A: its payment and claim move with it.
    await api.db.updateTable('cases').set({ law_firm_id: FIRM_A }).where('id', '=', 'case-3').execute();
    body = await analytics();
    expect(body.byFirm).toEqual([
      { lawFirmId: FIRM_A, lawFirm: `${FIRM_A} 示范律师事务所`, cases: 3, filed: 2, filedRate: 2 / 3, averageDaysToFiling: 12.5, judgmentsWon: 1, awarded: '9000.00', recovered: '3500.00', claimed: '30000.00', recoveryRate: 3500 / 30000 },
    ]);

    // A second payment, a larger claim, then case-3 paid off: it leaves the limitation window and its stage.
    await api.db
      .insertInto('case_events')
      .values({ case_id: 'case-3', type: 'payment_received', occurred_at: new Date(), actor: 'legal:test', data: JSON.stringify({ amount: '250.50', paidAt: today() }), idempotency_key: 'case-3-payment-2' })
      .execute();
    await api.db.updateTable('cases').set({ claim_total_fen: 1_200_000 }).where('id', '=', 'case-3').execute();
    body = await analytics();
    expect(body.byFirm[0]).toMatchObject({ cases: 3, recovered: '3750.50', claimed: '32000.00' });
    await api.db.updateTable('cases').set({ status: 'closed_paid' }).where('id', '=', 'case-3').execute();
    body = await analytics();
    expect(body.limitationWithin90Days).toEqual({ count: 0, soonest: [] });
    expect(body.byStatus).toEqual([
      { status: 'in_litigation', cases: 2 },
      { status: 'closed_paid', cases: 1 },
    ]);
    expect(body.byStage.find((s: { status: string }) => s.status === 'closed_paid')).toMatchObject({ cases: 1, filed: 0, recovered: '750.50', claimed: '12000.00' });
  });

  it('is for the legal team only', async () => {
    expect((await api.fetch('/v1/analytics', { token: api.tokens.lawyerA })).status).toBe(403);
    expect((await api.fetch('/v1/analytics')).status).toBe(401);
  });
});
