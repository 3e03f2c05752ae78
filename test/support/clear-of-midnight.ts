/**
 * Runs before every test file: returns once China's date will not change for the next five
 * minutes. The service's "today" is China's, and it turns at 16:00 UTC: a claim grows by a day's
 * interest, and the date a test took as today is yesterday a moment later. A test that compares
 * what it worked out with what the service works out a few seconds later must not straddle that
 * midnight (CI's run of 2026-12-02 did, and a claim was 457 fen more than the test expected). No
 * test file runs for five minutes. Where the date turns is checked with fixed instants
 * (test/unit/domain/calendar.test.ts).
 */
import { chinaDate } from '../../src/domain/calendar.ts';

const MARGIN_MS = 5 * 60_000;

while (chinaDate(Date.now()) !== chinaDate(Date.now() + MARGIN_MS)) {
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
