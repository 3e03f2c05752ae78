import { isoDate, type DayNumber } from './calendar.ts';
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
 *    outstanding that day × capRate / 365, rounded DOWN to the fen (rounding up could let the claim
 *    exceed the cap by half a fen). Outstanding principal falls the day after a principal repayment.
 *    The cap is a yearly rate applied to the calendar year, so it always counts 365 days whatever
 *    day count the contract's daily rate uses (with /360 a full year would otherwise be 24.33 %).
 * 2. Charges = every scheduled interest of an instalment due by asOf (plus interest accrued to the
 *    acceleration date) + penalty + compound + fees, whether repaid or not: the cap is on what the
 *    borrower pays for the money over the whole loan, so repaid charges use the cap up first.
 * 3. What may still be claimed = lawful maximum − charges already repaid (never below zero). If the
 *    outstanding charges exceed it, the excess is taken off in this order, within a component
 *    latest accrual first: penalty (罚息) → compound (复利) → fees → contractual interest. Penalty and
 *    compound interest are damages for breach, which courts reduce first (民法典 第585条); fees come
 *    next; contractual interest is the agreed price of the loan and goes last.
 * 4. Charges the borrower already paid beyond the maximum are reported, not offset against
 *    principal: the borrower may ask the court for that, the lender's claim does not presume it.
 */

/** Days per year of the cap rate (see method, point 1). */
export const CAP_DAYS_PER_YEAR = 365n;

const REDUCTION_ORDER: readonly ClaimComponent[] = ['penalty', 'compound', 'fee', 'interest'];

export interface CapInput {
  rule: InterestCapRule;
  /** Σ outstanding principal (fen) × days over (disbursed, asOf]. */
  principalDays: bigint;
  disbursed: DayNumber;
  asOf: DayNumber;
}

/** Applies the cap to the charge lines in place (capReductionFen, amountFen) and describes it. */
export function applyInterestCap(lines: ClaimLine[], input: CapInput): CapApplication {
  const capRate = capRateOf(input.rule);
  const lawfulMaximumFen = Number((input.principalDays * capRate.scaled) / (CAP_DAYS_PER_YEAR * RATE_SCALE));
  let accrued = 0;
  let repaid = 0;
  for (const line of lines) {
    if (line.component === 'principal') continue;
    accrued += line.accruedFen ?? line.amountFen;
    repaid += line.repaidFen ?? 0;
  }
  const before = accrued - repaid;
  const after = Math.min(before, Math.max(0, lawfulMaximumFen - repaid));
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
  };
}

function explain(input: CapInput, maximum: Fen, accrued: Fen, repaid: Fen, before: Fen, after: Fen): string {
  const y = (fen: Fen) => `${formatYuanGrouped(fen)}元`;
  const parts = [
    `利息、复利、罚息及费用总计以${describeCapRule(input.rule)}为限（法发〔2017〕22号 第2条）。`,
    `上限 = 每日实际未还本金之和 × 上限年利率 ÷ 365，计算期间自放款次日${isoDate(input.disbursed + 1)}至${isoDate(input.asOf)}，` +
      `本金·天数合计${formatYuanDays(input.principalDays)}元·天，上限为${y(maximum)}（向下取整到分；本金自还款次日起减少）。`,
    `截至${isoDate(input.asOf)}，已到期利息及罚息、复利、费用合计${y(accrued)}，借款人已还${y(repaid)}，尚欠${y(before)}。`,
  ];
  if (before > after) {
    parts.push(
      `超出上限${y(before - after)}，依次从罚息、复利、费用、利息中调减（罚息、复利属违约责任，法院最先调整；合同利息为借款对价，最后调整；` +
        `同一项目先减最近产生的部分），调减后主张${y(after)}。`,
    );
  } else {
    parts.push(`未超过上限，无需调减，主张${y(after)}。`);
  }
  if (repaid > maximum) parts.push(`借款人已还费用已超过上限${y(repaid - maximum)}，本计算未将其冲抵本金。`);
  parts.push('计算日后继续产生的罚息、复利，与上述费用合计仍以该上限为限。');
  return parts.join('');
}

/** Fen·days as grouped yuan·days; a bigint because it outgrows 2^53 for large, long loans. */
function formatYuanDays(fenDays: bigint): string {
  const cents = fenDays % 100n;
  const whole = (fenDays / 100n).toString().replace(/\B(?=(\d{3})+$)/g, ',');
  return `${whole}.${cents.toString().padStart(2, '0')}`;
}
