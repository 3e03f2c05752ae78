/**
 * Whether a case's current step keeps failing, read from its blockers and timeline: the alert-able
 * state the legal team (and an operator's alert) watches. A step that fails on its data is blocked
 * with `bad_data` and waits for a correction; one that fails otherwise is retried with backoff a
 * bounded number of times, recorded `step_failed`, and tried again later; the count says how often
 * in a row, since the case last moved on.
 */

/** Events that mean the case's steps moved on: failures before them no longer count. */
const PROGRESS = new Set([
  'evidence_complete',
  'evidence_incomplete',
  'demand_issued',
  'handoff_waiting',
  'law_firm_chosen',
  'packet_generated',
  'handed_off',
  'power_of_attorney_issued',
]);

const FAILING_BLOCKERS = new Set(['step_failed', 'bad_data']);

export interface StepFailing {
  /** `bad_data`: waits for the data to be corrected; `step_failed`: retried later by itself. */
  kind: 'bad_data' | 'step_failed';
  /** step_failed events in a row since the case last moved on. */
  count: number;
  /** The activity that failed last, and why. */
  activity: string | null;
  message: string | null;
  since: string;
}

export function stepFailingOf(
  blockers: unknown,
  timeline: ReadonlyArray<{ type: string; occurredAt: string; data: unknown }>,
): StepFailing | null {
  const current = Array.isArray(blockers) ? blockers.find((b: { code?: unknown }) => typeof b?.code === 'string' && FAILING_BLOCKERS.has(b.code)) : undefined;
  if (current === undefined) return null;
  const failures: Array<{ occurredAt: string; data: unknown }> = [];
  for (let i = timeline.length - 1; i >= 0; i--) {
    const event = timeline[i]!;
    if (PROGRESS.has(event.type)) break;
    if (event.type === 'step_failed') failures.unshift(event);
  }
  const last = failures.at(-1)?.data as { activity?: string; message?: string } | undefined;
  return {
    kind: current.code as StepFailing['kind'],
    count: Math.max(failures.length, 1),
    activity: last?.activity ?? null,
    message: last?.message ?? (current as { message?: string }).message ?? null,
    since: failures[0]?.occurredAt ?? timeline.at(-1)?.occurredAt ?? new Date(0).toISOString(),
  };
}
