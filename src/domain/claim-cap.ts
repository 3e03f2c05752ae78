import { chineseDate, type DayNumber } from './calendar.ts';
import type { CapScope, DayCountBasis } from './claim-conventions.ts';
import type { CapApplication, ClaimComponent, ClaimLine } from './claim.ts';
import { capRateOf, describeCapRule, type InterestCapRule } from './interest-cap.ts';
import { type Fen, formatYuanGrouped } from './money.ts';
import { formatRate, RATE_SCALE } from './rate.ts';

/**
 * The interest cap as courts apply it (法发〔2017〕22号 第2条: interest, compound, penalty,
 * liquidated damages and other fees together are supported up to 24 % a year; some courts use
 * 4 × LPR; the rule is a lender setting).
 *
 * Method:
 * 1. Lawful maximum = Σ over every day in (disbursement date, asOf] of the principal actually
 *    outstanding that day × capRate / dayCountBasis, rounded DOWN to the fen (rounding up could let
 *    the claim exceed the cap by half a fen). Outstanding principal falls the day after a principal
 *    repayment. The day count is the one the interest uses (the lender's setting, 360 by default),
 *    so the sheet states a single convention: a daily rate is the yearly rate ÷ the basis.
 * 2. Charges = every scheduled interest of an instalment due by asOf (plus interest accrued to the
 *    acceleration date) + penalty + compound + fees.
 * 3. Scope (lender setting, claim-conventions.ts):
 *    - 'loan_life': charges repaid or not count; what may still be claimed = lawful maximum −
 *      charges already repaid (never below zero): repaid charges use the cap up first.
 *    - 'claimed': only the charges claimed now count; what may be claimed = the lawful maximum.
 *    If the outstanding charges exceed what may be claimed, the excess is taken off in this order,
 *    within a component latest accrual first: penalty (罚息) → compound (复利) → fees → contractual
 *    interest. Penalty and compound interest are damages for breach, which courts reduce first
 *    (民法典 第585条); fees come next; contractual interest is the agreed price of the loan and goes last.
 * 4. Charges the borrower already paid beyond the maximum are reported, not offset against
 *    principal: the borrower may ask the court for that, the lender's claim does not presume it.
 */

const REDUCTION_ORDER: readonly ClaimComponent[] = ['penalty', 'compound', 'fee', 'interest'];

export interface CapInput {
  rule: InterestCapRule;
  /** Σ outstanding principal (fen) × days over (disbursed, asOf]. */
  principalDays: bigint;
  disbursed: DayNumber;
  asOf: DayNumber;
  dayCountBasis: DayCountBasis;
  scope: CapScope;
}

/** Applies the cap to the charge lines in place (capReductionFen, amountFen) and describes it. */
export function applyInterestCap(lines: ClaimLine[], input: CapInput): CapApplication {
  const capRate = capRateOf(input.rule);
  const lawfulMaximumFen = Number((input.principalDays * capRate.scaled) / (BigInt(input.dayCountBasis) * RATE_SCALE));
  let accrued = 0;
  let repaid = 0;
  for (const line of lines) {
    if (line.component === 'principal') continue;
    accrued += line.accruedFen ?? line.amountFen;
    repaid += line.repaidFen ?? 0;
  }
  const before = accrued - repaid;
  const allowed = input.scope === 'claimed' ? lawfulMaximumFen : Math.max(0, lawfulMaximumFen - repaid);
  const after = Math.min(before, allowed);
  let toReduce = before - after;
  for (const component of REDUCTION_ORDER) {
    for (let i = lines.length - 1; i >= 0 && toReduce > 0; i--) {
      const line = lines[i]!;
      if (line.component !== component || line.amountFen === 0) continue;
      const cut = Math.min(line.amountFen, toReduce);
      line.capReductionFen = (line.capReductionFen ?? 0) + cut;
      line.amountFen -= cut;
      toReduce -= cut;
    }
  }
  return {
    rule: input.rule,
    capRate: formatRate(capRate),
    chargesBeforeCapFen: before,
    chargesAfterCapFen: after,
    reductionFen: before - after,
    binding: before > after,
    explanation: explain(input, lawfulMaximumFen, accrued, repaid, before, after),
    lawfulMaximumFen,
    chargesAccruedFen: accrued,
    chargesRepaidFen: repaid,
    scope: input.scope,
  };
}

/** The cap in the words of a judgment: no formulas, dates as 2024年3月5日. */
function explain(input: CapInput, maximum: Fen, accrued: Fen, repaid: Fen, before: Fen, after: Fen): string {
  const y = (fen: Fen) => `${formatYuanGrouped(fen)}元`;
  const asOf = chineseDate(input.asOf);
  const parts = [
    `依照《最高人民法院关于进一步加强金融审判工作的若干意见》（法发〔2017〕22号）第二条，利息、复利、罚息及其他费用合计以${describeCapRule(input.rule)}为限。`,
    `本明细自放款次日即${chineseDate(input.disbursed + 1)}起至${asOf}止，逐日以借款人当日实际尚欠的本金为基数，按上述年利率除以${input.dayCountBasis}得出的日利率计算，` +
      `各日相加得出上限${y(maximum)}（不足一分的部分舍去）；借款人归还本金的，自还款次日起按减少后的本金计算。`,
  ];
  if (input.scope === 'claimed') {
    parts.push(
      `该上限仅适用于本次主张的款项：截至${asOf}，借款人尚欠利息、复利、罚息及费用合计${y(before)}（借款人此前已支付的${y(repaid)}不计入）。`,
    );
  } else {
    parts.push(
      `借款期间的全部利息、复利、罚息及费用均计入上限，已支付的部分先行占用上限：截至${asOf}，上述款项共计${y(accrued)}，借款人已支付${y(repaid)}，尚欠${y(before)}。`,
    );
  }
  if (before > after) {
    parts.push(
      `超出上限的${y(before - after)}本明细不予主张，依次从罚息、复利、费用、利息中核减（罚息、复利属违约责任，最先核减；合同利息为借款的对价，最后核减；` +
        `同一项目先核减最近产生的部分），核减后主张${y(after)}。`,
    );
  } else {
    parts.push(`未超过上限，全部主张，即${y(after)}。`);
  }
  if (input.scope === 'loan_life' && repaid > maximum) parts.push(`借款人已支付的上述款项已超过上限${y(repaid - maximum)}，本明细未将其冲抵本金。`);
  return parts.join('');
}
