import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, isoDate } from '../../../src/domain/calendar.ts';
import { calculateClaim } from '../../../src/domain/claim-calculation.ts';
import type { ClaimComponent } from '../../../src/domain/claim.ts';
import { validateLoan } from '../../../src/domain/loan-validation.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import { scenario } from './arbitraries.ts';

describe('calculateClaim properties', () => {
  it('generates only loans that pass validation (the precondition)', () => {
    fc.assert(
      fc.property(scenario, ({ loan }) => {
        expect(validateLoan(loan)).toEqual([]);
      }),
    );
  });

  it('exercises binding caps, acceleration, partial payments and advance payments', () => {
    // Guards the properties below against passing vacuously: the generated loans must reach
    // every branch they are about.
    const claims = fc.sample(scenario, { numRuns: 400, seed: 20240229 }).map(({ loan, asOf, options }) => calculateClaim(loan, asOf, options));
    expect(claims.filter((c) => c.cap.binding).length).toBeGreaterThan(10);
    expect(claims.filter((c) => !c.cap.binding && c.totals.totalFen > 0).length).toBeGreaterThan(10);
    expect(claims.filter((c) => c.accelerated).length).toBeGreaterThan(10);
    expect(claims.filter((c) => c.repaid.penaltyFen > 0).length).toBeGreaterThan(10);
    expect(claims.filter((c) => (c.repaid.unappliedFen ?? 0) > 0).length).toBeGreaterThan(10);
    expect(claims.filter((c) => c.totals.compoundFen > 0).length).toBeGreaterThan(10);
    expect(claims.filter((c) => (c.cap.chargesRepaidFen ?? 0) > (c.cap.lawfulMaximumFen ?? 0)).length).toBeGreaterThan(0);
  });

  it('totals always equal the sum of their lines', () => {
    fc.assert(
      fc.property(scenario, ({ loan, asOf, options }) => {
        const claim = calculateClaim(loan, asOf, options);
        const sum = (component: ClaimComponent) => claim.lines.filter((l) => l.component === component).reduce((s, l) => s + l.amountFen, 0);
        expect(claim.totals.principalFen).toBe(sum('principal'));
        expect(claim.totals.interestFen).toBe(sum('interest'));
        expect(claim.totals.penaltyFen).toBe(sum('penalty'));
        expect(claim.totals.compoundFen).toBe(sum('compound'));
        expect(claim.totals.feesFen).toBe(sum('fee'));
        expect(claim.totals.totalFen).toBe(claim.lines.reduce((s, l) => s + l.amountFen, 0));
      }),
    );
  });

  it('every line is accrued − repaid − cap reduction, never negative, and counts its days', () => {
    fc.assert(
      fc.property(scenario, ({ loan, asOf, options }) => {
        for (const line of calculateClaim(loan, asOf, options).lines) {
          const { accruedFen = -1, repaidFen = -1, capReductionFen = -1 } = line;
          expect(line.amountFen).toBe(accruedFen - repaidFen - capReductionFen);
          expect(Math.min(line.amountFen, repaidFen, capReductionFen)).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(line.amountFen)).toBe(true);
          if (line.from !== null && line.to !== null) {
            expect(line.days).toBe(dayNumber(line.to) - dayNumber(line.from));
            expect(line.to <= isoDate(dayNumber(asOf) + 1)).toBe(true);
          }
        }
      }),
    );
  });

  it('capped charges never exceed the cap', () => {
    fc.assert(
      fc.property(scenario, ({ loan, asOf, options }) => {
        const { cap, totals } = calculateClaim(loan, asOf, options);
        const maximum = cap.lawfulMaximumFen ?? -1;
        const repaid = cap.chargesRepaidFen ?? -1;
        expect(totals.interestFen + totals.penaltyFen + totals.compoundFen + totals.feesFen).toBe(cap.chargesAfterCapFen);
        // What was paid plus what is still claimed stays within the lawful maximum; where the
        // borrower already paid more than it, nothing more is claimed.
        // With the 'claimed' scope only what is claimed is measured against the maximum.
        if (options.capScope === 'claimed') expect(cap.chargesAfterCapFen).toBeLessThanOrEqual(maximum);
        else if (repaid <= maximum) expect(cap.chargesAfterCapFen + repaid).toBeLessThanOrEqual(maximum);
        else expect(cap.chargesAfterCapFen).toBe(0);
        expect(cap.chargesAfterCapFen).toBeLessThanOrEqual(cap.chargesBeforeCapFen);
        expect(cap.binding).toBe(cap.reductionFen > 0);
        // The cap only cuts what the borrower would otherwise owe: it binds only above the maximum.
        if (cap.binding) expect((options.capScope === 'claimed' ? cap.chargesBeforeCapFen : (cap.chargesAccruedFen ?? 0)) > maximum).toBe(true);
      }),
    );
  });

  it('accounts for every payment exactly once', () => {
    fc.assert(
      fc.property(scenario, ({ loan, asOf, options }) => {
        const { repaid } = calculateClaim(loan, asOf, options);
        const received = loan.payments.filter((p) => p.paidAt <= asOf).reduce((s, p) => s + parseYuan(p.amount), 0);
        expect(repaid.totalFen).toBe(received);
        expect(repaid.principalFen + repaid.interestFen + repaid.penaltyFen + (repaid.compoundFen ?? 0) + (repaid.unappliedFen ?? 0)).toBe(received);
      }),
    );
  });

  it('never claims more principal than is unpaid', () => {
    fc.assert(
      fc.property(scenario, ({ loan, asOf, options }) => {
        const claim = calculateClaim(loan, asOf, options);
        expect(claim.totals.principalFen + claim.repaid.principalFen).toBeLessThanOrEqual(parseYuan(loan.contract.principal));
        if (claim.accelerated || asOf >= loan.schedule[loan.schedule.length - 1]!.dueDate) {
          // everything is due: claimed + repaid principal is the whole principal
          expect(claim.totals.principalFen + claim.repaid.principalFen).toBe(parseYuan(loan.contract.principal));
        }
      }),
    );
  });
});
