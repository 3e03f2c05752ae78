import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInWords, formatYuan, formatYuanGrouped, parseYuan } from '../../../src/domain/money.ts';

describe('yuan strings ⇄ fen', () => {
  it('parses yuan with up to two decimals into integer fen', () => {
    expect(parseYuan('50000.00')).toBe(5_000_000);
    expect(parseYuan('1234.56')).toBe(123_456);
    expect(parseYuan('0.05')).toBe(5);
    expect(parseYuan('10.5')).toBe(1_050);
    expect(parseYuan('7')).toBe(700);
    expect(parseYuan('-12.30')).toBe(-1_230);
    expect(parseYuan('999999999999.99')).toBe(99_999_999_999_999);
  });

  it('refuses amounts that would need rounding or are not decimals', () => {
    for (const bad of ['', '.5', '1.234', '1e5', ' 1.00', '1,000.00', '12.3a', '-', 'NaN', '1.']) {
      expect(() => parseYuan(bad), bad).toThrow(RangeError);
    }
  });

  it('formats fen as the API form and the grouped document form', () => {
    expect(formatYuan(5_000_000)).toBe('50000.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-1_230)).toBe('-12.30');
    expect(formatYuanGrouped(5_000_000)).toBe('50,000.00');
    expect(formatYuanGrouped(123_456_789)).toBe('1,234,567.89');
    expect(formatYuanGrouped(99_900)).toBe('999.00');
    expect(formatYuanGrouped(-100_000_000)).toBe('-1,000,000.00');
  });

  it('round-trips every safe amount of fen through the yuan string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999_999, max: 99_999_999_999_999 }), (fen) => {
        expect(parseYuan(formatYuan(fen))).toBe(fen);
        expect(parseYuan(formatYuanGrouped(fen).replaceAll(',', ''))).toBe(fen);
      }),
    );
  });

  it('round-trips yuan strings with two decimals', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^(0|[1-9]\d{0,11})\.\d{2}$/), (yuan) => {
        expect(formatYuan(parseYuan(yuan))).toBe(yuan);
      }),
    );
  });
});

describe('人民币大写', () => {
  it.each([
    [5_000_000, '人民币伍万元整'],
    [123_456, '人民币壹仟贰佰叁拾肆元伍角陆分'],
    [10_000_005, '人民币壹拾万元零伍分'], // one 零 for the run of zeros between 万 and 分
    [100_100, '人民币壹仟零壹元整'],
    [101_010, '人民币壹仟零壹拾元壹角'],
    [2_000, '人民币贰拾元整'], // nzh omits 整 for "20.00": whole yuan must be passed as an integer
    [1_050, '人民币壹拾元伍角'], // 整 after 角 is optional (支付结算办法), nzh leaves it out
    [5, '人民币伍分'],
    [0, '人民币零元整'],
    [10_001_000_001, '人民币壹亿零壹万元零壹分'],
    [10_500_000, '人民币壹拾万伍仟元整'],
  ])('%i fen → %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });

  it('refuses negative and fractional fen', () => {
    expect(() => amountInWords(-1)).toThrow(RangeError);
    expect(() => amountInWords(1.5)).toThrow(RangeError);
  });
});
