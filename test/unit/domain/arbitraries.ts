import fc from 'fast-check';
import { addMonths, dayNumber, isoDate } from '../../../src/domain/calendar.ts';
import type { ClaimOptions } from '../../../src/domain/claim-calculation.ts';
import { RepaymentMethod } from '../../../src/domain/loan-snapshot.ts';
import { formatYuan } from '../../../src/domain/money.ts';
import { buildSchedule } from '../../../src/domain/schedule.ts';
import { loanWith } from './fixtures.ts';

/** Random consistent loans with random payments, dates and options. */
export const scenario = fc
  .record({
    method: fc.constantFrom(...RepaymentMethod.options),
    principalFen: fc.integer({ min: 100_000, max: 50_000_000 }),
    ratePpm: fc.integer({ min: 1_000, max: 480_000 }),
    markupPpm: fc.constantFrom(0, 300_000, 500_000),
    term: fc.integer({ min: 1, max: 36 }),
    startOffset: fc.integer({ min: 0, max: 2_000 }),
    compound: fc.boolean(),
    payments: fc.array(fc.record({ dayOffset: fc.integer({ min: 0, max: 1_400 }), fraction: fc.integer({ min: 1, max: 400 }) }), { maxLength: 12 }),
    asOfOffset: fc.integer({ min: 0, max: 1_500 }),
    capPpm: fc.constantFrom(240_000, 138_000, 100_000, 50_000),
    accelerate: fc.boolean(),
    feesFen: fc.constantFrom(0, 0, 5_000, 2_000_000),
    dayCountBasis: fc.constantFrom(360 as const, 365 as const),
    paymentAllocation: fc.constantFrom('per_instalment' as const, 'civil_code_561' as const),
    capScope: fc.constantFrom('loan_life' as const, 'claimed' as const),
  })
  .map((s) => {
    const startDate = isoDate(dayNumber('2019-01-01') + s.startOffset);
    const annualRate = (s.ratePpm / 1e6).toFixed(6);
    const schedule = buildSchedule(s.method, s.principalFen, annualRate, s.term, startDate);
    const loan = loanWith({
      principal: formatYuan(s.principalFen),
      annualRate,
      penaltyRateMarkup: (s.markupPpm / 1e6).toFixed(6),
      compoundInterest: s.compound,
      startDate,
      termMonths: s.term,
      maturityDate: addMonths(startDate, s.term),
      method: s.method,
      schedule,
      // Payments of up to 4 % of the principal each (fraction / 10,000), any day after disbursement.
      payments: s.payments.map((p) => ({
        paidAt: isoDate(dayNumber(startDate) + p.dayOffset),
        amount: formatYuan(Math.max(1, Math.floor((s.principalFen * p.fraction) / 10_000))),
      })),
    });
    const asOf = isoDate(dayNumber(startDate) + s.asOfOffset);
    const options: ClaimOptions = {
      cap: { rule: 'annual_rate', rate: (s.capPpm / 1e6).toFixed(6) },
      accelerate: s.accelerate,
      feesFen: s.feesFen,
      dayCountBasis: s.dayCountBasis,
      paymentAllocation: s.paymentAllocation,
      capScope: s.capScope,
    };
    return { loan, asOf, options };
  });
