import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, addYears, chinaDate, dayNumber, daysBetween, isIsoDate, isoDate } from '../../../src/domain/calendar.ts';

describe('calendar', () => {
  it("turns China's date at 16:00 UTC, the same in every season (no daylight saving)", () => {
    expect(chinaDate(Date.parse('2026-12-02T15:59:59.999Z'))).toBe('2026-12-02');
    expect(chinaDate(Date.parse('2026-12-02T16:00:00.000Z'))).toBe('2026-12-03');
    expect(chinaDate(Date.parse('2026-06-30T15:59:59.999Z'))).toBe('2026-06-30');
    expect(chinaDate(Date.parse('2026-06-30T16:00:00.000Z'))).toBe('2026-07-01');
    expect(chinaDate(Date.parse('2024-02-28T16:00:00.000Z'))).toBe('2024-02-29');
  });

  it('counts days across leap days', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    // 2024-01-10 → 2024-03-10: 21 (rest of Jan) + 29 (Feb 2024) + 10 = 60
    expect(daysBetween('2024-01-10', '2024-03-10')).toBe(60);
    // 2023-01-10 → 2023-03-10: 21 + 28 + 10 = 59
    expect(daysBetween('2023-01-10', '2023-03-10')).toBe(59);
    // 1900 is not a leap year, 2000 is: Feb has 28 and 29 days
    expect(daysBetween('1900-02-01', '1900-03-01')).toBe(28);
    expect(daysBetween('2000-02-01', '2000-03-01')).toBe(29);
  });

  it('adds months on the same day, or the last day of a shorter month, without drift', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-01-31', 2)).toBe('2024-03-31');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('validates real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-4-01')).toBe(false);
  });

  it('agrees with the platform calendar and round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (days) => {
        const iso = isoDate(days);
        expect(iso).toBe(new Date(days * 86_400_000).toISOString().slice(0, 10));
        expect(dayNumber(iso)).toBe(days);
      }),
    );
  });
});
