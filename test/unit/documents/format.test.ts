import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/calendar.ts';
import { chineseNumeral, fenInWords, formatDate, formatFen, formatRate, maskIdNumber, maskPhone, yuanToFen } from '../../../src/documents/format.ts';

describe('amount formatting', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [5_000_000, '50,000.00'],
    [123_456_789, '1,234,567.89'],
  ])('formatFen(%i) = %s', (fen, text) => expect(formatFen(fen)).toBe(text));

  it.each([
    [0, '人民币零元整'],
    [5_000_000, '人民币伍万元整'],
    [105, '人民币壹元零伍分'],
    [5, '人民币伍分'],
    [1000, '人民币壹拾元整'],
    [100_500, '人民币壹仟零伍元整'],
    [100_005_000, '人民币壹佰万零伍拾元整'],
    [10_000_000_000, '人民币壹亿元整'],
    [10_001_000_000, '人民币壹亿零壹万元整'],
    [4_365_287, '人民币肆万叁仟陆佰伍拾贰元捌角柒分'],
    [3_832_461, '人民币叁万捌仟叁佰贰拾肆元陆角壹分'],
    [2_010_000, '人民币贰万零壹佰元整'],
    [1_100_000, '人民币壹万壹仟元整'],
    [1_005, '人民币壹拾元零伍分'],
  ])('fenInWords(%i) = %s (the domain money module)', (fen, words) => expect(fenInWords(fen)).toBe(words));

  it('refuses non-integer fen', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
    expect(() => fenInWords(0.1 + 0.2)).toThrow(RangeError);
    expect(() => fenInWords(-1)).toThrow(RangeError);
  });

  it('parses yuan strings exactly', () => {
    expect(yuanToFen('50000.00')).toBe(5_000_000);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(() => yuanToFen('1e3')).toThrow();
    expect(() => yuanToFen('1.005')).toThrow();
  });
});

describe('dates, rates, masks', () => {
  it('formats dates and adds days across months and years', () => {
    expect(formatDate('2024-03-05')).toBe('2024年3月5日');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
  it.each([
    ['0.18', '18%'],
    ['0.24', '24%'],
    ['0.0365', '3.65%'],
    ['0.5', '50%'],
    ['1', '100%'],
    ['0.243333', '24.3333%'],
  ])('formatRate(%s) = %s', (rate, text) => expect(formatRate(rate)).toBe(text));
  it('masks identity numbers and phones', () => {
    expect(maskIdNumber('410105199006180035')).toBe('410105********0035');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('writes Chinese numerals', () => {
    expect([1, 7, 10, 12, 20, 35, 100, 105, 111].map(chineseNumeral)).toEqual(['一', '七', '十', '十二', '二十', '三十五', '一百', '一百零五', '一百一十一']);
  });
});
