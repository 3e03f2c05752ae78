/**
 * 还款明细: per period the schedule (due date, principal, interest) against what the borrower's
 * payments settled (replayed by claim-ledger.ts, the same bookkeeping as the claim), then every
 * payment received. Made as of the bundle's date.
 */
import { z } from 'zod';
import { dayNumber } from '../../domain/calendar.ts';
import { type InstalmentState, replayLedger } from '../../domain/claim-ledger.ts';
import { parseYuan } from '../../domain/money.ts';
import { parseRate, penaltyRateOf } from '../../domain/rate.ts';
import { formatDate, formatFen } from '../format.ts';
import { Amount, amount } from '../views.ts';
import type { ExhibitDocument, ExhibitSource } from './source.ts';

const S = z.string();

export const RepaymentLedgerView = z.object({
  lender: z.object({ name: S }),
  borrower: z.object({ name: S }),
  contract: z.object({ title: S, number: S }),
  disbursement: z.object({ date: S, amount: Amount }),
  asOf: S,
  /** paid: principal and interest paid; penaltyPaid: penalty and compound interest paid. */
  periods: z.array(z.object({ period: S, dueDate: S, principal: S, interest: S, scheduled: S, principalPaid: S, interestPaid: S, penaltyPaid: S, paid: S, status: S })),
  totals: z.object({ principal: S, interest: S, scheduled: S, principalPaid: S, interestPaid: S, penaltyPaid: S, paid: S }),
  payments: z.array(z.object({ index: S, paidAt: S, amount: S })),
  paymentsTotal: Amount,
  noPayments: z.boolean(),
  credit: S.optional(),
  date: S,
});
export type RepaymentLedgerView = z.infer<typeof RepaymentLedgerView>;

function status(s: InstalmentState, due: boolean): string {
  const owed = s.scheduledPrincipalFen + s.scheduledInterestFen - s.principalPaidFen - s.interestPaidFen;
  if (!due) return owed === 0 ? '已结清' : '未到期';
  return owed === 0 ? '已结清' : '逾期';
}

export function repaymentLedgerView(source: ExhibitSource): RepaymentLedgerView {
  const { loan } = source;
  const { contract } = loan;
  const ledger = replayLedger({
    instalments: loan.schedule.map((row) => ({ period: row.period, due: dayNumber(row.dueDate), principalFen: parseYuan(row.principal), interestFen: parseYuan(row.interest) })),
    start: dayNumber(contract.startDate),
    disbursed: dayNumber(loan.disbursement.date),
    principalFen: parseYuan(contract.principal),
    payments: loan.payments.map((p) => ({ day: dayNumber(p.paidAt), amountFen: parseYuan(p.amount) })),
    asOf: dayNumber(source.asOf),
    penaltyRate: penaltyRateOf(parseRate(contract.annualRate), parseRate(contract.penaltyRateMarkup)),
    compound: contract.compoundInterest,
    dayCountBasis: source.dayCountBasis ?? 360,
  });
  const dueDates = new Map(loan.schedule.map((row) => [row.period, row.dueDate]));
  const rows = [...ledger.due.map((s) => ({ s, due: true })), ...ledger.notDue.map((s) => ({ s, due: false }))].sort((a, b) => a.s.period - b.s.period);
  const t = { principal: 0, interest: 0, principalPaid: 0, interestPaid: 0, penaltyPaid: 0 };
  const periods = rows.map(({ s, due }) => {
    const penaltyPaid = s.penaltyPaidFen + s.compoundPaidFen;
    t.principal += s.scheduledPrincipalFen;
    t.interest += s.scheduledInterestFen;
    t.principalPaid += s.principalPaidFen;
    t.interestPaid += s.interestPaidFen;
    t.penaltyPaid += penaltyPaid;
    return {
      period: String(s.period),
      dueDate: dueDates.get(s.period) ?? '',
      principal: formatFen(s.scheduledPrincipalFen),
      interest: formatFen(s.scheduledInterestFen),
      scheduled: formatFen(s.scheduledPrincipalFen + s.scheduledInterestFen),
      principalPaid: formatFen(s.principalPaidFen),
      interestPaid: formatFen(s.interestPaidFen),
      penaltyPaid: formatFen(penaltyPaid),
      paid: formatFen(s.principalPaidFen + s.interestPaidFen),
      status: status(s, due),
    };
  });
  const asOfDay = source.asOf;
  const payments = loan.payments.filter((p) => p.paidAt <= asOfDay).sort((a, b) => (a.paidAt < b.paidAt ? -1 : a.paidAt > b.paidAt ? 1 : 0));
  return {
    lender: { name: source.lenderName },
    borrower: { name: loan.borrower.name },
    contract: { title: source.contractTitle, number: contract.number },
    disbursement: { date: formatDate(loan.disbursement.date), amount: amount(parseYuan(loan.disbursement.amount)) },
    asOf: formatDate(source.asOf),
    periods,
    totals: {
      principal: formatFen(t.principal),
      interest: formatFen(t.interest),
      scheduled: formatFen(t.principal + t.interest),
      principalPaid: formatFen(t.principalPaid),
      interestPaid: formatFen(t.interestPaid),
      penaltyPaid: formatFen(t.penaltyPaid),
      paid: formatFen(t.principalPaid + t.interestPaid),
    },
    payments: payments.map((p, i) => ({ index: String(i + 1), paidAt: p.paidAt, amount: formatFen(parseYuan(p.amount)) })),
    paymentsTotal: amount(ledger.paymentsFen),
    noPayments: payments.length === 0,
    ...(ledger.creditFen > 0 ? { credit: formatFen(ledger.creditFen) } : {}),
    date: formatDate(source.asOf),
  };
}

export const repaymentLedger: ExhibitDocument<RepaymentLedgerView> = {
  kind: 'repayment_ledger',
  template: 'exhibit_repayment_ledger',
  schema: RepaymentLedgerView,
  view: repaymentLedgerView,
};
