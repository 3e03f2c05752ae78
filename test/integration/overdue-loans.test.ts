/**
 * The overdue-loan query over a real PostgreSQL: outstanding principal and days past due as the
 * waterfall defines them (migration 0007), kept current as snapshots and reported payments arrive,
 * the filters and the keyset pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../src/case/contract.ts';
import { dayNumber } from '../../src/domain/calendar.ts';
import { formatYuan, parseYuan } from '../../src/domain/money.ts';
import { upsertLoan } from '../../src/intake/loans.ts';
import { selectOverdueLoans } from '../../src/loans/overdue-loans.ts';
import { overdueLoan, seedLender } from '../support/case-data.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('overdue loans', () => {
  let t: TestDatabase;
  const snapshot = overdueLoan('lender-a', 'HT-1');
  const paidPrincipal = snapshot.schedule.slice(0, 3).reduce((sum, s) => sum + parseYuan(s.principal), 0);
  const firstUnpaid = snapshot.schedule[3]!;

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedLender(t.db, 'lender-a');
    await seedLender(t.db, 'lender-b');
    await upsertLoan(t.db, 'loan-1', snapshot);
    // Six months in: 2 instalments overdue.
    await upsertLoan(t.db, 'loan-2', { ...overdueLoan('lender-b', 'HT-2', 5), borrower: { ...snapshot.borrower } });
    // Started a month ago, nothing due yet: not overdue.
    await upsertLoan(t.db, 'loan-3', overdueLoan('lender-a', 'HT-3', 0));
  });
  afterAll(async () => t?.db.destroy());

  it('lists an overdue loan with its outstanding principal and days past its oldest unpaid instalment', async () => {
    const page = await selectOverdueLoans(t.db, { limit: 10 });
    expect(page.loans.map((l) => l.loanId)).toEqual(['loan-1', 'loan-2']);
    expect(page.loans[0]).toEqual({
      loanId: 'loan-1',
      lenderId: 'lender-a',
      lenderName: '星河示范消费金融有限公司',
      contractNumber: 'HT-1',
      borrower: { name: '王芳', idNumber: '11010519491231002X', phone: '13800138000' },
      principalFen: 1_200_000,
      outstandingPrincipalFen: 1_200_000 - paidPrincipal,
      paidFen: snapshot.payments.reduce((sum, p) => sum + parseYuan(p.amount), 0),
      firstUnpaidDueDate: firstUnpaid.dueDate,
      daysPastDue: dayNumber(today()) - dayNumber(firstUnpaid.dueDate),
      openCase: null,
    });
    expect(page.nextCursor).toBeNull();
  });

  it('follows payments: a reported payment settles interest then principal; the same payment in the next snapshot counts once', async () => {
    const instalmentFen = parseYuan(firstUnpaid.principal) + parseYuan(firstUnpaid.interest);
    await t.db.insertInto('payments').values({ loan_id: 'loan-1', paid_on: today(), amount_fen: instalmentFen, source: 'case_event' }).execute();
    const after = (await selectOverdueLoans(t.db, { limit: 10 })).loans.find((l) => l.loanId === 'loan-1')!;
    expect(after.outstandingPrincipalFen).toBe(1_200_000 - paidPrincipal - parseYuan(firstUnpaid.principal));
    expect(after.firstUnpaidDueDate).toBe(snapshot.schedule[4]!.dueDate);

    await upsertLoan(t.db, 'loan-1', { ...snapshot, payments: [...snapshot.payments, { paidAt: today(), amount: formatYuan(instalmentFen) }] });
    const again = (await selectOverdueLoans(t.db, { limit: 10 })).loans.find((l) => l.loanId === 'loan-1')!;
    expect(again.paidFen).toBe(after.paidFen);
    expect(again.outstandingPrincipalFen).toBe(after.outstandingPrincipalFen);
  });

  it('filters by lender, days past due, outstanding principal and whether a case is open', async () => {
    const ids = async (filters: Parameters<typeof selectOverdueLoans>[1]) => (await selectOverdueLoans(t.db, filters)).loans.map((l) => l.loanId);
    expect(await ids({ limit: 10, lenderId: 'lender-b' })).toEqual(['loan-2']);
    const loan2 = (await selectOverdueLoans(t.db, { limit: 10, lenderId: 'lender-b' })).loans[0]!;
    expect(await ids({ limit: 10, minDaysPastDue: loan2.daysPastDue + 1 })).toEqual(['loan-1']);
    expect(await ids({ limit: 10, minDaysPastDue: loan2.daysPastDue })).toEqual(['loan-1', 'loan-2']);
    expect(await ids({ limit: 10, minOutstandingFen: loan2.outstandingPrincipalFen + 1 })).toEqual(
      (await selectOverdueLoans(t.db, { limit: 10 })).loans.filter((l) => l.outstandingPrincipalFen > loan2.outstandingPrincipalFen).map((l) => l.loanId),
    );
    await t.db
      .insertInto('cases')
      .values({ id: 'case-1', loan_id: 'loan-2', lender_id: 'lender-b', workflow_id: 'wf-1', status: 'awaiting_evidence', reason: 'x', response_days: 15, escalated_by: 'test' })
      .execute();
    expect(await ids({ limit: 10, escalated: true })).toEqual(['loan-2']);
    expect(await ids({ limit: 10, escalated: false })).toEqual(['loan-1']);
    expect((await selectOverdueLoans(t.db, { limit: 10, escalated: true })).loans[0]!.openCase).toEqual({ id: 'case-1', status: 'awaiting_evidence' });
  });

  it('pages with a cursor, each loan once, most overdue first', async () => {
    const first = await selectOverdueLoans(t.db, { limit: 1 });
    expect(first.loans.map((l) => l.loanId)).toEqual(['loan-1']);
    const second = await selectOverdueLoans(t.db, { limit: 1, cursor: first.nextCursor! });
    expect(second.loans.map((l) => l.loanId)).toEqual(['loan-2']);
    expect(second.nextCursor).toBeNull();
    await expect(selectOverdueLoans(t.db, { limit: 1, cursor: 'not-a-cursor' })).rejects.toThrow(RangeError);
  });
});
