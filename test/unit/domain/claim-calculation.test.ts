import { describe, expect, it } from 'vitest';
import { calculateClaim } from '../../../src/domain/claim-calculation.ts';
import type { ClaimCalculation, ClaimLine } from '../../../src/domain/claim.ts';
import { CAP_24, loanWith } from './fixtures.ts';

/** The lines of one component, as [period, amountFen] pairs, to compare with hand arithmetic. */
function amounts(claim: ClaimCalculation, component: ClaimLine['component']): [number | null, number][] {
  return claim.lines.filter((l) => l.component === component).map((l) => [l.period, l.amountFen]);
}

// Bullet loan: 10,000.00 at 12 %/yr, penalty +50 % → 18 %/yr, one instalment 2024-01-10 of
// 10,000.00 principal + 1,200.00 interest (10,000 × 12 % × 12/12). Disbursed 2023-01-10.
const bullet = (payments: { paidAt: string; amount: string }[] = [], annualRate = '0.12', interest = '1200.00') =>
  loanWith({
    principal: '10000.00',
    annualRate,
    startDate: '2023-01-10',
    termMonths: 12,
    maturityDate: '2024-01-10',
    method: 'bullet',
    schedule: [{ period: 1, dueDate: '2024-01-10', principal: '10000.00', interest }],
    payments,
  });

describe('calculateClaim: bullet loan (到期一次性还本付息)', () => {
  it('claims principal, interest and penalty across 29 February, cap not binding', () => {
    const claim = calculateClaim(bullet(), '2024-03-10', { cap: CAP_24 });
    // Overdue days: 2024-01-11 … 2024-03-10 = 21 (Jan) + 29 (Feb, leap year) + 10 (Mar) = 60
    // Penalty: 1,000,000 fen × 18 % × 60 / 360 = 1,000,000 × 0.03 = 30,000 fen
    expect(claim.lines.find((l) => l.component === 'penalty')).toMatchObject({
      period: 1,
      basisFen: 1_000_000,
      rate: '0.18',
      from: '2024-01-11',
      to: '2024-03-11',
      through: '2024-03-10',
      days: 60,
      amountFen: 30_000,
    });
    // Total: 1,000,000 + 120,000 + 30,000 = 1,150,000 fen = 11,500.00
    expect(claim.totals).toEqual({ principalFen: 1_000_000, interestFen: 120_000, penaltyFen: 30_000, compoundFen: 0, feesFen: 0, totalFen: 1_150_000 });
    expect(claim.totalInWords).toBe('人民币壹万壹仟伍佰元整');
    // Penalty runs from the day after the due date: that day is the first day of default.
    expect(claim.overdueSince).toBe('2024-01-11');
    expect(claim.penaltyRate).toBe('0.18');
    // Daily penalty after asOf: 1,000,000 × 18 % / 360 = 500 fen
    expect(claim.dailyPenaltyFen).toBe(500);
    // Cap, on the same day count as the interest: principal held 2023-01-11 … 2024-03-10 = 365 + 60 = 425 days;
    // 1,000,000 × 425 × 24 % / 360 = 102,000,000 / 360 = 283,333.33… → 283,333 (rounded down)
    expect(claim.cap).toMatchObject({ lawfulMaximumFen: 283_333, chargesBeforeCapFen: 150_000, chargesAfterCapFen: 150_000, reductionFen: 0, binding: false });
  });

  it('uses actual/365 when asked', () => {
    // 1,000,000 × 18 % × 60 / 365 = 10,800,000 / 365 = 29,589.04… → 29,589
    const claim = calculateClaim(bullet(), '2024-03-10', { cap: CAP_24, dayCountBasis: 365 });
    expect(claim.totals.penaltyFen).toBe(29_589);
    expect(claim.dayCountBasis).toBe(365);
  });

  it('reduces penalty first, then fees, when the cap binds', () => {
    // 24 %/yr contract: interest 10,000 × 24 % = 2,400.00 = 240,000 fen; penalty rate 24 % × 1.5 = 36 %
    // Penalty: 1,000,000 × 36 % × 60 / 360 = 60,000; fees 500.00 = 50,000
    // Charges: 240,000 + 60,000 + 50,000 = 350,000; lawful maximum 283,333 (as above)
    // Reduction 350,000 − 283,333 = 66,667: penalty 60,000 → 0, then fees 50,000 − 6,667 = 43,333
    const claim = calculateClaim(bullet([], '0.24', '2400.00'), '2024-03-10', { cap: CAP_24, feesFen: 50_000 });
    expect(claim.cap).toMatchObject({ binding: true, chargesBeforeCapFen: 350_000, chargesAfterCapFen: 283_333, reductionFen: 66_667 });
    expect(claim.totals).toEqual({ principalFen: 1_000_000, interestFen: 240_000, penaltyFen: 0, compoundFen: 0, feesFen: 43_333, totalFen: 1_283_333 });
    expect(claim.lines.find((l) => l.component === 'penalty')).toMatchObject({ accruedFen: 60_000, capReductionFen: 60_000, amountFen: 0 });
    expect(claim.totalInWords).toBe('人民币壹万贰仟捌佰叁拾叁元叁角叁分');
    expect(claim.cap.explanation).toContain('超出上限的666.67元');
    expect(claim.cap.explanation).not.toMatch(/\d{4}-\d{2}-\d{2}|元·天|×|÷/);
    // Once the cap binds, what continues runs at the cap rate on the unpaid principal only.
    expect(claim.continuing).toMatchObject({ capBinding: true, principalFen: 1_000_000, penaltyRate: '0.24', compoundBasisFen: 0 });
  });

  it('applies a 4 × LPR cap', () => {
    // cap 4 × 3.45 % = 13.8 %: 1,000,000 × 425 × 13.8 % / 360 = 58,650,000 / 360 = 162,916.66… → 162,916
    // charges 120,000 + 30,000 = 150,000 < 162,916: not binding
    const claim = calculateClaim(bullet(), '2024-03-10', { cap: { rule: 'lpr_multiple', multiple: '4', lpr: '0.0345' } });
    expect(claim.cap).toMatchObject({ capRate: '0.138', lawfulMaximumFen: 162_916, binding: false });
    // the penalty rate 18 % is above the 13.8 % cap: what continues after asOf runs at 13.8 %
    expect(claim.continuing).toMatchObject({ capBinding: false, penaltyRate: '0.138' });
    // at 3 × LPR (10.35 %): 1,000,000 × 425 × 10.35 % / 360 = 43,987,500 / 360 = 122,187.5 → 122,187;
    // the 27,813 over it come off the penalty: 30,000 − 27,813 = 2,187
    const tight = calculateClaim(bullet(), '2024-03-10', { cap: { rule: 'lpr_multiple', multiple: '3', lpr: '0.0345' } });
    expect(tight.cap).toMatchObject({ lawfulMaximumFen: 122_187, reductionFen: 27_813, binding: true });
    expect(tight.totals).toMatchObject({ interestFen: 120_000, penaltyFen: 2_187 });
  });

  it('charges no penalty for payment on the due date and one day for payment a day late', () => {
    // 11,200.00 on 2024-01-10 settles interest 1,200.00 and principal 10,000.00 in time
    const onTime = calculateClaim(bullet([{ paidAt: '2024-01-10', amount: '11200.00' }]), '2024-03-10', { cap: CAP_24 });
    expect(onTime.totals.totalFen).toBe(0);
    expect(onTime.overdueSince).toBeNull();
    expect(onTime.totalInWords).toBe('人民币零元整');

    // On 2024-01-11: one day of penalty, 1,000,000 × 18 % / 360 = 500, paid first; then interest 120,000;
    // principal gets 1,120,000 − 500 − 120,000 = 999,500, leaving 500 fen of principal.
    // That 500 fen runs 2024-01-12 … 2024-03-10 = 20 + 29 + 10 = 59 days: 500 × 18 % × 59 / 360 = 14.75 → 15
    const late = calculateClaim(bullet([{ paidAt: '2024-01-11', amount: '11200.00' }]), '2024-03-10', { cap: CAP_24 });
    expect(late.repaid).toMatchObject({ penaltyFen: 500, interestFen: 120_000, principalFen: 999_500, totalFen: 1_120_000 });
    expect(amounts(late, 'penalty')).toEqual([
      [1, 0],
      [1, 15],
    ]);
    expect(late.totals).toMatchObject({ principalFen: 500, interestFen: 0, penaltyFen: 15, totalFen: 515 });
  });
});

describe('calculateClaim: equal principal with partial and late payments (等额本金)', () => {
  // 3,000.00 at 12 %, penalty 18 %, compound interest; started 2024-01-31, due on month ends
  // (2024-02-29, 03-31, 04-30): principal 1,000.00 each, interest 30.00, 20.00, 10.00.
  // Paid 1,030.00 on 2024-02-29 (period 1 in full, on time) and 500.00 on 2024-04-10 (late).
  const loan = loanWith({
    principal: '3000.00',
    annualRate: '0.12',
    compoundInterest: true,
    startDate: '2024-01-31',
    termMonths: 3,
    maturityDate: '2024-04-30',
    method: 'equal_principal',
    schedule: [
      { period: 1, dueDate: '2024-02-29', principal: '1000.00', interest: '30.00' },
      { period: 2, dueDate: '2024-03-31', principal: '1000.00', interest: '20.00' },
      { period: 3, dueDate: '2024-04-30', principal: '1000.00', interest: '10.00' },
    ],
    payments: [
      { paidAt: '2024-04-10', amount: '500.00' }, // given out of order on purpose
      { paidAt: '2024-02-29', amount: '1030.00' },
    ],
  });
  const claim = calculateClaim(loan, '2024-05-10', { cap: CAP_24 });

  it('applies the late payment to penalty, compound, interest, then principal', () => {
    // On 2024-04-10 period 2 is 10 days late (04-01 … 04-10):
    //   penalty 100,000 × 18 % × 10 / 360 = 500; compound 2,000 × 18 % × 10 / 360 = 10
    //   50,000 − 500 − 10 − 2,000 (interest) = 47,490 to principal → 52,510 left
    expect(claim.repaid).toEqual({ principalFen: 147_490, interestFen: 5_000, penaltyFen: 500, compoundFen: 10, feesFen: 0, unappliedFen: 0, totalFen: 153_000 });
  });

  it('accrues penalty per balance segment and compound on unpaid interest', () => {
    // period 2: 500 (paid) then 52,510 × 18 % × 30 / 360 (04-11 … 05-10) = 787.65 → 788
    // period 3: 100,000 × 18 % × 10 / 360 (05-01 … 05-10) = 500; compound 1,000 × 18 % × 10 / 360 = 5
    expect(amounts(claim, 'penalty')).toEqual([
      [2, 0],
      [2, 788],
      [3, 500],
    ]);
    expect(claim.lines.filter((l) => l.component === 'penalty' && l.period === 2).map((l) => [l.from, l.through, l.days, l.basisFen])).toEqual([
      ['2024-04-01', '2024-04-10', 10, 100_000],
      ['2024-04-11', '2024-05-10', 30, 52_510],
    ]);
    expect(amounts(claim, 'compound')).toEqual([
      [2, 0],
      [3, 5],
    ]);
    // principal 52,510 + 100,000; interest 1,000; penalty 1,288; compound 5 → 154,803
    expect(claim.totals).toEqual({ principalFen: 152_510, interestFen: 1_000, penaltyFen: 1_288, compoundFen: 5, feesFen: 0, totalFen: 154_803 });
    expect(claim.totalInWords).toBe('人民币壹仟伍佰肆拾捌元零叁分');
    expect(claim.overdueSince).toBe('2024-04-01');
  });

  it('keeps accruing per day and caps on the principal actually held', () => {
    // daily: 152,510 × 18 % / 360 = 76.255 → 76; compound 1,000 × 18 % / 360 = 0.5 → 1
    expect(claim.dailyPenaltyFen).toBe(76);
    expect(claim.dailyCompoundFen).toBe(1);
    // principal-days: 300,000 × 29 (02-01 … 02-29) + 200,000 × 41 (03-01 … 04-10) + 152,510 × 30 (04-11 … 05-10)
    //   = 8,700,000 + 8,200,000 + 4,575,300 = 21,475,300; × 24 % / 360 = 5,154,072 / 360 = 14,316.86… → 14,316
    // charges accrued 3,000 + 2,000 + 1,000 + 500 + 788 + 10 + 500 + 5 = 7,803, of which repaid 5,510
    expect(claim.cap).toMatchObject({ lawfulMaximumFen: 14_316, chargesAccruedFen: 7_803, chargesRepaidFen: 5_510, chargesBeforeCapFen: 2_293, binding: false });
  });

  it('claims nothing of an instalment not yet due', () => {
    const early = calculateClaim(loan, '2024-04-20', { cap: CAP_24 });
    expect(early.lines.some((l) => l.period === 3)).toBe(false);
    // period 2 only: 52,510 principal; penalty 500 (paid) + 52,510 × 18 % × 10 / 360 = 262.55 → 263
    expect(early.totals).toMatchObject({ principalFen: 52_510, interestFen: 0, penaltyFen: 263, totalFen: 52_773 });
  });
});

describe('calculateClaim: equal instalments with an early payment (等额本息)', () => {
  // 1,000.00 at 12 %: instalments 507.51 (worked out in schedule.test.ts):
  // 2024-02-15: 497.51 + 10.00; 2024-03-15: 502.49 + 5.02. 600.00 paid early, on 2024-01-20.
  const loan = loanWith({
    principal: '1000.00',
    annualRate: '0.12',
    startDate: '2024-01-15',
    termMonths: 2,
    maturityDate: '2024-03-15',
    method: 'equal_installment',
    schedule: [
      { period: 1, dueDate: '2024-02-15', principal: '497.51', interest: '10.00' },
      { period: 2, dueDate: '2024-03-15', principal: '502.49', interest: '5.02' },
    ],
    payments: [{ paidAt: '2024-01-20', amount: '600.00' }],
  });

  it('holds an advance payment until instalments fall due', () => {
    const before = calculateClaim(loan, '2024-02-01', { cap: CAP_24 });
    expect(before.lines).toEqual([]);
    expect(before.totals.totalFen).toBe(0);
    expect(before.repaid).toMatchObject({ unappliedFen: 60_000, totalFen: 60_000, principalFen: 0 });
  });

  it('settles period 1 on its due date and part of period 2 on its own', () => {
    // 2024-02-15: 60,000 pays 1,000 + 49,751 → 9,249 left
    // 2024-03-15: 9,249 pays interest 502 and principal 8,747 → 50,249 − 8,747 = 41,502 overdue
    // penalty 03-16 … 03-20 = 5 days: 41,502 × 18 % × 5 / 360 = 103.755 → 104
    const claim = calculateClaim(loan, '2024-03-20', { cap: CAP_24 });
    expect(claim.totals).toEqual({ principalFen: 41_502, interestFen: 0, penaltyFen: 104, compoundFen: 0, feesFen: 0, totalFen: 41_606 });
    expect(claim.repaid).toMatchObject({ principalFen: 58_498, interestFen: 1_502, unappliedFen: 0 });
    expect(claim.overdueSince).toBe('2024-03-16');
    // principal-days: 100,000 × 31 (01-16 … 02-15) + 50,249 × 29 (02-16 … 03-15) + 41,502 × 5
    //   = 3,100,000 + 1,457,221 + 207,510 = 4,764,731; × 24 % / 360 = 3,176.48… → 3,176
    expect(claim.cap.lawfulMaximumFen).toBe(3_176);
  });
});

describe('calculateClaim: interest first with acceleration (先息后本, 加速到期)', () => {
  // 12,000.00 at 18 % (penalty 27 %): 180.00 interest on 02-01 and 03-01, 12,000.00 + 180.00 on 04-01.
  // Started 2024-01-01, nothing paid.
  const loan = (compoundInterest: boolean) =>
    loanWith({
      principal: '12000.00',
      annualRate: '0.18',
      compoundInterest,
      startDate: '2024-01-01',
      termMonths: 3,
      maturityDate: '2024-04-01',
      method: 'interest_first',
      schedule: [
        { period: 1, dueDate: '2024-02-01', principal: '0.00', interest: '180.00' },
        { period: 2, dueDate: '2024-03-01', principal: '0.00', interest: '180.00' },
        { period: 3, dueDate: '2024-04-01', principal: '12000.00', interest: '180.00' },
      ],
      accelerationClause: true,
    });

  it('without acceleration claims only the two interest instalments', () => {
    const claim = calculateClaim(loan(false), '2024-03-11', { cap: CAP_24, accelerate: false });
    expect(claim.accelerated).toBe(false);
    expect(claim.totals).toMatchObject({ principalFen: 0, interestFen: 36_000, penaltyFen: 0, totalFen: 36_000 });
    expect(claim.dailyPenaltyFen).toBe(0);
  });

  it('with acceleration (the contract clause) calls the principal and interest to date', () => {
    // current period runs from 03-01: 03-02 … 03-11 = 10 days; 1,200,000 × 18 % × 10 / 360 = 6,000 (≤ 18,000)
    const claim = calculateClaim(loan(false), '2024-03-11', { cap: CAP_24 });
    expect(claim.accelerated).toBe(true);
    expect(claim.lines.slice(-2)).toMatchObject([
      { period: 3, component: 'interest', basisFen: 1_200_000, from: '2024-03-02', through: '2024-03-11', days: 10, amountFen: 6_000 },
      { period: null, component: 'principal', amountFen: 1_200_000 },
    ]);
    // 1,200,000 + 18,000 + 18,000 + 6,000 = 1,242,000 = 12,420.00
    expect(claim.totals).toMatchObject({ principalFen: 1_200_000, interestFen: 42_000, totalFen: 1_242_000 });
    expect(claim.totalInWords).toBe('人民币壹万贰仟肆佰贰拾元整');
    // from the next day penalty runs on the whole principal, at the penalty rate 27 % but never above
    // the 24 % cap: 1,200,000 × 24 % / 360 = 800
    expect(claim.dailyPenaltyFen).toBe(800);
    // principal held 01-02 … 03-11 = 30 + 29 + 11 = 70 days: 1,200,000 × 70 × 24 % / 360 = 20,160,000 / 360 = 56,000
    expect(claim.cap).toMatchObject({ lawfulMaximumFen: 56_000, binding: false });
  });

  it('charges compound interest on unpaid interest, rounding half up', () => {
    // period 1: 18,000 × 27 % × 39 / 360 (02-02 … 03-11: 28 + 11 = 39 days) = 526.5 → 527
    // period 2: 18,000 × 27 % × 10 / 360 = 135
    const claim = calculateClaim(loan(true), '2024-03-11', { cap: CAP_24, accelerate: false });
    expect(amounts(claim, 'compound')).toEqual([
      [1, 527],
      [2, 135],
    ]);
    // daily compound on 36,000 of interest, at most the cap rate: 36,000 × 24 % / 360 = 24
    expect(claim.dailyCompoundFen).toBe(24);
  });
});

describe('calculateClaim: cap binding on a high-rate loan', () => {
  it('never lets charges exceed the cap, reducing penalty before interest', () => {
    // 36 % contract (above the cap): bullet 10,000.00 for 12 months, interest 3,600.00; penalty 54 %.
    // asOf 2024-03-10: penalty 1,000,000 × 54 % × 60 / 360 = 90,000; charges 360,000 + 90,000 = 450,000.
    // Lawful maximum 283,333 (see the bullet case) → reduce 166,667: penalty 90,000 → 0, then
    // interest 360,000 − 76,667 = 283,333.
    const loan = bullet([], '0.36', '3600.00');
    const claim = calculateClaim(loan, '2024-03-10', { cap: CAP_24 });
    expect(claim.cap).toMatchObject({ binding: true, reductionFen: 166_667, chargesAfterCapFen: 283_333 });
    expect(claim.totals).toMatchObject({ interestFen: 283_333, penaltyFen: 0, totalFen: 1_283_333 });
  });
});

describe('calculateClaim: no compound clause', () => {
  it('a payment of part of the interest does not start compound interest on the rest (regression)', () => {
    // Bullet 10,000.00 at 12 %, markup 0.5, no compound; due 2025-01-01 with 1,200.00 interest;
    // 200.00 paid on 2025-02-01 (penalty of 31 days = 1,000,000 × 18 % × 31 / 360 = 15,500 fen,
    // then 4,500 fen of interest). The contract allows no compound: none may appear.
    const loan = loanWith({
      principal: '10000.00',
      annualRate: '0.12',
      compoundInterest: false,
      startDate: '2024-01-01',
      termMonths: 12,
      maturityDate: '2025-01-01',
      method: 'bullet',
      schedule: [{ period: 1, dueDate: '2025-01-01', principal: '10000.00', interest: '1200.00' }],
      payments: [{ paidAt: '2025-02-01', amount: '200.00' }],
    });
    const claim = calculateClaim(loan, '2025-03-03', { cap: CAP_24 });
    expect(claim.lines.filter((l) => l.component === 'compound')).toEqual([]);
    expect(claim.totals.compoundFen).toBe(0);
    expect(claim.dailyCompoundFen).toBe(0);
    // Interest left: 120,000 − 4,500 = 115,500; penalty 2025-01-02 … 2025-03-03 = 61 days: 1,000,000 × 18 % × 61 / 360 = 30,500, 15,500 repaid.
    expect(claim.totals).toMatchObject({ principalFen: 1_000_000, interestFen: 115_500, penaltyFen: 15_000 });
  });
});

describe('calculateClaim: lender conventions', () => {
  it('民法典 第561条: charges of every due instalment before any principal', () => {
    // 3,000.00 equal principal at 12 % (penalty 18 %, compound), nothing paid until 600.00 on 2024-04-10.
    // Period 1 (due 02-29): penalty 03-01 … 04-10 = 41 days: 100,000 × 18 % × 41 / 360 = 2,050;
    //   compound 3,000 × 18 % × 41 / 360 = 61.5 → 62. Period 2 (due 03-31): penalty 10 days = 500, compound 2,000 × 18 % × 10 / 360 = 10.
    const loan = loanWith({
      principal: '3000.00',
      annualRate: '0.12',
      compoundInterest: true,
      startDate: '2024-01-31',
      termMonths: 3,
      maturityDate: '2024-04-30',
      method: 'equal_principal',
      schedule: [
        { period: 1, dueDate: '2024-02-29', principal: '1000.00', interest: '30.00' },
        { period: 2, dueDate: '2024-03-31', principal: '1000.00', interest: '20.00' },
        { period: 3, dueDate: '2024-04-30', principal: '1000.00', interest: '10.00' },
      ],
      payments: [{ paidAt: '2024-04-10', amount: '600.00' }],
    });
    // Per instalment: period 1 takes 2,050 + 62 + 3,000 = 5,112, the rest 54,888 goes to its principal.
    const perInstalment = calculateClaim(loan, '2024-04-10', { cap: CAP_24 });
    expect(perInstalment.repaid).toMatchObject({ penaltyFen: 2_050, compoundFen: 62, interestFen: 3_000, principalFen: 54_888 });
    // 第561条: both periods' charges first (5,112 + 500 + 10 + 2,000 = 7,622), then 52,378 of principal.
    const statutory = calculateClaim(loan, '2024-04-10', { cap: CAP_24, paymentAllocation: 'civil_code_561' });
    expect(statutory.repaid).toMatchObject({ penaltyFen: 2_550, compoundFen: 72, interestFen: 5_000, principalFen: 52_378 });
    expect(statutory.conventions).toEqual({ paymentAllocation: 'civil_code_561', capScope: 'loan_life', dayCountBasis: 360 });
  });

  it("the cap's scope: all charges of the loan's life, or only those claimed", () => {
    // 24 % bullet, interest 2,400.00, 1,000.00 paid on the due date (to interest); penalty 36 %:
    // 1,000,000 × 36 % × 60 / 360 = 60,000. Charges 240,000 + 60,000, repaid 100,000, owed 200,000;
    // lawful maximum 283,333 (see above).
    const loan = bullet([{ paidAt: '2024-01-10', amount: '1000.00' }], '0.24', '2400.00');
    // Loan life: 283,333 − 100,000 repaid = 183,333 may still be claimed: 16,667 off the penalty.
    const life = calculateClaim(loan, '2024-03-10', { cap: CAP_24 });
    expect(life.cap).toMatchObject({ chargesBeforeCapFen: 200_000, chargesAfterCapFen: 183_333, binding: true, scope: 'loan_life' });
    expect(life.totals.penaltyFen).toBe(43_333);
    // Claimed only: 200,000 ≤ 283,333, nothing is cut.
    const claimed = calculateClaim(loan, '2024-03-10', { cap: CAP_24, capScope: 'claimed' });
    expect(claimed.cap).toMatchObject({ chargesAfterCapFen: 200_000, binding: false, scope: 'claimed' });
    expect(claimed.cap.explanation).toContain('仅适用于本次主张的款项');
  });
});
