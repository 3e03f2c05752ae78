/** 欠款计算明细: every line of the ClaimCalculation, the cap applied, the totals. */
import { z } from 'zod';
import { documentDate } from './evidence-list.ts';
import { addDays } from '../domain/calendar.ts';
import { formatFen, formatRate } from './format.ts';
import type { DocumentDefinition } from './generate.ts';
import type { CaseDocuments } from './input.ts';
import { ClaimView, claimView, COMPONENT_TEXT, ContractView, contractView, LenderView, lenderView } from './views.ts';

const S = z.string();

export const ClaimCalculationView = z.object({
  lender: LenderView,
  borrower: z.object({ name: S }),
  contract: ContractView,
  claim: ClaimView,
  lines: z.array(z.object({ period: S, component: S, basis: S, rate: S, range: z.object({ from: S, to: S }).optional(), days: S, amount: S, rule: S })),
  date: S,
});
export type ClaimCalculationView = z.infer<typeof ClaimCalculationView>;

const DASH = '—';

function claimCalculationView(input: CaseDocuments): ClaimCalculationView {
  const c = input.claim;
  return {
    lender: lenderView(input),
    borrower: { name: input.borrower.name },
    contract: contractView(input),
    claim: claimView(c, input.contract.compoundInterest),
    lines: c.lines.map((l) => ({
      period: l.period === null ? (c.accelerated ? '提前到期' : DASH) : `第${l.period}期`,
      component: COMPONENT_TEXT[l.component],
      basis: formatFen(l.basisFen),
      rate: l.rate === null ? DASH : formatRate(l.rate),
      // Accrual runs from `from` (inclusive) to `to` (exclusive): print the inclusive last day.
      ...(l.from !== null && l.to !== null ? { range: { from: l.from, to: addDays(l.to, -1) } } : {}),
      days: l.from === null ? DASH : String(l.days),
      amount: formatFen(l.amountFen),
      rule: l.rule,
    })),
    date: documentDate(input),
  };
}

export const claimCalculation: DocumentDefinition<ClaimCalculationView> = {
  type: 'claim_calculation',
  template: 'claim_calculation',
  schema: ClaimCalculationView,
  view: claimCalculationView,
  fileName: () => '欠款计算明细',
};
