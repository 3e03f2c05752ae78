/**
 * The 欠款计算明细 read back from its PDF (pdftotext), for claims calculateClaim computed on test
 * loans of every kind (each repayment method, partial, late and advance payments, compound on and
 * off, caps binding or not, both payment orders and cap scopes, 360/365, acceleration): every
 * settlement row is accrued − repaid − cap reduction = outstanding, the rows add up to the printed
 * 合计 and to the claimed totals, and 已还款项 is complete and adds up to the ledger's repayments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateClaim } from '../../../src/domain/claim-calculation.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import { generate } from '../../../src/documents/generate.ts';
import { DOCUMENTS } from '../../../src/documents/registry.ts';
import { scenario } from '../domain/arbitraries.ts';
import { caseInput } from './fixtures.ts';
import { compact, pdfText, withoutFooters } from './helpers.ts';
import { continuingInterestSentence } from '../../../src/documents/continuing-interest.ts';
import { loanWith } from '../domain/fixtures.ts';

const AMOUNT = '(\\d{1,3}(?:,\\d{3})*\\.\\d{2})';
const fen = (printed: string) => parseYuan(printed.replaceAll(',', ''));
const COMPONENTS = ['本金', '利息', '罚息', '复利', '费用'] as const;

function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + from.length);
  expect(start, from).toBeGreaterThanOrEqual(0);
  expect(end, to).toBeGreaterThan(start);
  return text.slice(start + from.length, end);
}

interface SheetReadBack {
  rows: { component: string; accrued: number; repaid: number; reduction: number; outstanding: number }[];
  sums: { accrued: number; repaid: number; reduction: number; outstanding: number };
  summary: Record<string, number>;
  repaid: { total: number; principal: number; interest: number; penalty: number; compound: number; fees: number; unapplied: number };
}

function readSheet(text: string): SheetReadBack {
  const settlement = between(text, '三、逐项结算', '四、汇总');
  const row = new RegExp(`^\\s*\\d+\\s+(?:第\\d+期|提前到期|—)\\s+(本金|利息|罚息|复利|费用)\\s+${AMOUNT}\\s+${AMOUNT}\\s+${AMOUNT}\\s+${AMOUNT}\\s*$`, 'gm');
  const rows = [...settlement.matchAll(row)].map((m) => ({ component: m[1]!, accrued: fen(m[2]!), repaid: fen(m[3]!), reduction: fen(m[4]!), outstanding: fen(m[5]!) }));
  const total = new RegExp(`合计\\s+${AMOUNT}\\s+${AMOUNT}\\s+${AMOUNT}\\s+${AMOUNT}`).exec(settlement);
  expect(total, 'the 合计 row of the settlement table').not.toBeNull();
  const summaryText = between(text, '四、汇总', '五、利率上限');
  const summary: Record<string, number> = {};
  for (const label of [...COMPONENTS, '合计']) {
    const m = new RegExp(`${label}\\s+${AMOUNT}`).exec(summaryText);
    if (m) summary[label] = fen(m[1]!);
  }
  const repaidText = between(text, '六、已还款项', '七、继续计收').replace(/\s+/g, '');
  const part = (label: string) => {
    const m = new RegExp(`${label}${AMOUNT}元`).exec(repaidText);
    expect(m, `已还款项: ${label}`).not.toBeNull();
    return fen(m![1]!);
  };
  return {
    rows,
    sums: { accrued: fen(total![1]!), repaid: fen(total![2]!), reduction: fen(total![3]!), outstanding: fen(total![4]!) },
    summary,
    repaid: {
      total: part('已还款合计'),
      principal: part('冲抵本金'),
      interest: part('、利息'),
      penalty: part('、罚息'),
      compound: part('、复利'),
      fees: part('、费用'),
      unapplied: part('时冲抵）'),
    },
  };
}

describe('欠款计算明细 read back from the PDF', () => {
  const cases = fc.sample(scenario, { numRuns: 10, seed: 1204 });

  it.each(cases.map((c, i) => [i + 1, c] as const))('test loan %i: the lines add up to the claim and 已还款项 to the repayments', async (_, { loan, asOf, options }) => {
    const claim = calculateClaim(loan, asOf, options);
    const doc = await generate(
      DOCUMENTS.claim_calculation,
      caseInput({ claim, contract: { ...loan.contract, number: claim.contractNumber }, disbursement: loan.disbursement }),
      { formats: ['pdf'] },
    );
    const sheet = readSheet(withoutFooters(pdfText(doc.pdf!.bytes, 'layout')));

    // Every line of the claim is a row, and each row settles: accrued − repaid − cut = outstanding.
    expect(sheet.rows).toHaveLength(claim.lines.length);
    for (const r of sheet.rows) expect(r.accrued - r.repaid - r.reduction).toBe(r.outstanding);
    const sum = (key: 'accrued' | 'repaid' | 'reduction' | 'outstanding') => sheet.rows.reduce((s, r) => s + r[key], 0);
    expect(sheet.sums).toEqual({ accrued: sum('accrued'), repaid: sum('repaid'), reduction: sum('reduction'), outstanding: sum('outstanding') });

    // The rows add up to the claimed totals, component by component, and to the total claimed.
    const byComponent = (label: string) => sheet.rows.filter((r) => r.component === label).reduce((s, r) => s + r.outstanding, 0);
    expect(sheet.summary['本金']).toBe(byComponent('本金'));
    expect(sheet.summary['利息']).toBe(byComponent('利息'));
    expect(sheet.summary['罚息']).toBe(byComponent('罚息'));
    expect(sheet.summary['复利'] ?? 0).toBe(byComponent('复利'));
    expect(sheet.summary['费用']).toBe(byComponent('费用'));
    expect(sheet.summary['合计']).toBe(sheet.sums.outstanding);
    expect(sheet.sums.outstanding).toBe(claim.totals.totalFen);
    expect(sheet.sums.reduction).toBe(claim.cap.reductionFen);

    // 已还款项: complete, its parts add up to what the ledger received, and what went to the lines is the 已还 column.
    const received = loan.payments.filter((p) => p.paidAt <= asOf).reduce((s, p) => s + parseYuan(p.amount), 0);
    const { total, principal, interest, penalty, compound, fees, unapplied } = sheet.repaid;
    expect(total).toBe(received);
    expect(principal + interest + penalty + compound + fees + unapplied).toBe(total);
    expect(principal + interest + penalty + compound + fees).toBe(sheet.sums.repaid);
  });

  it('the sample covers late and advance payments, both payment orders, compound, binding caps and acceleration', () => {
    const claims = cases.map(({ loan, asOf, options }) => ({ claim: calculateClaim(loan, asOf, options), options }));
    expect(claims.some(({ claim }) => claim.repaid.penaltyFen > 0)).toBe(true);
    expect(claims.some(({ claim }) => (claim.repaid.unappliedFen ?? 0) > 0)).toBe(true);
    expect(claims.some(({ claim, options }) => options.paymentAllocation === 'civil_code_561' && claim.repaid.totalFen > 0)).toBe(true);
    expect(claims.some(({ claim }) => claim.totals.compoundFen > 0)).toBe(true);
    expect(claims.some(({ claim }) => claim.cap.binding)).toBe(true);
    expect(claims.some(({ claim }) => claim.accelerated)).toBe(true);
  });
});

describe('continuing interest (至实际清偿之日止)', () => {
  // 36 % bullet loan, penalty 54 %, compound clause, 24 % cap: the cap binds at 2024-03-10.
  const loan = loanWith({
    principal: '10000.00',
    annualRate: '0.36',
    compoundInterest: true,
    startDate: '2023-01-10',
    termMonths: 12,
    maturityDate: '2024-01-10',
    method: 'bullet',
    schedule: [{ period: 1, dueDate: '2024-01-10', principal: '10000.00', interest: '3600.00' }],
  });

  it('is one sentence, the same in the sheet, the complaint, the demand letter and the lawyer letter', async () => {
    const claim = calculateClaim(loan, '2024-03-10', { cap: { rule: 'annual_rate', rate: '0.24' } });
    const sentence = continuingInterestSentence(claim);
    // The cap binds: penalty and compound together at the cap rate on the unpaid principal, never at 54 %.
    expect(claim.cap.binding).toBe(true);
    expect(sentence).toBe('自2024年3月11日起，以未还本金10,000.00元为基数，按年利率24%（利率上限）计收罚息及复利至实际清偿之日止，不再另行计收复利；利息、罚息、复利及费用合计以年利率24%为限。');
    const { title, clauses } = caseInput().contract;
    const input = caseInput({ claim, contract: { ...loan.contract, number: claim.contractNumber, title, clauses }, disbursement: loan.disbursement });
    for (const type of ['claim_calculation', 'complaint', 'demand_letter', 'lawyer_letter'] as const) {
      const doc = await generate(DOCUMENTS[type], input, { formats: ['pdf'] });
      const text = compact(withoutFooters(pdfText(doc.pdf!.bytes)));
      expect(text, type).toContain(compact(sentence));
      expect(text.split('至实际清偿之日止').length - 1, type).toBe(1);
    }
  });

  it('below the cap: penalty on the principal and compound on the interest, each at most the cap rate', () => {
    // 20 % contract, penalty 30 %: 10 days after maturity the charges (2,000.00 + 83.33 + 16.67) are below the cap (2,500.00).
    const below = { ...loan, contract: { ...loan.contract, annualRate: '0.2' }, schedule: [{ ...loan.schedule[0]!, interest: '2000.00' }] };
    const claim = calculateClaim(below, '2024-01-20', { cap: { rule: 'annual_rate', rate: '0.24' } });
    expect(claim.cap.binding).toBe(false);
    expect(continuingInterestSentence(claim)).toBe(
      '自2024年1月21日起，以未还本金10,000.00元为基数，按年利率24%计收罚息；以欠付利息2,000.00元为基数，按年利率24%计收复利，均至实际清偿之日止；利息、罚息、复利及费用合计以年利率24%为限。',
    );
  });
});
