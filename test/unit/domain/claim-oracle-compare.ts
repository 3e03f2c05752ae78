/** calculateClaim's figures beside the oracle's: the list of differences (empty when they agree). */
import { calculateClaim, type ClaimOptions } from '../../../src/domain/claim-calculation.ts';
import type { LoanSnapshot } from '../../../src/domain/loan-snapshot.ts';
import { oracleClaim } from './claim-oracle.ts';

export function compareWithOracle(loan: LoanSnapshot, asOf: string, options: ClaimOptions): string[] {
  const claim = calculateClaim(loan, asOf, options);
  const oracle = oracleClaim(loan, asOf, options);
  const ours = {
    totals: claim.totals,
    repaid: {
      principalFen: claim.repaid.principalFen,
      interestFen: claim.repaid.interestFen,
      penaltyFen: claim.repaid.penaltyFen,
      compoundFen: claim.repaid.compoundFen,
      feesFen: claim.repaid.feesFen,
      unappliedFen: claim.repaid.unappliedFen,
      totalFen: claim.repaid.totalFen,
    },
    cap: {
      lawfulMaximumFen: claim.cap.lawfulMaximumFen,
      chargesAccruedFen: claim.cap.chargesAccruedFen,
      chargesRepaidFen: claim.cap.chargesRepaidFen,
      chargesBeforeCapFen: claim.cap.chargesBeforeCapFen,
      chargesAfterCapFen: claim.cap.chargesAfterCapFen,
    },
    overdueSince: claim.overdueSince,
    accelerated: claim.accelerated,
    dailyPenaltyFen: claim.dailyPenaltyFen,
    dailyCompoundFen: claim.dailyCompoundFen,
  };
  const differences: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
      for (const key of Object.keys(b)) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    } else if (a !== b) differences.push(`${path}: calculateClaim ${String(a)}, oracle ${String(b)}`);
  };
  walk(ours, oracle, 'claim');
  return differences;
}
