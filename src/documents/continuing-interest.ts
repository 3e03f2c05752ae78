/**
 * The one sentence every document uses for what keeps accruing after the claim date
 * (至实际清偿之日止): the complaint, the demand and lawyer's letters and the 欠款计算明细 print the
 * same words, built here from the claim's `continuing` terms (never above the cap rate; once the
 * cap binds, one cap-rate accrual on the unpaid principal for penalty and compound together).
 */
import type { ClaimCalculation, ContinuingInterest } from '../domain/claim.ts';
import { parseRate } from '../domain/rate.ts';
import { addDays } from '../domain/calendar.ts';
import { formatDate, formatFen, formatRate } from './format.ts';

/** The sentence; when nothing is left to accrue on, the sentence says so and why. */
export function continuingInterestSentence(claim: ClaimCalculation): string {
  const c = claim.continuing ?? legacyTerms(claim);
  const from = formatDate(c.from);
  const cap = `利息、罚息、复利及费用合计以年利率${formatRate(c.capRate)}为限`;
  const asOf = formatDate(claim.asOf);
  if (c.capBinding) {
    if (c.principalFen === 0) return `截至${asOf}，借款人无逾期本金，且利息、罚息、复利及费用已达利率上限，此后不再继续计收。`;
    return `自${from}起，以未还本金${formatFen(c.principalFen)}元为基数，按年利率${formatRate(c.penaltyRate)}（利率上限）计收罚息及复利至实际清偿之日止，不再另行计收复利；${cap}。`;
  }
  const parts: string[] = [];
  if (c.principalFen > 0) parts.push(`以未还本金${formatFen(c.principalFen)}元为基数，按年利率${formatRate(c.penaltyRate)}计收罚息`);
  if (c.compoundBasisFen > 0) parts.push(`以欠付利息${formatFen(c.compoundBasisFen)}元为基数，按年利率${formatRate(c.compoundRate)}计收复利`);
  if (parts.length === 0) return `截至${asOf}，借款人无逾期本金及应计复利的欠付利息，此后不再继续计收罚息、复利。`;
  return `自${from}起，${parts.join('；')}，${parts.length > 1 ? '均' : ''}至实际清偿之日止；${cap}。`;
}

/** Claims calculated before `continuing` existed: the same terms from their totals. */
function legacyTerms(claim: ClaimCalculation): ContinuingInterest {
  const capRate = claim.cap.capRate;
  const rate = claim.cap.binding || parseRate(capRate).scaled < parseRate(claim.penaltyRate).scaled ? capRate : claim.penaltyRate;
  return {
    from: addDays(claim.asOf, 1),
    principalFen: claim.totals.principalFen,
    penaltyRate: rate,
    compoundBasisFen: claim.cap.binding || (claim.dailyCompoundFen ?? 0) === 0 ? 0 : claim.totals.interestFen,
    compoundRate: rate,
    capBinding: claim.cap.binding,
    capRate,
    dayCountBasis: claim.dayCountBasis ?? 360,
  };
}
