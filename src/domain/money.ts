import nzh from 'nzh/cn';

/**
 * Money inside the service is integer fen (分): exact, and safe as a JS number up to 2^53 fen
 * (about 90 trillion yuan). Yuan decimal strings exist only at the edges (API, documents).
 */
export type Fen = number;

/**
 * "50000.00" → 5000000. Accepts an optional minus sign and zero to two decimals; refuses anything
 * that would need rounding (three decimals, exponents, spaces), because silently rounding an
 * incoming amount would change a legal claim. Hand-rolled instead of a regex: it runs for every
 * schedule line and payment of every loan in a batch.
 */
export function parseYuan(yuan: string): Fen {
  const length = yuan.length;
  let i = 0;
  let negative = false;
  if (length > 0 && yuan.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let whole = 0;
  let wholeDigits = 0;
  for (; i < length; i++) {
    const c = yuan.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    wholeDigits++;
  }
  let fraction = 0;
  if (i < length) {
    if (yuan.charCodeAt(i) !== 46 /* . */ || length - i - 1 < 1 || length - i - 1 > 2) throw invalidYuan(yuan);
    for (let j = i + 1; j < length; j++) {
      const c = yuan.charCodeAt(j) - 48;
      if (c < 0 || c > 9) throw invalidYuan(yuan);
      fraction = fraction * 10 + c;
    }
    if (length - i - 1 === 1) fraction *= 10;
  }
  if (wholeDigits === 0) throw invalidYuan(yuan);
  const fen = whole * 100 + fraction;
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount out of range: ${yuan}`);
  return negative && fen !== 0 ? -fen : fen;
}

function invalidYuan(yuan: string): RangeError {
  return new RangeError(`not a yuan amount with at most two decimals: ${JSON.stringify(yuan)}`);
}

function assertFen(fen: Fen): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
}

/** 5000000 → "50000.00" (the API's form). */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${fen < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/** 5000000 → "50,000.00" (documents: thousands grouped by commas, as Chinese financial documents print). */
export function formatYuanGrouped(fen: Fen): string {
  assertFen(fen);
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const whole = String((abs - cents) / 100);
  // Grouped by hand rather than by regex: claim explanations print several amounts per loan.
  let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
  for (let i = grouped.length; i < whole.length; i += 3) grouped += `,${whole.slice(i, i + 3)}`;
  return `${fen < 0 ? '-' : ''}${grouped}.${cents < 10 ? '0' : ''}${cents}`;
}

/**
 * Amount in words, 人民币大写, for every formal document: 5000000 → "人民币伍万元整",
 * 123456 → "人民币壹仟贰佰叁拾肆元伍角陆分", 10000005 → "人民币壹拾万元零伍分".
 *
 * Built on `nzh` (cn.toMoney), which follows the 支付结算办法 writing rules: 整 after 元,
 * none after 分; one 零 for a run of zeros (壹仟零壹元整, 壹亿零壹万元零壹分). Its one trap, checked:
 * given "20.00" it prints "贰拾元" without 整, so whole-yuan amounts are passed as integers, which
 * yields "贰拾元整". Zero is "人民币零元整". Negative amounts have no 大写 form and are refused.
 */
export function amountInWords(fen: Fen): string {
  assertFen(fen);
  if (fen < 0) throw new RangeError(`amount in words needs a non-negative amount, got ${fen} fen`);
  const cents = fen % 100;
  const whole = (fen - cents) / 100;
  const decimal = cents === 0 ? String(whole) : `${whole}.${cents < 10 ? '0' : ''}${cents}`;
  return nzh.toMoney(decimal, { outSymbol: true });
}
