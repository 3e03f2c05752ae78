/**
 * calculateClaim against the naive day-by-day decimal oracle (claim-oracle.ts) over random loans:
 * every repayment method, partial, early and late payments, compound on and off, caps binding or
 * not, 360/365, both payment orders and cap scopes, leap days, acceleration. Any difference fails
 * with the loan that shows it (fast-check shrinks it).
 *
 * `npm test` runs CLAIM_ORACLE_RUNS (default 300) loans; `npm run test:claim-oracle` runs 10,000.
 * CLAIM_ORACLE_SEED fixes the seed (printed on every run).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateClaim } from '../../../src/domain/claim-calculation.ts';
import { compareWithOracle } from './claim-oracle-compare.ts';
import { scenario } from './arbitraries.ts';

const runs = Number(process.env.CLAIM_ORACLE_RUNS ?? 300);
const seed = Number(process.env.CLAIM_ORACLE_SEED ?? Date.now() % 2 ** 31);

describe('calculateClaim agrees with a naive day-by-day implementation', () => {
  it(`to the fen, on ${runs} random loans (seed ${seed})`, () => {
    console.info(`claim oracle: seed ${seed}, ${runs} loans`);
    fc.assert(
      fc.property(scenario, ({ loan, asOf, options }) => {
        expect(compareWithOracle(loan, asOf, options)).toEqual([]);
      }),
      { numRuns: runs, seed },
    );
  });

  it('the generated loans reach every convention and branch', () => {
    const samples = fc.sample(scenario, { numRuns: 400, seed: 7 });
    const claims = samples.map(({ loan, asOf, options }) => ({ options, claim: calculateClaim(loan, asOf, options) }));
    expect(claims.filter((c) => c.options.paymentAllocation === 'civil_code_561' && c.claim.repaid.penaltyFen > 0).length).toBeGreaterThan(5);
    expect(claims.filter((c) => c.options.capScope === 'claimed' && c.claim.cap.binding).length).toBeGreaterThan(5);
    expect(claims.filter((c) => c.options.dayCountBasis === 365 && c.claim.totals.penaltyFen > 0).length).toBeGreaterThan(5);
    expect(claims.filter((c) => c.claim.accelerated).length).toBeGreaterThan(5);
    expect(claims.filter((c) => c.claim.totals.compoundFen > 0).length).toBeGreaterThan(5);
  });
});
