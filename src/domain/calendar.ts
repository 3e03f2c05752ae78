/**
 * Calendar dates as whole day numbers (days since 1970-01-01), so that day counts are plain
 * subtraction and no time zone or Date object is involved. ISO `YYYY-MM-DD` strings only at the edges.
 * The conversions are Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
 */

/** A calendar date as days since 1970-01-01. */
export type DayNumber = number;

export function dayNumberOfParts(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function partsOfDayNumber(days: DayNumber): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `iso` is a real calendar date (2023-02-29 is not). */
export function isIsoDate(iso: string): boolean {
  const m = ISO_DATE.exec(iso);
  if (m === null) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/**
 * Day number of an ISO date. Reads the digits directly (this runs for every due date and payment of
 * every loan in a batch); callers pass dates the snapshot schema has already checked.
 */
export function dayNumber(iso: string): DayNumber {
  const year =
    (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
  const month = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  const day = (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48);
  return dayNumberOfParts(year, month, day);
}

// Formatting is memoised: a batch of claims prints the same few hundred dates over and over.
const isoCache = new Map<DayNumber, string>();

export function isoDate(days: DayNumber): string {
  const cached = isoCache.get(days);
  if (cached !== undefined) return cached;
  const { year, month, day } = partsOfDayNumber(days);
  const iso = `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
  if (isoCache.size < 100_000) isoCache.set(days, iso);
  return iso;
}

/** A date as documents print it: 2024-03-05 → "2024年3月5日". */
export function chineseDate(days: DayNumber): string {
  const { year, month, day } = partsOfDayNumber(days);
  return `${year}年${month}月${day}日`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The same day `months` months later; where that month has no such day, its last day
 * (民法典 第202条: 没有对应日的，月末日为期间的最后一日). Always counted from the original date,
 * so 01-31 + 1 month = 02-28/29 and 01-31 + 2 months = 03-31 (no drift).
 */
export function addMonths(iso: string, months: number): string {
  const { year, month, day } = partsOfDayNumber(dayNumber(iso));
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return isoDate(dayNumberOfParts(y, m, Math.min(day, daysInMonth(y, m))));
}

export function addYears(iso: string, years: number): string {
  return addMonths(iso, years * 12);
}

export function addDays(iso: string, days: number): string {
  return isoDate(dayNumber(iso) + days);
}

/** Days from `from` to `to` (to − from); positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in China (UTC+8, no daylight saving) at the instant `ms` (ms since the epoch). */
export function chinaDate(ms: number): string {
  return isoDate(Math.floor((ms + CHINA_UTC_OFFSET_MS) / 86_400_000));
}
