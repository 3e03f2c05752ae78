import type { LoanSnapshot, RepaymentMethod, ScheduleEntry } from '../../../src/domain/loan-snapshot.ts';
import { fixtureBorrower } from '../../support/fixture-borrower.ts';

/**
 * A consistent loan snapshot for tests. The borrower's ID 11010519491231002X is the example of
 * GB 11643 itself; its check character is worked out by hand in resident-id.test.ts.
 */
export function loanWith(parts: {
  principal: string;
  annualRate: string;
  penaltyRateMarkup?: string;
  compoundInterest?: boolean;
  startDate: string;
  termMonths: number;
  maturityDate: string;
  method: RepaymentMethod;
  schedule: ScheduleEntry[];
  payments?: { paidAt: string; amount: string }[];
  accelerationClause?: boolean;
}): LoanSnapshot {
  return {
    lenderId: 'lender-1',
    borrower: { ...fixtureBorrower },
    contract: {
      number: 'HT-2024-0001',
      signedAt: parts.startDate,
      principal: parts.principal,
      annualRate: parts.annualRate,
      penaltyRateMarkup: parts.penaltyRateMarkup ?? '0.5',
      compoundInterest: parts.compoundInterest ?? false,
      termMonths: parts.termMonths,
      startDate: parts.startDate,
      maturityDate: parts.maturityDate,
      repaymentMethod: parts.method,
      onlineSigned: true,
      ...(parts.accelerationClause === undefined ? {} : { accelerationClause: parts.accelerationClause }),
    },
    disbursement: { date: parts.startDate, amount: parts.principal },
    schedule: parts.schedule,
    payments: parts.payments ?? [],
  };
}

export const CAP_24 = { rule: 'annual_rate', rate: '0.24' } as const;
