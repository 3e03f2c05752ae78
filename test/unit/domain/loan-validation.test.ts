import { describe, expect, it } from 'vitest';
import { isAmountError, scheduledInterestWarnings, validateLoan } from '../../../src/domain/loan-validation.ts';
import type { LoanSnapshot } from '../../../src/domain/loan-snapshot.ts';
import { buildSchedule } from '../../../src/domain/schedule.ts';
import { loanWith } from './fixtures.ts';

function validLoan(): LoanSnapshot {
  return loanWith({
    principal: '1000.00',
    annualRate: '0.12',
    startDate: '2024-01-31',
    termMonths: 3,
    maturityDate: '2024-04-30',
    method: 'equal_principal',
    schedule: buildSchedule('equal_principal', 100_000, '0.12', 3, '2024-01-31'),
    payments: [{ paidAt: '2024-02-29', amount: '343.33' }],
  });
}

function paths(loan: LoanSnapshot): string[] {
  return validateLoan(loan).map((e) => e.path);
}

describe('validateLoan', () => {
  it('accepts a consistent loan of every repayment method', () => {
    expect(validateLoan(validLoan())).toEqual([]);
    for (const method of ['equal_installment', 'equal_principal', 'interest_first'] as const) {
      const loan = loanWith({
        principal: '12000.00',
        annualRate: '0.18',
        startDate: '2024-01-15',
        termMonths: 12,
        maturityDate: '2025-01-15',
        method,
        schedule: buildSchedule(method, 1_200_000, '0.18', 12, '2024-01-15'),
      });
      expect(validateLoan(loan), method).toEqual([]);
    }
    const bullet = loanWith({
      principal: '12000.00',
      annualRate: '0.18',
      startDate: '2024-01-15',
      termMonths: 12,
      maturityDate: '2025-01-15',
      method: 'bullet',
      schedule: buildSchedule('bullet', 1_200_000, '0.18', 12, '2024-01-15'),
    });
    expect(validateLoan(bullet)).toEqual([]);
  });

  it('checks the resident ID checksum and that birth date and gender agree with it', () => {
    const badChecksum = validLoan();
    badChecksum.borrower.idNumber = '110105194912310021';
    expect(validateLoan(badChecksum)).toEqual([{ path: 'borrower.idNumber', message: expect.stringContaining('check character') }]);

    const otherPerson = validLoan();
    otherPerson.borrower.birthDate = '1950-01-01';
    otherPerson.borrower.gender = 'male';
    expect(paths(otherPerson)).toEqual(['borrower.birthDate', 'borrower.gender']);
  });

  it('rejects a schedule that does not add up, skips a period or goes back in time', () => {
    const wrongSum = validLoan();
    wrongSum.schedule[2]!.principal = '333.33'; // 333.33 × 3 = 999.99 ≠ 1,000.00
    expect(validateLoan(wrongSum)).toContainEqual({
      path: 'schedule',
      message: 'schedule principal adds up to 999.99, not the contract principal 1000.00',
    });

    const gap = validLoan();
    gap.schedule[1]!.period = 3;
    expect(paths(gap)).toContain('schedule[1].period');

    const backwards = validLoan();
    backwards.schedule[2]!.dueDate = '2024-03-31';
    expect(paths(backwards)).toContain('schedule[2].dueDate');

    const pastMaturity = validLoan();
    pastMaturity.contract.maturityDate = '2024-04-29';
    expect(paths(pastMaturity)).toContain('schedule[2].dueDate');
  });

  it('rejects disbursement that differs from the principal or precedes signing', () => {
    const less = validLoan();
    less.disbursement.amount = '900.00'; // 100.00 withheld up front (砍头息)
    expect(validateLoan(less)).toEqual([{ path: 'disbursement.amount', message: expect.stringContaining('第670条') }]);

    const more = validLoan();
    more.disbursement.amount = '1000.01';
    expect(paths(more)).toEqual(['disbursement.amount']);

    const early = validLoan();
    early.disbursement.date = '2024-01-30';
    expect(paths(early)).toEqual(['disbursement.date']);
  });

  it('rejects a payment before disbursement and impossible contract dates', () => {
    const payment = validLoan();
    payment.payments.push({ paidAt: '2024-01-30', amount: '10.00' });
    expect(paths(payment)).toEqual(['payments[1].paidAt']);

    const dates = validLoan();
    dates.contract.maturityDate = '2024-01-31';
    expect(paths(dates)).toContain('contract.maturityDate');
  });

  it('checks the shape of each repayment method', () => {
    const interestFirst = validLoan();
    interestFirst.contract.repaymentMethod = 'interest_first';
    expect(paths(interestFirst)).toEqual(['schedule[0].principal']);

    const bullet = validLoan();
    bullet.contract.repaymentMethod = 'bullet';
    expect(paths(bullet)).toEqual(['schedule']);

    const instalment = validLoan();
    instalment.contract.repaymentMethod = 'equal_installment'; // 343.33 vs 339.99: not an annuity
    expect(paths(instalment)).toEqual(['schedule[1]']);

    const term = validLoan();
    term.contract.termMonths = 4;
    expect(paths(term)).toEqual(['contract.maturityDate', 'schedule']);
  });

  it('tells amount errors from the others', () => {
    expect(isAmountError({ path: 'schedule[2].principal', message: '' })).toBe(true);
    expect(isAmountError({ path: 'disbursement.amount', message: '' })).toBe(true);
    expect(isAmountError({ path: 'borrower.idNumber', message: '' })).toBe(false);
  });

  it('refuses rates outside (0, 1] and markups outside [0, 1]', () => {
    const free = validLoan();
    free.contract.annualRate = '0';
    expect(validateLoan(free)).toEqual([{ path: 'contract.annualRate', message: expect.stringContaining('more than 0 and at most 1') }]);
    const usury = validLoan();
    usury.contract.annualRate = '1.2';
    usury.contract.penaltyRateMarkup = '1.5';
    expect(paths(usury)).toEqual(['contract.annualRate', 'contract.penaltyRateMarkup']);
    const full = validLoan();
    full.contract.penaltyRateMarkup = '1';
    expect(paths(full)).not.toContain('contract.penaltyRateMarkup');
  });

  it('refuses a disbursement after the start date and a maturity that does not fit the term', () => {
    const late = validLoan();
    late.disbursement.date = '2024-02-01';
    expect(validateLoan(late)).toContainEqual({ path: 'disbursement.date', message: expect.stringContaining('after the start date 2024-01-31') });

    const maturity = validLoan();
    maturity.contract.maturityDate = '2024-05-31'; // 3 months from 2024-01-31 end on 2024-04-30
    expect(validateLoan(maturity)).toEqual([{ path: 'contract.maturityDate', message: expect.stringContaining('ends on 2024-04-30') }]);
  });

  it('lists unreadable and oversized amounts with their paths instead of throwing', () => {
    const loan = validLoan();
    loan.payments[0]!.amount = '343.333';
    loan.schedule[1]!.interest = '10000000000.01';
    expect(validateLoan(loan)).toEqual([
      { path: 'schedule[1].interest', message: expect.stringContaining('above the largest accepted amount 10000000000.00') },
      { path: 'payments[0].amount', message: '"343.333" is not an amount in yuan with at most two decimals' },
    ]);
  });

  it('warns (does not refuse) when scheduled interest does not fit the rate, with the figure the rate gives', () => {
    expect(scheduledInterestWarnings(validLoan())).toEqual([]);
    const loan = validLoan();
    loan.schedule[1]!.interest = '15.00'; // 666.67 × 12 % ÷ 12 = 6.67
    expect(validateLoan(loan)).toEqual([]);
    expect(scheduledInterestWarnings(loan)).toEqual([
      { path: 'schedule[1].interest', message: expect.stringContaining('the rate gives 6.67 (666.67 × 0.12 × 1 ÷ 12)') },
    ]);
  });
});
