import { describe, expect, it } from 'vitest';
import { caseAcceptanceFee, preservationFee } from '../../../src/domain/court-fee.ts';

const yuan = (y: number) => Math.round(y * 100); // test inputs only: whole-yuan and fen literals

describe('案件受理费 (诉讼费用交纳办法 第13条)', () => {
  // Fee at each band boundary, cumulative, by hand:
  //   ≤ 10,000: 50
  //   100,000:  50 + 90,000 × 2.5 %  = 50 + 2,250        = 2,300
  //   200,000:  2,300 + 100,000 × 2 %                    = 4,300
  //   500,000:  4,300 + 300,000 × 1.5 %                  = 8,800
  //   1M:       8,800 + 500,000 × 1 %                    = 13,800
  //   2M:       13,800 + 1,000,000 × 0.9 %               = 22,800
  //   5M:       22,800 + 3,000,000 × 0.8 %               = 46,800
  //   10M:      46,800 + 5,000,000 × 0.7 %               = 81,800
  //   20M:      81,800 + 10,000,000 × 0.6 %              = 141,800
  //   30M:      141,800 + 10,000,000 × 0.5 %             = 191,800
  it.each([
    [0, 50],
    [5_000, 50],
    [10_000, 50],
    [100_000, 2_300],
    [200_000, 4_300],
    [500_000, 8_800],
    [1_000_000, 13_800],
    [2_000_000, 22_800],
    [5_000_000, 46_800],
    [10_000_000, 81_800],
    [20_000_000, 141_800],
    [30_000_000, 191_800],
  ])('%i yuan at a band boundary → %i yuan', (amount, fee) => {
    expect(caseAcceptanceFee(yuan(amount)).fullFen).toBe(yuan(fee));
  });

  // One yuan above each boundary adds that band's next rate on 1 yuan (100 fen), rounded half up once:
  //   10,001: 5,000 + 100 × 2.5 % = 5,002.5 fen → 5,003        100,001: + 100 × 2 % = 2 fen
  //   200,001: + 1.5 fen → 430,001.5 → 430,002                 500,001: + 1 fen
  //   1,000,001: + 0.9 → 1,380,000.9 → 1,380,001               2,000,001: + 0.8 → 2,280,001
  //   5,000,001: + 0.7 → 4,680,001    10,000,001: + 0.6 → 8,180,001    20,000,001: + 0.5 → 14,180,000.5 → 14,180,001
  it.each([
    [10_001, 5_003],
    [100_001, 230_002],
    [200_001, 430_002],
    [500_001, 880_001],
    [1_000_001, 1_380_001],
    [2_000_001, 2_280_001],
    [5_000_001, 4_680_001],
    [10_000_001, 8_180_001],
    [20_000_001, 14_180_001],
  ])('%i yuan, just above a boundary → %i fen', (amount, feeFen) => {
    expect(caseAcceptanceFee(yuan(amount)).fullFen).toBe(feeFen);
  });

  it('is exact to the fen for an amount with fen', () => {
    // 11,500.00 (the bullet claim): 5,000 + 150,000 fen × 2.5 % = 5,000 + 3,750 = 8,750 fen = 87.50
    expect(caseAcceptanceFee(1_150_000).fullFen).toBe(8_750);
    // 12,345.67: 5,000 + 234,567 × 2.5 % = 5,000 + 5,864.175 → 10,864.175 → 10,864
    expect(caseAcceptanceFee(1_234_567).fullFen).toBe(10_864);
  });

  it('is halved for simplified procedure, mediation and withdrawal', () => {
    // 100,000: 2,300 / 2 = 1,150
    expect(caseAcceptanceFee(yuan(100_000), 'simplified')).toMatchObject({ fullFen: 230_000, payableFen: 115_000, halved: true });
    expect(caseAcceptanceFee(yuan(100_000), 'mediation').payableFen).toBe(115_000);
    expect(caseAcceptanceFee(yuan(100_000), 'withdrawal').payableFen).toBe(115_000);
    // 10,001: 5,003 fen / 2 = 2,501.5 → 2,502 (half up)
    expect(caseAcceptanceFee(yuan(10_001), 'simplified').payableFen).toBe(2_502);
    expect(caseAcceptanceFee(yuan(100_000)).halved).toBe(false);
  });
});

describe('保全费 (第14条)', () => {
  // 30 up to 1,000; + 1 % of 1,000–100,000; + 0.5 % above; at most 5,000:
  //   100,000: 30 + 99,000 × 1 % = 1,020        200,000: 1,020 + 100,000 × 0.5 % = 1,520
  //   895,000: 1,020 + 795,000 × 0.5 % = 4,995   896,000: 1,020 + 3,980 = 5,000 (the cap)   2M: 5,000
  //   1,500: 30 + 500 × 1 % = 35
  it.each([
    [500, 30],
    [1_000, 30],
    [1_500, 35],
    [100_000, 1_020],
    [200_000, 1_520],
    [895_000, 4_995],
    [896_000, 5_000],
    [2_000_000, 5_000],
  ])('%i yuan → %i yuan', (amount, fee) => {
    expect(preservationFee(yuan(amount))).toBe(yuan(fee));
  });

  it('is exact to the fen', () => {
    // 1,000.01: 3,000 + 1 fen × 1 % = 3,000.01 → 3,000
    expect(preservationFee(100_001)).toBe(3_000);
    // 1,234.56: 3,000 + 23,456 × 1 % = 3,234.56 → 3,235
    expect(preservationFee(123_456)).toBe(3_235);
  });
});
