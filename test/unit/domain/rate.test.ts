import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capRateOf, describeCapRule } from '../../../src/domain/interest-cap.ts';
import {
  accrueFen,
  divRoundHalfUp,
  divRoundHalfUpBig,
  formatPercent,
  formatRate,
  parseRate,
  penaltyRateOf,
  RATE_SCALE,
} from '../../../src/domain/rate.ts';

describe('exact rates', () => {
  it('parses decimal strings exactly and prints them back in shortest form', () => {
    expect(parseRate('0.18')).toEqual({ scaled: 180_000_000_000n, ppm: 180_000 });
    expect(formatRate(parseRate('0.180000'))).toBe('0.18');
    expect(formatRate(parseRate('0.0345'))).toBe('0.0345');
    expect(formatRate(parseRate('4'))).toBe('4');
    expect(formatPercent(parseRate('0.0345'))).toBe('3.45%');
    expect(() => parseRate('-0.1')).toThrow(RangeError);
    expect(() => parseRate('1e-2')).toThrow(RangeError);
  });

  it('derives the penalty rate as rate × (1 + markup)', () => {
    // 0.18 × 1.5 = 0.27; 0.0435 × 1.3 = 0.05655; 0.123456 × 1.123456 = 0.138697… (12 decimals, no ppm)
    expect(formatRate(penaltyRateOf(parseRate('0.18'), parseRate('0.5')))).toBe('0.27');
    expect(formatRate(penaltyRateOf(parseRate('0.0435'), parseRate('0.3')))).toBe('0.05655');
    const odd = penaltyRateOf(parseRate('0.123456'), parseRate('0.123456'));
    // 123456 × 1123456 = 138,697,383,936 → 0.138697383936
    expect(formatRate(odd)).toBe('0.138697383936');
    expect(odd.ppm).toBeNull();
  });

  it('computes the cap rate of either rule', () => {
    expect(formatRate(capRateOf({ rule: 'annual_rate', rate: '0.24' }))).toBe('0.24');
    // 4 × 3.45 % = 13.8 %
    expect(formatRate(capRateOf({ rule: 'lpr_multiple', multiple: '4', lpr: '0.0345' }))).toBe('0.138');
    expect(describeCapRule({ rule: 'lpr_multiple', multiple: '4', lpr: '0.0345' })).toBe('4倍LPR（LPR 3.45%，即年利率13.8%）');
  });
});

describe('accrual, rounded half up to the fen', () => {
  it('matches hand arithmetic', () => {
    // 1,000,000 fen × 0.18 × 60 / 360 = 1,000,000 × 0.03 = 30,000
    expect(accrueFen(1_000_000, parseRate('0.18'), 60, 360)).toBe(30_000);
    // 1,000,000 × 0.18 × 60 / 365 = 10,800,000 / 365 = 29,589.04… → 29,589
    expect(accrueFen(1_000_000, parseRate('0.18'), 60, 365)).toBe(29_589);
    // 18,000 × 0.27 × 39 / 360 = 18,000 × 0.02925 = 526.5 → half up → 527
    expect(accrueFen(18_000, parseRate('0.27'), 39, 360)).toBe(527);
    // 52,510 × 0.18 × 30 / 360 = 52,510 × 0.015 = 787.65 → 788
    expect(accrueFen(52_510, parseRate('0.18'), 30, 360)).toBe(788);
    // 1,000 × 0.18 / 360 = 0.5 → half up → 1
    expect(accrueFen(1_000, parseRate('0.18'), 1, 360)).toBe(1);
    expect(accrueFen(0, parseRate('0.18'), 30, 360)).toBe(0);
    expect(accrueFen(1_000, parseRate('0'), 30, 360)).toBe(0);
  });

  it('stays exact where fen × rate × days passes 2^53 (bigint path)', () => {
    // 10^14 fen (a trillion yuan) × 0.36 × 1,000 days / 360 = 10^14 × 1 = 10^14
    expect(accrueFen(100_000_000_000_000, parseRate('0.36'), 1_000, 360)).toBe(100_000_000_000_000);
    // 9,007,199,254,740 fen × 0.000001 × 1 / 360: 9,007,199,254,740 / 360,000,000 = 25,019.99…→ 25,020
    expect(accrueFen(9_007_199_254_740, parseRate('0.000001'), 1, 360)).toBe(25_020);
  });

  it('agrees with pure bigint arithmetic for any inputs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000_000 }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.constantFrom(360 as const, 365 as const),
        (fen, ppm, days, basis) => {
          const rate = parseRate(`0.${String(ppm).padStart(6, '0')}`);
          const exact = fen === 0 || days === 0 || ppm === 0 ? 0n : divRoundHalfUpBig(BigInt(fen) * rate.scaled * BigInt(days), BigInt(basis) * RATE_SCALE);
          expect(BigInt(accrueFen(fen, rate, days, basis))).toBe(exact);
        },
      ),
    );
  });

  it('number division with half-up rounding equals the bigint one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), fc.integer({ min: 1, max: 365_000_000 }), (n, d) => {
        expect(BigInt(divRoundHalfUp(n, d))).toBe(divRoundHalfUpBig(BigInt(n), BigInt(d)));
      }),
    );
  });
});
