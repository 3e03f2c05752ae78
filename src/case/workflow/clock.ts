/**
 * Calendar dates on the workflow's clock. Date.now() inside a workflow is the deterministic time of
 * the current workflow task, so every date computed here replays identically. Dates are those of
 * China (UTC+8, no daylight saving), where the cases are.
 *
 * Calendar deadlines are laid on one timeline anchored at the escalation: date D fires at
 * escalatedAt + (D − escalation date) days × timerScale. At scale 1 that is D at the escalation's
 * time of day (never before D begins); tests shorten a day to milliseconds and the deadlines keep
 * their order and spacing, whenever each of them was set. Periods of silence ("N days without
 * news") run from the moment they start instead: N days × timerScale from now.
 */
import { chinaDate, dayNumber } from '../../domain/calendar.ts';

const DAY_MS = 86_400_000;
export interface CaseClock {
  /** The escalation instant (ms since the epoch). */
  anchorMs: number;
  timerScale: number;
}

/** When a timer for `date` fires on the workflow clock; dates already past fire at once. */
export function dueAtMs(date: string, clock: CaseClock, nowMs: number): number {
  const days = dayNumber(date) - dayNumber(chinaDate(clock.anchorMs));
  return Math.max(nowMs, clock.anchorMs + Math.round(days * DAY_MS * clock.timerScale));
}

/** When a period of `days` starting now ends on the workflow clock. */
export function periodEndMs(days: number, clock: CaseClock, nowMs: number): number {
  return nowMs + Math.round(days * DAY_MS * clock.timerScale);
}
