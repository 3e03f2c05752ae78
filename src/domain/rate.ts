import type { DayCountBasis } from './claim-conventions.ts';
import type { Fen } from './money.ts';

/**
 * A yearly rate, exact. Incoming rates are decimal strings with at most six decimals ("0.18",
 * "0.0345"), so rate × 10^6 (parts per million) is an integer; products of two such rates
 * (penalty rate = rate × (1 + markup), cap = multiple × LPR) need twelve decimals, so the exact
 * value is kept as rate × 10^12 in a bigint. `ppm` repeats the rate in parts per million whenever
 * that is exact: it lets the hot path compute with plain integers (see `accrueFen`).
 */
export interface ExactRate {
  /** rate × 10^12, exact. */
  readonly scaled: bigint;
  /** rate × 10^6 when that is an integer, else null. */
  readonly ppm: number | null;
}

export const RATE_SCALE = 1_000_000_000_000n;
const PPM_IN_SCALE = 1_000_000n;

export function rateOfScaled(scaled: bigint): ExactRate {
  if (scaled < 0n) throw new RangeError('a rate cannot be negative');
  const ppm = scaled % PPM_IN_SCALE === 0n ? Number(scaled / PPM_IN_SCALE) : null;
  return { scaled, ppm: ppm !== null && Number.isSafeInteger(ppm) ? ppm : null };
}

const RATE_STRING = /^(\d{1,6})(?:\.(\d{1,12}))?$/;

// A lender book uses a handful of distinct rates, and every claim parses and prints them again:
// both directions are memoised (bounded, since inputs come from outside).
const parsedRates = new Map<string, ExactRate>();
const formattedRates = new Map<bigint, string>();
const MEMO_LIMIT = 10_000;

/** "0.18" → 0.18 exactly. Up to twelve decimals; no exponents, no signs. */
export function parseRate(rate: string): ExactRate {
  const cached = parsedRates.get(rate);
  if (cached !== undefined) return cached;
  const m = RATE_STRING.exec(rate);
  if (m === null) throw new RangeError(`not a decimal rate: ${JSON.stringify(rate)}`);
  const whole = BigInt(m[1] ?? '0');
  const fraction = BigInt((m[2] ?? '').padEnd(12, '0'));
  const parsed = rateOfScaled(whole * RATE_SCALE + fraction);
  if (parsedRates.size < MEMO_LIMIT) parsedRates.set(rate, parsed);
  return parsed;
}

/** The shortest exact decimal string: 0.27 → "0.27", 0.05175 → "0.05175", 4 → "4". */
export function formatRate(rate: ExactRate): string {
  const cached = formattedRates.get(rate.scaled);
  if (cached !== undefined) return cached;
  const whole = rate.scaled / RATE_SCALE;
  const fraction = (rate.scaled % RATE_SCALE).toString().padStart(12, '0').replace(/0+$/, '');
  const formatted = fraction === '' ? whole.toString() : `${whole}.${fraction}`;
  if (formattedRates.size < MEMO_LIMIT) formattedRates.set(rate.scaled, formatted);
  return formatted;
}

/** "27%" style, for explanations: 0.27 → "27%", 0.0345 → "3.45%". */
export function formatPercent(rate: ExactRate): string {
  const hundredths = rate.scaled * 100n;
  const whole = hundredths / RATE_SCALE;
  const fraction = (hundredths % RATE_SCALE).toString().padStart(12, '0').replace(/0+$/, '');
  return `${whole}${fraction === '' ? '' : `.${fraction}`}%`;
}

/** a × b. Exact only if the product still fits twelve decimals, which holds for two six-decimal rates. */
export function multiplyRates(a: ExactRate, b: ExactRate): ExactRate {
  const product = a.scaled * b.scaled;
  if (product % RATE_SCALE !== 0n) throw new RangeError('rate product needs more than twelve decimals');
  return rateOfScaled(product / RATE_SCALE);
}

/** Penalty rate (罚息利率) = contract rate × (1 + markup): "0.18" with markup "0.5" → 0.27. */
export function penaltyRateOf(annualRate: ExactRate, markup: ExactRate): ExactRate {
  return multiplyRates(annualRate, rateOfScaled(RATE_SCALE + markup.scaled));
}

/** n / d rounded half up (n ≥ 0, d > 0), exact for bigints. */
export function divRoundHalfUpBig(n: bigint, d: bigint): bigint {
  const q = n / d;
  return (n - q * d) * 2n >= d ? q + 1n : q;
}

/** n / d rounded half up for safe non-negative integers: float division, then corrected exactly. */
export function divRoundHalfUp(n: number, d: number): number {
  let q = Math.floor(n / d);
  let r = n - q * d;
  // n / d in floating point can land one off the true quotient for large n; the remainder tells.
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  return 2 * r >= d ? q + 1 : q;
}

const TWO_POW_52 = 4_503_599_627_370_496;

export type { DayCountBasis } from './claim-conventions.ts';

/**
 * Simple interest on `basisFen` at a yearly `rate` for `days` days, with the daily rate taken as
 * rate / dayCountBasis (PRC banks: 日利率 = 年利率 / 360), rounded half up to the fen.
 * Every claim line is computed by this one function and rounded once, so each printed line can be
 * re-done by hand: basis × rate × days / basis-days.
 *
 * fen × rate × days overflows 2^53 quickly (5,000,000 fen × 270,000 ppm × 400 days ≈ 5.4e14 is fine,
 * a 1,000,000-yuan loan over three years is not), so the product is formed in plain integers only
 * when it is provably below 2^52, otherwise in bigint. Both paths give the same exact result.
 */
export function accrueFen(basisFen: Fen, rate: ExactRate, days: number, dayCountBasis: DayCountBasis): Fen {
  if (basisFen <= 0 || days <= 0 || rate.scaled === 0n) return 0;
  const ppm = rate.ppm;
  if (ppm !== null) {
    const product = basisFen * ppm * days;
    // Below 2^52 every intermediate, including quotient × divisor in divRoundHalfUp, is exact.
    if (product <= TWO_POW_52) return divRoundHalfUp(product, dayCountBasis * 1_000_000);
  }
  return Number(divRoundHalfUpBig(BigInt(basisFen) * rate.scaled * BigInt(days), BigInt(dayCountBasis) * RATE_SCALE));
}
