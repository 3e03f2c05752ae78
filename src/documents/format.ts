/**
 * Every value a document prints goes through one of these functions, so that the view models
 * stay consistent. Money comes from the domain's money module (integer fen; 人民币大写 by the
 * 支付结算办法 rules), so documents and claim calculations write amounts the same way.
 */
import { amountInWords, formatYuanGrouped, parseYuan } from '../domain/money.ts';

/** 1234567 fen → "12,345.67" (yuan with thousands separators and two decimals). */
export const formatFen = formatYuanGrouped;

/** 人民币大写 of an amount in fen: 5000000 → "人民币伍万元整". */
export const fenInWords = amountInWords;

/** A yuan amount string as the loan snapshot carries it ("50000.00") → integer fen. */
export const yuanToFen = parseYuan;

function parseIsoDate(iso: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${JSON.stringify(iso)}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

/** "2024-03-05" → "2024年3月5日". */
export function formatDate(iso: string): string {
  const { y, m, d } = parseIsoDate(iso);
  return `${y}年${m}月${d}日`;
}

/** Yearly decimal rate string → percent without floating point: "0.18" → "18%", "0.0365" → "3.65%". */
export function formatRate(rate: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!m) throw new RangeError(`not a decimal rate: ${JSON.stringify(rate)}`);
  const frac = (m[2] ?? '').padEnd(2, '0');
  const intPart = String(Number(`${m[1]}${frac.slice(0, 2)}`));
  const rest = frac.slice(2).replace(/0+$/, '');
  return `${intPart}${rest ? `.${rest}` : ''}%`;
}

/** Masks all but the first `head` and last `tail` characters (PIPL: print only what the purpose needs). */
function mask(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

export const maskIdNumber = (id: string): string => mask(id, 6, 4);
export const maskPhone = (phone: string): string => mask(phone, 3, 4);

/** Numbers 1–99 as Chinese numerals for headings and exhibit numbers ("证据一", "第十二条"). */
export function chineseNumeral(n: number): string {
  const small = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return small[n]!;
  if (n < 20) return `十${n % 10 ? small[n % 10] : ''}`;
  if (n < 100) return `${small[Math.trunc(n / 10)]}十${n % 10 ? small[n % 10] : ''}`;
  const h = Math.trunc(n / 100);
  const r = n % 100;
  if (r === 0) return `${small[h]}百`;
  return `${small[h]}百${r < 10 ? '零' : ''}${r < 20 && r >= 10 ? '一' : ''}${chineseNumeral(r)}`;
}
