/**
 * Every value a document prints goes through one of these functions, so that the view models
 * stay consistent and the formatting can be pointed at the shared money module in one place.
 *
 * TODO(money.ts): `formatFen` and `fenInWords` are local stand-ins until `src/domain/money.ts`
 * (fen ⇄ yuan, 人民币大写) lands; then re-export those two from there and delete the bodies.
 * Both work on integer fen only, never on binary floating point yuan.
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const SMALL_UNITS = ['', '拾', '佰', '仟'] as const;
const GROUP_UNITS = ['', '万', '亿', '万亿'] as const;

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount must be an integer number of fen, got ${fen}`);
}

/** 1234567 fen → "12,345.67" (yuan with thousands separators and two decimals). */
export function formatFen(fen: number): string {
  assertFen(fen);
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${String(cents).padStart(2, '0')}`;
}

/** A yuan amount string as the loan snapshot carries it ("50000.00") → integer fen. */
export function yuanToFen(yuan: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!m) throw new RangeError(`not a yuan amount: ${JSON.stringify(yuan)}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  assertFen(fen);
  return m[1] ? -fen : fen;
}

/**
 * An integer in financial capitals. Any run of zero digits between two non-zero digits is read as
 * one 零 (《支付结算办法》), group units 万 / 亿 follow every group with a non-zero digit:
 * 10005000 → 壹仟万零伍仟, 1000050 → 壹佰万零伍拾, 11000 → 壹万壹仟.
 */
function integerInWords(n: number): string {
  if (n === 0) return '零';
  const digits = String(n);
  if (digits.length > 16) throw new RangeError('amount too large for words');
  let out = '';
  let zeroPending = false;
  for (let i = 0; i < digits.length; i++) {
    const p = digits.length - 1 - i;
    const d = Number(digits[i]);
    if (d === 0) {
      if (out !== '') zeroPending = true;
    } else {
      if (zeroPending) out += '零';
      zeroPending = false;
      out += DIGITS[d]! + SMALL_UNITS[p % 4]!;
    }
    if (p % 4 === 0 && p > 0 && /[1-9]/.test(digits.slice(Math.max(0, i - 3), i + 1))) out += GROUP_UNITS[p / 4]!;
  }
  return out;
}

/**
 * 人民币大写 of an amount in fen, following 《支付结算办法》: "整" after 元 or 角, none after 分.
 * 5000000 → "人民币伍万元整", 105 → "人民币壹元零伍分", 50 → "人民币伍角整".
 */
export function fenInWords(fen: number): string {
  assertFen(fen);
  if (fen < 0) return `负${fenInWords(-fen)}`;
  const yuan = Math.trunc(fen / 100);
  const jiao = Math.trunc(fen / 10) % 10;
  const fenDigit = fen % 10;
  if (fen === 0) return '人民币零元整';
  let out = '人民币';
  if (yuan > 0) out += `${integerInWords(yuan)}元`;
  if (jiao === 0 && fenDigit === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]!}角`;
  else if (yuan > 0) out += '零';
  if (fenDigit > 0) out += `${DIGITS[fenDigit]!}分`;
  else out += '整';
  return out;
}

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

/** Calendar arithmetic on ISO dates (UTC, so no time zone can move a day). */
export function addDays(iso: string, days: number): string {
  const { y, m, d } = parseIsoDate(iso);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
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

/** "0.5" (markup over the contract rate) → "50%". */
export const formatMarkup = formatRate;

/** Masks all but the first `head` and last `tail` characters (PIPL: print only what the purpose needs). */
export function mask(value: string, head: number, tail: number): string {
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
