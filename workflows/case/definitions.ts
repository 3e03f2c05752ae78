/**
 * The case workflow's public surface: its input, the updates, signal and query the API uses, and
 * what they carry. Updates (not signals) carry events so that the API learns synchronously whether
 * an event was accepted (their validators reject invalid transitions before anything is recorded)
 * and the case's status afterwards.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, CaseEventInput, MilestoneInput } from '../../src/cases/events.ts';
import type { CaseStatus } from '../../src/domain/case-status.ts';
import type { CaseState } from './state.ts';

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

/** Rules that shape the case's timers; read from configuration by whoever starts the workflow. */
export interface CaseTimingRules {
  /** Multiplies every timer: 1 in production; tests and demos shorten days to milliseconds. */
  timerScale: number;
  /** Days before the limitation deadline at which the case warns. */
  limitationWarningDays: number;
  /** Days without a milestone after which a handed-off case is flagged stale and the firm reminded. */
  firmSilenceDays: number;
  /** Seconds a firm notification is retried before it is recorded as undelivered (absent in older runs: 3 days). */
  notificationRetrySeconds?: number;
}

export interface CaseWorkflowInput {
  caseId: string;
  loanId: string;
  lenderId: string;
  /** Firm named at escalation; null = chosen by the handoff rule when the packet is ready. */
  lawFirmId: string | null;
  reason: string;
  /** Days the borrower has after the demand letter; 0 = the demand period already ran outside this service. */
  responseDays: number;
  escalatedBy: Actor;
  /** ISO instant of the escalation request. */
  escalatedAt: string;
  rules: CaseTimingRules;
  /** History length at which the run continues as new (default 10,000; tests set it low to exercise it). */
  historyLimit?: number;
  /** The state carried over by continue-as-new; absent on the first run. */
  carried?: CaseState;
}

/** What every command returns: the case and its status once the command took effect. */
export interface CaseRef {
  caseId: string;
  status: CaseStatus;
}

export interface CaseEventCommand {
  event: CaseEventInput;
  actor: Actor;
}

export interface MilestoneCommand {
  milestone: MilestoneInput;
  actor: Actor;
}

export interface HandoffCommand {
  lawFirmId: string;
  actor: Actor;
}

export interface EvidenceSupplied {
  actor: Actor;
  note?: string;
}

/** Failure types the updates reject with; the commands map them to HTTP statuses (409, 422). */
export const CASE_CONFLICT = 'CaseConflict';
export const UNPROCESSABLE = 'Unprocessable';

export const caseEventUpdate = defineUpdate<CaseRef, [CaseEventCommand]>('caseEvent');
export const milestoneUpdate = defineUpdate<CaseRef, [MilestoneCommand]>('milestone');
export const handoffUpdate = defineUpdate<CaseRef, [HandoffCommand]>('handoff');
/** The loan's evidence changed (contract uploaded, loan updated, contact records added): check again. */
export const evidenceSuppliedSignal = defineSignal<[EvidenceSupplied]>('evidenceSupplied');
export const caseStateQuery = defineQuery<CaseView>('caseState');

/** The live state of a case as the query returns it. */
export interface CaseView extends CaseRef {
  stage: CaseState['stage'];
  litigation: CaseState['litigation'];
  lawFirmId: string | null;
  stale: boolean;
  claimTotalFen: number | null;
  limitationDeadline: string | null;
  blockers: CaseState['blockers'];
  hold: CaseState['hold'];
  nextDeadline: { kind: string; date: string } | null;
  deadlines: Array<{ kind: string; date: string }>;
}
