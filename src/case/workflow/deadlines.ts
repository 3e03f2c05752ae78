/**
 * The case's durable timers, kept as data in the workflow state: each deadline has the calendar
 * date it stands for and the instant it fires on the workflow clock. The workflow sleeps until the
 * earliest one (or until something happens), so any number of deadlines costs one timer at a time,
 * and they survive continue-as-new with the rest of the state.
 */
import { type CaseClock, dueAtMs, periodEndMs } from './clock.ts';
import type { CaseState, Deadline, DeadlineKind } from '../contract.ts';

/** A deadline on a calendar date (fired on `firesOn` when that differs, e.g. the day after a last day). */
export function addDeadline(
  state: CaseState,
  kind: DeadlineKind,
  date: string,
  timing: { clock: CaseClock; nowMs: number; firesOn?: string; instalment?: number },
): void {
  const deadline: Deadline = { kind, date, dueAtMs: dueAtMs(timing.firesOn ?? date, timing.clock, timing.nowMs) };
  if (timing.instalment !== undefined) deadline.instalment = timing.instalment;
  state.deadlines.push(deadline);
}

/** A deadline `days` from now, shown as the date `endsOn`. */
export function addPeriod(state: CaseState, kind: DeadlineKind, days: number, endsOn: string, timing: { clock: CaseClock; nowMs: number }): void {
  state.deadlines.push({ kind, date: endsOn, dueAtMs: periodEndMs(days, timing.clock, timing.nowMs) });
}

export function dropDeadlines(state: CaseState, kind: DeadlineKind): void {
  state.deadlines = state.deadlines.filter((d) => d.kind !== kind);
}

/** Removes and returns the deadlines due at `nowMs`, earliest first. */
export function takeDue(state: CaseState, nowMs: number): Deadline[] {
  const due = state.deadlines.filter((d) => d.dueAtMs <= nowMs).sort((a, b) => a.dueAtMs - b.dueAtMs);
  if (due.length > 0) state.deadlines = state.deadlines.filter((d) => d.dueAtMs > nowMs);
  return due;
}

/** The deadline that fires first. */
export function earliest(state: CaseState): Deadline | undefined {
  let first: Deadline | undefined;
  for (const d of state.deadlines) if (first === undefined || d.dueAtMs < first.dueAtMs) first = d;
  return first;
}

/** The deadline the case shows as next: the earliest date (the one firing first among equal dates). */
export function nextShown(state: CaseState): Deadline | undefined {
  let first: Deadline | undefined;
  for (const d of state.deadlines) {
    if (first === undefined || d.date < first.date || (d.date === first.date && d.dueAtMs < first.dueAtMs)) first = d;
  }
  return first;
}
