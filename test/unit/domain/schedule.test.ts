import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RepaymentMethod } from '../../../src/domain/loan-snapshot.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import { buildSchedule } from '../../../src/domain/schedule.ts';

describe('buildSchedule', () => {
  it('equal_installment: annuity rounded to the fen, last period takes the remainder', () => {
    // P = 1,000.00, 12 %/yr → r = 1 %/month, n = 2.
    // A = P·r·(1+r)^n / ((1+r)^n − 1) = 1000 × 0.01 × 1.0201 / 0.0201 = 10.201 / 0.0201 = 507.5124… → 507.51
    // period 1: interest 1000 × 1 % = 10.00, principal 507.51 − 10.00 = 497.51, balance 502.49
    // period 2: interest 502.49 × 1 % = 5.0249 → 5.02, principal = the balance 502.49 (502.49 + 5.02 = 507.51)
    expect(buildSchedule('equal_installment', 100_000, '0.12', 2, '2024-01-15')).toEqual([
      { period: 1, dueDate: '2024-02-15', principal: '497.51', interest: '10.00' },
      { period: 2, dueDate: '2024-03-15', principal: '502.49', interest: '5.02' },
    ]);
  });

  it('equal_principal: ⌊P/n⌋ each period, month-end due dates, last period takes the remainder', () => {
    // P = 1,000.00 = 100,000 fen, n = 3: ⌊100,000 / 3⌋ = 33,333 → 333.33, 333.33, last 333.34
    // interest: 1000.00 × 1 % = 10.00; 666.67 × 1 % = 6.6667 → 6.67; 333.34 × 1 % = 3.3334 → 3.33
    // started 01-31: due 02-29 (2024 is a leap year), 03-31, 04-30
    expect(buildSchedule('equal_principal', 100_000, '0.12', 3, '2024-01-31')).toEqual([
      { period: 1, dueDate: '2024-02-29', principal: '333.33', interest: '10.00' },
      { period: 2, dueDate: '2024-03-31', principal: '333.33', interest: '6.67' },
      { period: 3, dueDate: '2024-04-30', principal: '333.34', interest: '3.33' },
    ]);
  });

  it('bullet: one period at maturity, interest P × rate × months / 12', () => {
    // 10,000.00 × 12 % × 12 / 12 = 1,200.00
    expect(buildSchedule('bullet', 1_000_000, '0.12', 12, '2023-01-10')).toEqual([
      { period: 1, dueDate: '2024-01-10', principal: '10000.00', interest: '1200.00' },
    ]);
  });

  it('interest_first: monthly interest, principal with the last period', () => {
    // 12,000.00 × 18 % / 12 = 180.00 a month
    expect(buildSchedule('interest_first', 1_200_000, '0.18', 3, '2024-01-01')).toEqual([
      { period: 1, dueDate: '2024-02-01', principal: '0.00', interest: '180.00' },
      { period: 2, dueDate: '2024-03-01', principal: '0.00', interest: '180.00' },
      { period: 3, dueDate: '2024-04-01', principal: '12000.00', interest: '180.00' },
    ]);
  });

  it('a zero rate spreads the principal evenly', () => {
    // 100.00 / 3 = 33.333… → ⌊⌋ 33.33, 33.33, last 33.34
    expect(buildSchedule('equal_installment', 10_000, '0', 3, '2024-01-01').map((e) => [e.principal, e.interest])).toEqual([
      ['33.33', '0.00'],
      ['33.33', '0.00'],
      ['33.34', '0.00'],
    ]);
  });

  it('always repays exactly the principal; equal instalments are equal but for the last', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RepaymentMethod.options),
        fc.integer({ min: 100_000, max: 100_000_000 }), // 1,000 yuan and up, as consumer loans are
        fc.integer({ min: 0, max: 360_000 }),
        fc.integer({ min: 1, max: 60 }),
        (method, principal, ratePpm, term) => {
          const schedule = buildSchedule(method, principal, (ratePpm / 1e6).toFixed(6), term, '2024-01-31');
          expect(schedule.reduce((sum, e) => sum + parseYuan(e.principal), 0)).toBe(principal);
          expect(schedule.length).toBe(method === 'bullet' ? 1 : term);
          if (method === 'equal_installment' && schedule.length > 2) {
            const instalments = schedule.slice(0, -1).map((e) => parseYuan(e.principal) + parseYuan(e.interest));
            expect(new Set(instalments).size).toBe(1);
          }
        },
      ),
    );
  });
});
