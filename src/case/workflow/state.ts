/**
 * The pure rules over what a case workflow remembers (`CaseState`, in the contract): the status it
 * shows and which events, milestones and handoffs it accepts now. Pure and deterministic: the update validators
 * and the workflow use the same functions, and unit tests can call them directly.
 */
import type { CaseStatus } from '../../domain/case-status.ts';
import type { CaseBlocker, CaseState, Litigation, Stage } from '../contract.ts';

/** A firm took over the handed-off case and has no power of attorney yet. */
export function powerOfAttorneyDue(state: CaseState): boolean {
  return state.powerOfAttorney !== undefined && state.lawFirmId !== null && state.powerOfAttorney.lawFirmId !== state.lawFirmId;
}

export function initialState(lawFirmId: string | null): CaseState {
  return {
    stage: 'evidence',
    blockers: [],
    inputVersion: 0,
    blockedAtVersion: 0,
    litigation: null,
    hold: null,
    closure: null,
    closedAt: null,
    lawFirmId,
    court: null,
    stale: false,
    claimTotalFen: null,
    limitationDeadline: null,
    limitationWarnedFor: null,
    demandDelivered: false,
    deadlines: [],
    eventSeq: 0,
    notificationSeq: 0,
    syncSeq: 0,
  };
}

/**
 * The blockers a case shows: what stops it now, then the data the lawsuit documents still lack
 * (stage `lawsuit`), which does not stop the demand. A missing datum already among the blockers
 * (at the lawsuit stage) is shown once.
 */
export function shownBlockers(state: CaseState): CaseBlocker[] {
  const missing = state.missingData ?? [];
  if (missing.length === 0) return state.blockers;
  const current = new Set(state.blockers.map((b) => `${b.code}|${b.path ?? ''}`));
  return [...state.blockers, ...missing.filter((m) => !current.has(`${m.code}|${m.path ?? ''}`))];
}

/** Lawsuit data was missing at the last check and something changed since, before the lawsuit stage checks it anyway. */
export function missingDataStale(state: CaseState): boolean {
  return (state.missingData?.length ?? 0) > 0 && state.missingCheckedAt !== state.inputVersion && state.stage === 'response_window';
}

const STAGE_STATUS: Record<Stage, CaseStatus> = {
  evidence: 'assembling_evidence',
  demand: 'assembling_evidence',
  response_window: 'demand_issued',
  lawsuit_evidence: 'preparing_lawsuit',
  firm: 'preparing_lawsuit',
  packet: 'preparing_lawsuit',
  tracking: 'handed_off',
};

/**
 * The product status: closure, then hold, then blockers, then the stage (or litigation step). A
 * blocked step shows as awaiting_evidence (missing evidence, or data an activity could not use),
 * except a case waiting for a law firm to be assigned: it stays preparing_lawsuit, its blocker listed.
 */
export function statusOf(state: CaseState): CaseStatus {
  if (state.closure !== null) return state.closure;
  if (state.hold?.kind === 'dispute') return 'on_hold';
  if (state.hold?.kind === 'plan') return 'negotiating';
  if (state.blockers.length > 0 && state.stage !== 'firm' && state.stage !== 'tracking') return 'awaiting_evidence';
  if (state.stage === 'tracking' && state.litigation !== null) return state.litigation;
  return STAGE_STATUS[state.stage];
}

const STAGES: readonly Stage[] = ['evidence', 'demand', 'response_window', 'lawsuit_evidence', 'firm', 'packet', 'tracking'];

export function stageReached(state: CaseState, stage: Stage): boolean {
  return STAGES.indexOf(state.stage) >= STAGES.indexOf(stage);
}

type EventType = 'payment_received' | 'repayment_plan_agreed' | 'dispute_raised' | 'dispute_resolved' | 'demand_delivered' | 'withdrawn';

/** Why the case cannot take this event now, or undefined if it can. */
export function eventConflict(state: CaseState, type: EventType): string | undefined {
  const status = statusOf(state);
  if (state.closure !== null) return `the case is ${status}`;
  switch (type) {
    case 'payment_received':
    case 'withdrawn':
      return undefined;
    case 'repayment_plan_agreed':
      if (state.stage === 'tracking') return 'the case is with the law firm: a settlement is reported as the milestone "mediated"';
      if (state.hold?.kind === 'dispute') return 'the case is on hold for a dispute: resolve it first';
      return undefined;
    case 'dispute_raised':
      if (state.stage === 'tracking') return 'the case is with the law firm, which answers disputes in the proceedings';
      if (state.hold?.kind === 'dispute') return 'a dispute is already open';
      if (state.hold?.kind === 'plan') return 'the case is negotiating under a repayment plan';
      return undefined;
    case 'dispute_resolved':
      return state.hold?.kind === 'dispute' ? undefined : 'there is no open dispute';
    case 'demand_delivered':
      return stageReached(state, 'response_window') ? undefined : 'no demand letter has been issued yet';
  }
}

type MilestoneType = 'filed' | 'hearing_scheduled' | 'judgment' | 'mediated' | 'enforcement_applied' | 'recovered' | 'closed';

const MILESTONE_FROM: Record<MilestoneType, readonly Litigation[]> = {
  filed: ['handed_off'],
  hearing_scheduled: ['in_litigation'],
  judgment: ['in_litigation'],
  mediated: ['handed_off', 'in_litigation'],
  enforcement_applied: ['judgment'],
  recovered: ['in_litigation', 'judgment', 'enforcement'],
  closed: ['handed_off', 'in_litigation', 'judgment', 'enforcement'],
};

export function milestoneConflict(state: CaseState, type: MilestoneType): string | undefined {
  if (state.closure !== null) return `the case is ${state.closure}`;
  if (state.litigation === null) return 'the case has not been handed to a law firm yet';
  if (!MILESTONE_FROM[type].includes(state.litigation)) {
    return `"${type}" cannot follow ${state.litigation} (allowed after: ${MILESTONE_FROM[type].join(', ')})`;
  }
  return undefined;
}

export function handoffConflict(state: CaseState): string | undefined {
  if (state.closure !== null) return `the case is ${state.closure}`;
  // The packet names the chosen firm (power of attorney): it is not switched while being generated.
  if (state.stage === 'packet') return 'the lawsuit packet is being prepared for the chosen firm: reassign once the case is handed off';
  return undefined;
}

/** Litigation step a milestone leads to (unchanged for those that only add facts or deadlines). */
export function litigationAfter(current: Litigation, type: MilestoneType): Litigation {
  switch (type) {
    case 'filed':
      return 'in_litigation';
    case 'judgment':
    case 'mediated':
      return 'judgment';
    case 'enforcement_applied':
      return 'enforcement';
    default:
      return current;
  }
}
