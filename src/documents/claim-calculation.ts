/**
 * 欠款计算明细: how every line of the ClaimCalculation accrues (basis, rate, dates, days, accrued),
 * how it is settled (accrued − repaid − cap reduction = outstanding, with column sums equal to the
 * claimed totals), the conventions used, the cap in legal prose, the repayments split completely,
 * and the continuing-interest sentence every document shares.
 */
import { z } from 'zod';
import type { ClaimCalculation, ClaimLine } from '../domain/claim.ts';
import { DEFAULT_CLAIM_CONVENTIONS } from '../domain/claim-conventions.ts';
import { documentDate } from './evidence-list.ts';
import { addDays } from '../domain/calendar.ts';
import { formatDate, formatFen, formatRate } from './format.ts';
import type { DocumentDefinition } from './generate.ts';
import type { CaseDocuments } from './input.ts';
import { ClaimView, claimView, COMPONENT_TEXT, ContractView, contractView, LenderView, lenderView } from './views.ts';

const S = z.string();

export const ClaimCalculationView = z.object({
  lender: LenderView,
  borrower: z.object({ name: S }),
  contract: ContractView,
  claim: ClaimView,
  /** The conventions of this calculation, one sentence each. */
  conventions: z.array(S),
  /** How each line accrues. */
  calculation: z.array(z.object({ no: S, period: S, component: S, basis: S, rate: S, from: S, to: S, days: S, accrued: S })),
  /** How each line is settled: accrued − repaid − cap reduction = outstanding. */
  settlement: z.array(z.object({ no: S, period: S, component: S, accrued: S, repaid: S, reduction: S, outstanding: S })),
  sums: z.object({ accrued: S, repaid: S, reduction: S, outstanding: S }),
  date: S,
});
export type ClaimCalculationView = z.infer<typeof ClaimCalculationView>;

const DASH = '—';

const ALLOCATION_TEXT = {
  per_instalment: '还款按合同约定的顺序冲抵：先到期的期次先冲抵，同一期次内依次冲抵罚息、复利、利息、本金；还款日当日仍按原欠款计息，次日起按冲抵后的余额计算；提前还入的款项在各期到期日冲抵该期利息和本金。',
  civil_code_561: '还款按《中华人民共和国民法典》第五百六十一条的顺序冲抵：先冲抵全部已到期的费用和利息（含罚息、复利，先到期的期次在先），再冲抵本金；还款日当日仍按原欠款计息，次日起按冲抵后的余额计算；提前还入的款项在各期到期日冲抵该期利息和本金。',
} as const;

const CAP_SCOPE_TEXT = {
  loan_life: '利率上限适用于借款期间的全部利息、复利、罚息及费用，借款人已支付的部分先行计入上限。',
  claimed: '利率上限仅适用于本次主张的利息、复利、罚息及费用，借款人此前已支付的部分不计入。',
} as const;

function conventionTexts(claim: ClaimCalculation, compoundInterest: boolean): string[] {
  const conventions = claim.conventions ?? { ...DEFAULT_CLAIM_CONVENTIONS, dayCountBasis: claim.dayCountBasis ?? 360 };
  const basis = conventions.dayCountBasis;
  return [
    `日利率按年利率除以${basis}计算（全年按${basis}天计），利息、罚息、复利及利率上限均采用同一口径；天数算尾不算头，即自起始日（含）至截止日（含）。`,
    '各期约定利息按还款计划确定的金额计算（表中标注“按还款计划”），不按日重新计算。',
    `罚息自每期到期日的次日起计收，以该期逾期本金为基数，按逾期罚息年利率${formatRate(claim.penaltyRate)}计算：逾期本金×罚息年利率×天数÷${basis}。`,
    compoundInterest
      ? `复利自每期到期日的次日起计收，以该期欠付利息为基数，按逾期罚息年利率计算：欠付利息×罚息年利率×天数÷${basis}；罚息不计复利。`
      : '合同未约定计收复利，本明细不计复利。',
    ...(claim.accelerated ? [`宣布提前到期的，当期利息以剩余本金为基数，按合同年利率自当期起息日计至${formatDate(claim.asOf)}，不超过当期约定利息；以后各期利息不予主张。`] : []),
    ALLOCATION_TEXT[conventions.paymentAllocation],
    CAP_SCOPE_TEXT[conventions.capScope],
    '每一行金额单独四舍五入到分，合计为各行之和。',
  ];
}

function periodText(line: ClaimLine, accelerated: boolean): string {
  return line.period === null ? (line.component === 'fee' ? DASH : accelerated ? '提前到期' : DASH) : `第${line.period}期`;
}

function claimCalculationView(input: CaseDocuments): ClaimCalculationView {
  const c = input.claim;
  let accrued = 0;
  let repaid = 0;
  let reduction = 0;
  let outstanding = 0;
  const calculation: ClaimCalculationView['calculation'] = [];
  const settlement: ClaimCalculationView['settlement'] = [];
  c.lines.forEach((l, i) => {
    const no = String(i + 1);
    const period = periodText(l, c.accelerated);
    const component = COMPONENT_TEXT[l.component];
    const lineAccrued = l.accruedFen ?? l.amountFen;
    const lineRepaid = l.repaidFen ?? 0;
    const lineReduction = l.capReductionFen ?? 0;
    const accrues = l.from !== null && l.to !== null;
    calculation.push({
      no,
      period,
      component,
      basis: accrues ? formatFen(l.basisFen) : DASH,
      rate: l.scheduled === true ? '按还款计划' : l.rate === null ? DASH : formatRate(l.rate),
      // Accrual runs from `from` (inclusive) to `to` (exclusive): print the inclusive last day.
      from: accrues ? l.from! : DASH,
      to: accrues ? addDays(l.to!, -1) : '',
      days: accrues ? String(l.days) : DASH,
      accrued: formatFen(lineAccrued),
    });
    settlement.push({
      no,
      period,
      component,
      accrued: formatFen(lineAccrued),
      repaid: formatFen(lineRepaid),
      reduction: formatFen(lineReduction),
      outstanding: formatFen(l.amountFen),
    });
    accrued += lineAccrued;
    repaid += lineRepaid;
    reduction += lineReduction;
    outstanding += l.amountFen;
  });
  return {
    lender: lenderView(input),
    borrower: { name: input.borrower.name },
    contract: contractView(input),
    claim: claimView(c, input.contract.compoundInterest),
    conventions: conventionTexts(c, input.contract.compoundInterest),
    calculation,
    settlement,
    sums: { accrued: formatFen(accrued), repaid: formatFen(repaid), reduction: formatFen(reduction), outstanding: formatFen(outstanding) },
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
