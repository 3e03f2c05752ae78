/**
 * Runs before every test file: returns once China's date will not change for the next five
 * minutes. The service's "today" is China's (a claim grows by a day's interest at 16:00 UTC, a
 * payment dated today is refused as future a moment before it), so a test that compares what it
 * computed with what the service computed a few seconds later must not straddle that midnight. No
 * test file runs for five minutes; what the service does across the date change is the domain's
 * calendar and claim unit tests' to check, with fixed dates.
 */
import { chinaDate } from '../../src/domain/calendar.ts';

const MARGIN_MS = 5 * 60_000;

while (chinaDate(Date.now()) !== chinaDate(Date.now() + MARGIN_MS)) {
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
