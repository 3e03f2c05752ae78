import type { CapScope, ClaimConventions } from './claim-conventions.ts';
import type { InterestCapRule } from './interest-cap.ts';

import type { Fen } from './money.ts';

/** Money is integer fen (分) everywhere inside the service; yuan strings only at the edges. */
export type { Fen };

export type ClaimComponent = 'principal' | 'interest' | 'penalty' | 'compound' | 'fee';

/** One row of the 欠款计算明细: one component of one period (or of the accelerated remainder). */
export interface ClaimLine {
  /** Schedule period, or null for a line that is not tied to one (acceleration, fees). */
  period: number | null;
  component: ClaimComponent;
  /** The amount the rate runs on (for principal lines: the principal itself). */
  basisFen: Fen;
  /** Yearly rate applied, as a decimal string ("0.27"); null where no rate applies. */
  rate: string | null;
  /** Inclusive start and exclusive end of the accrual, ISO dates; null for non-accruing lines. */
  from: string | null;
  to: string | null;
  days: number;
  /** What is claimed on this line: accruedFen − repaidFen − capReductionFen. Totals are sums of these. */
  amountFen: Fen;
  /** How the amount was reached, in the document's words (e.g. "逾期本金×罚息利率×天数/360"). */
  rule: string;
  /**
   * Last day counted, inclusive (the day before `to`), for printing "自 from 至 through"; null for
   * non-accruing lines. Accruals count the days after `from − 1` through `through`: days = to − from.
   * (Optional in the type so that hand-made fixtures stay valid; calculateClaim always sets it.)
   */
  through?: string | null;
  /** Scheduled or accrued amount before repayments and the cap (basis × rate × days / day-count, rounded half up). */
  accruedFen?: Fen;
  /** Part of accruedFen that payments already settled. */
  repaidFen?: Fen;
  /** Part of accruedFen removed by the interest cap. */
  capReductionFen?: Fen;
  /**
   * The amount is the repayment schedule's (按还款计划), not basis × rate × days: the lender's plan
   * rounds by months, so the sheet prints the period and marks the amount as the schedule's.
   */
  scheduled?: boolean;
}

export interface ClaimTotals {
  principalFen: Fen;
  interestFen: Fen;
  penaltyFen: Fen;
  compoundFen: Fen;
  feesFen: Fen;
  totalFen: Fen;
}

export interface CapApplication {
  rule: InterestCapRule;
  /** Effective yearly cap rate ("0.24", or multiple × LPR). */
  capRate: string;
  /** Interest + penalty + compound + fees still claimed (not yet repaid), before and after the cap. */
  chargesBeforeCapFen: Fen;
  chargesAfterCapFen: Fen;
  reductionFen: Fen;
  binding: boolean;
  /**
   * Most the borrower can lawfully be charged over the whole loan up to asOf: Σ outstanding principal ×
   * days × capRate / dayCountBasis, rounded down. (Optional fields: always set by calculateClaim.)
   */
  lawfulMaximumFen?: Fen;
  /** All charges scheduled or accrued up to asOf, repaid or not, before the cap. */
  chargesAccruedFen?: Fen;
  /** Charges the borrower already paid; they count against the lawful maximum first. */
  chargesRepaidFen?: Fen;
  /** Which charges the cap covers (lender setting; absent on claims calculated before it existed: 'loan_life'). */
  scope?: CapScope;
  /** Explanation printed under the calculation. */
  explanation: string;
}

/** The claim of a case as of a date, line by line, capped, ready for the 欠款计算明细 and the complaint. */
export interface ClaimCalculation {
  contractNumber: string;
  asOf: string;
  /**
   * First day of default: the day after the due date of the oldest instalment whose principal or
   * interest is still unpaid at asOf (penalty runs from that day), or null if none is. Every
   * document prints this one date as the start of default.
   */
  overdueSince: string | null;
  accelerated: boolean;
  lines: ClaimLine[];
  /** Totals after the cap: these are what documents claim. */
  totals: ClaimTotals;
  cap: CapApplication;
  /**
   * What was already repaid up to asOf, applied in the lender's payment order (conventions).
   * totalFen is every payment received; an advance payment not yet applied to an instalment (no
   * instalment due yet) is `unappliedFen`; fees are claimed as owed at asOf, so feesFen is 0. The
   * parts add up to totalFen.
   */
  repaid: { principalFen: Fen; interestFen: Fen; penaltyFen: Fen; totalFen: Fen; compoundFen?: Fen; feesFen?: Fen; unappliedFen?: Fen };
  /** What keeps accruing after asOf "until actual repayment" (至实际清偿之日止), within the cap. Set by calculateClaim. */
  continuing?: ContinuingInterest;
  /** The lender's conventions this claim was calculated with (all filled in). Set by calculateClaim. */
  conventions?: Required<ClaimConventions>;
  /** Penalty interest that keeps accruing per day after asOf "until actual repayment" (at continuing.penaltyRate). */
  dailyPenaltyFen: Fen;
  /** Compound interest that keeps accruing per day after asOf on unpaid interest (0 without a compound clause). */
  dailyCompoundFen?: Fen;
  /** Daily rate convention used: 360 (日利率 = 年利率/360, default) or 365. */
  dayCountBasis?: 360 | 365;
  penaltyRate: string;
  totalInWords: string;
}

/**
 * Interest that continues after asOf until the borrower pays (至实际清偿之日止). Never above the cap:
 * once the cap binds, penalty and compound together run at the cap rate on the unpaid principal
 * (the lawful maximum grows by exactly that each day); otherwise penalty runs on the unpaid
 * principal, and with a compound clause compound on the unpaid interest, each at the penalty rate
 * but at most the cap rate, all charges together still within the cap.
 */
export interface ContinuingInterest {
  /** First day of the continuing accrual: the day after asOf. */
  from: string;
  /** Unpaid principal the penalty runs on (0: nothing continues on principal). */
  principalFen: Fen;
  /** Yearly rate on principalFen: min(penalty rate, cap rate), or the cap rate when the cap binds. */
  penaltyRate: string;
  /** Unpaid interest compound runs on; 0 without a compound clause or once the cap binds. */
  compoundBasisFen: Fen;
  compoundRate: string;
  /** The cap binds at asOf: one rate for penalty and compound together. */
  capBinding: boolean;
  capRate: string;
  dayCountBasis: 360 | 365;
}
