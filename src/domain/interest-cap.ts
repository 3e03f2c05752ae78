import { z } from 'zod';
import { Rate } from './loan-snapshot.ts';
import { type ExactRate, formatPercent, formatRate, multiplyRates, parseRate } from './rate.ts';

/**
 * A lender's cap on interest + compound + penalty + fees, as courts apply it when the borrower
 * asks (法发〔2017〕22号 第2条: 24 % a year; some courts 4× LPR). Default: 24 % a year.
 */
export const InterestCapRule = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('annual_rate'), rate: Rate }),
  z.strictObject({ rule: z.literal('lpr_multiple'), multiple: Rate, lpr: Rate }),
]);
export type InterestCapRule = z.infer<typeof InterestCapRule>;

export const DEFAULT_INTEREST_CAP: InterestCapRule = { rule: 'annual_rate', rate: '0.24' };

/** The cap as an exact yearly rate: the rate itself, or multiple × LPR (4 × 0.0345 = 0.138). */
export function capRateOf(rule: InterestCapRule): ExactRate {
  return rule.rule === 'annual_rate' ? parseRate(rule.rate) : multiplyRates(parseRate(rule.multiple), parseRate(rule.lpr));
}

/** Words for the cap rule in explanations: "年利率24%" or "4倍LPR（LPR 3.45%，即年利率13.8%）". */
export function describeCapRule(rule: InterestCapRule): string {
  const rate = formatPercent(capRateOf(rule));
  if (rule.rule === 'annual_rate') return `年利率${rate}`;
  return `${formatRate(parseRate(rule.multiple))}倍LPR（LPR ${formatPercent(parseRate(rule.lpr))}，即年利率${rate}）`;
}
