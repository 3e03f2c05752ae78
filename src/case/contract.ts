/**
 * The case's contract: everything the case workflow, its activities, the client commands and the
 * API exchange, in one leaf module that imports only the domain (and Temporal's definition
 * helpers). The command vocabulary as validated at every boundary, the ids, the workflow's input
 * and the state it carries, the update / signal / query / search-attribute names, the types the
 * activities return to the workflow, and the case clock (`today()`).
 *
 * Amounts are yuan strings in commands, fen inside.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { chinaDate } from '../domain/calendar.ts';
import type { CaseStatus } from '../domain/case-status.ts';
import type { CompletenessStage } from '../domain/evidence-completeness.ts';
import type { CompletenessIssue } from '../domain/evidence.ts';
import type { LimitationStatus } from '../domain/limitation.ts';
import { Id, IsoDate, TransactionId, YuanAmount } from '../domain/input-rules.ts';

// ---- the command vocabulary ----

/** What the legal team, the collections system and law firms tell a running case. */
export const EscalationRequest = z.strictObject({
  loanId: Id,
  reason: z.string().trim().min(1).max(500),
  lawFirmId: Id.optional(),
  /** 0 = the demand period already ran outside this service: go on to the packet once the letter is issued. */
  responseDays: z.number().int().min(0).max(90).optional(),
});
export type EscalationRequest = z.infer<typeof EscalationRequest>;

export const Installment = z.strictObject({ dueDate: IsoDate, amount: YuanAmount });

export const CaseEventInput = z.discriminatedUnion('type', [
  /** `transactionId`: the lender's id of the payment, as in the snapshot's payments; a payment reported twice under one id counts once. */
  z.strictObject({ type: z.literal('payment_received'), amount: YuanAmount, paidAt: IsoDate, transactionId: TransactionId.optional() }),
  z.strictObject({ type: z.literal('repayment_plan_agreed'), installments: z.array(Installment).min(1).max(120) }),
  z.strictObject({ type: z.literal('dispute_raised'), reason: z.string().trim().min(1).max(1000) }),
  z.strictObject({ type: z.literal('dispute_resolved'), note: z.string().trim().max(1000).optional() }),
  z.strictObject({
    type: z.literal('demand_delivered'),
    deliveredAt: IsoDate,
    channel: z.enum(['ems', 'email', 'sms', 'in_person', 'app']),
    trackingNumber: z.string().trim().min(1).max(64).optional(),
  }),
  z.strictObject({ type: z.literal('withdrawn'), reason: z.string().trim().min(1).max(1000) }),
]);
export type CaseEventInput = z.infer<typeof CaseEventInput>;

export const MilestoneInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('filed'), court: z.string().trim().min(1).max(200), caseNumber: z.string().trim().min(1).max(100), date: IsoDate }),
  z.strictObject({ type: z.literal('hearing_scheduled'), date: IsoDate, court: z.string().trim().min(1).max(200).optional() }),
  z.strictObject({
    type: z.literal('judgment'),
    date: IsoDate,
    outcome: z.enum(['won', 'partially_won', 'lost']),
    awardedAmount: YuanAmount,
  }),
  z.strictObject({ type: z.literal('mediated'), date: IsoDate, agreedAmount: YuanAmount }),
  z.strictObject({ type: z.literal('enforcement_applied'), date: IsoDate, caseNumber: z.string().trim().min(1).max(100) }),
  z.strictObject({ type: z.literal('recovered'), date: IsoDate, amount: YuanAmount }),
  z.strictObject({ type: z.literal('closed'), date: IsoDate, note: z.string().trim().max(1000).optional() }),
]);
export type MilestoneInput = z.infer<typeof MilestoneInput>;

export const HandoffRequest = z.strictObject({ lawFirmId: Id });
export type HandoffRequest = z.infer<typeof HandoffRequest>;

/** Who did it, for the timeline and the audit log. */
export interface Actor {
  principalId: string | null;
  role: 'legal' | 'lawyer' | 'system';
  name: string;
}

/** The actor as the timeline (case_events.actor) and cases.escalated_by show it: role and name, no ids. */
export function actorLabel(actor: Actor): string {
  return `${actor.role}:${actor.name}`;
}

// ---- ids and names ----

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
  stage: Stage;
  litigation: Litigation | null;
  lawFirmId: string | null;
  stale: boolean;
  claimTotalFen: number | null;
  limitationDeadline: string | null;
  blockers: CaseBlocker[];
  hold: Hold | null;
  nextDeadline: { kind: string; date: string } | null;
  deadlines: Array<{ kind: string; date: string }>;
}

/** Search attributes of the case workflow: make cases findable in the Temporal UI by status, lender, firm and amount. */
export const CaseStatusAttribute = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const LenderIdAttribute = defineSearchAttributeKey('LenderId', SearchAttributeType.KEYWORD);
export const LawFirmIdAttribute = defineSearchAttributeKey('LawFirmId', SearchAttributeType.KEYWORD);
export const ClaimAmountFenAttribute = defineSearchAttributeKey('ClaimAmountFen', SearchAttributeType.INT);

/** Every attribute the namespace must have registered (the dev server registers them at start). */
export const caseSearchAttributes = [CaseStatusAttribute, LenderIdAttribute, LawFirmIdAttribute, ClaimAmountFenAttribute];

// ---- what the workflow and its activities exchange ----

/** An event of the case's timeline, with its idempotency key. */
export interface RecordedEvent {
  /** workflowId#seq: unique per case and event, stable across retries and replays. */
  key: string;
  type: string;
  occurredAt: string;
  actor: string;
  data: Record<string, unknown>;
}

/** Something that stops the case from going on until it is fixed (shown on the case). */
export interface CaseBlocker {
  code: string;
  message: string;
  /** The stage it blocks when not the current one: `lawsuit` for data the lawsuit documents need (the demand may still go out). */
  stage?: 'lawsuit';
  /** For missing data: the JSON path of the field, who supplies it and through which request. */
  path?: string;
  suppliedBy?: 'lender' | 'law_firm' | 'loan_snapshot';
  request?: string;
}

/** The claim as the workflow keeps it: total, date and limitation. */
export interface ClaimSummary {
  totalFen: number;
  asOf: string;
  limitationDeadline: string;
  limitationStatus: LimitationStatus['status'];
}

export type FirmNotificationType = 'case.handed_off' | 'case.reminder' | 'case.closed';

// ---- the activities: what the workflow asks of the outside world ----

export interface OpenCase {
  caseId: string;
  workflowId: string;
  loanId: string;
  lenderId: string;
  reason: string;
  responseDays: number;
  escalatedBy: string;
  escalatedAt: string;
  event: RecordedEvent;
}

export interface CaseSync {
  caseId: string;
  /** Increases with every sync of the case; an update with a lower one than the row's is dropped. */
  seq: number;
  status: CaseStatus;
  stale: boolean;
  lawFirmId: string | null;
  blockers: CaseBlocker[];
  nextDeadline: { date: string; kind: string } | null;
  court: { name: string; caseNumber: string } | null;
  closedAt: string | null;
  events: RecordedEvent[];
}

export interface PaymentRecord {
  caseId: string;
  amountFen: number;
  paidOn: string;
  /** The lender's id of the payment (when reported with one). */
  transactionId?: string;
  /** Today: the claim shown on the case is recalculated as of this date. */
  asOf: string;
  event: RecordedEvent;
}

export interface PaymentOutcome {
  /** What was still owed on the day of the payment, after it (0: paid in full). */
  remainingFen: number;
  claim: ClaimSummary;
  /** The payment's transaction id was reported before (by another event): nothing was recorded. */
  alreadyReported?: boolean;
}

export type FirmRule = 'named' | 'lender_default' | 'least_workload';

export interface FirmChoice {
  lawFirmId: string;
  rule: FirmRule;
}

export interface FirmNotification {
  caseId: string;
  lawFirmId: string;
  webhookId: string;
  type: FirmNotificationType;
}

export type NotificationOutcome =
  | { delivered: true; status: number }
  | { delivered: false; reason: 'no_webhook_url' | 'case_closed' | 'firm_changed' }
  | { delivered: false; reason: 'destination_refused'; detail: string };

export interface EvidenceCheck {
  caseId: string;
  stage: CompletenessStage;
  asOf: string;
  demandDelivered: boolean;
  /** The firm named for the case, if any (else the lender's default firm is checked). */
  lawFirmId?: string | null;
}

export interface EvidenceOutcome {
  blockers: CaseBlocker[];
  warnings: CompletenessIssue[];
  /**
   * The data the lawsuit documents need and the case lacks (code `missing_data`, stage `lawsuit`),
   * at every stage; at the lawsuit stage they are among the blockers too. Absent in histories
   * recorded before it existed.
   */
  missing?: CaseBlocker[];
}

export interface IssuedDocuments {
  documentIds: string[];
}

/** The evidence bundle as frozen: when, and how many exhibits. */
export interface FrozenBundle {
  frozenAt: string;
  exhibitCount: number;
}

/**
 * Every activity of the case workflow. The worker registers an implementation of this interface
 * (`src/case/activities`); the workflow proxies it by type, so the workflow never imports the
 * activities' code.
 */
export interface CaseActivities {
  /** The case's row and its first event (idempotent). */
  openCase(input: OpenCase): Promise<void>;
  /** Writes the case's row and queued events to the read model (idempotent, ordered by `seq`). */
  syncCase(sync: CaseSync): Promise<void>;
  /** Recalculates the claim and limitation as of `asOf` and writes them to the read model. */
  calculateCaseClaim(input: { caseId: string; asOf: string }): Promise<ClaimSummary>;
  /** Records a payment on the loan and recalculates the claim. */
  recordPayment(input: PaymentRecord): Promise<PaymentOutcome>;
  /** Whether the evidence suffices for the stage: what blocks the case and what only warns. */
  assessEvidence(input: EvidenceCheck): Promise<EvidenceOutcome>;
  /** Freezes the evidence bundle for the lawsuit: its exhibits rendered, numbered and hashed once. */
  freezeEvidenceBundle(input: { caseId: string; asOf: string; warnings: CompletenessIssue[] }): Promise<FrozenBundle>;
  /**
   * assessEvidence, then freezeEvidenceBundle at the lawsuit stage when nothing blocks: the single
   * step of cases started before patch `freeze-evidence-step`, kept for their workflows.
   */
  checkEvidence(input: EvidenceCheck): Promise<EvidenceOutcome>;
  chooseLawFirm(input: { caseId: string; lenderId: string; named: string | null }): Promise<FirmChoice | null>;
  notifyLawFirm(input: FirmNotification): Promise<NotificationOutcome>;
  /** 催收函 (PDF and DOCX) with the claim last calculated and the payment deadline. */
  issueDemandLetter(input: { caseId: string; issuedOn: string; deadline: string }): Promise<IssuedDocuments>;
  /** The lawsuit documents of the packet, for the chosen firm, from the frozen bundle. */
  generateLawsuitDocuments(input: { caseId: string; lawFirmId: string; filedOn: string }): Promise<IssuedDocuments>;
  /** generateLawsuitDocuments under its name before patch `lawsuit-documents-step`, kept for those cases' workflows. */
  generateLawsuitPacket(input: { caseId: string; lawFirmId: string; filedOn: string }): Promise<IssuedDocuments>;
  /** A power of attorney (version 2, 3…) for a firm that takes over a handed-off case. */
  issuePowerOfAttorney(input: { caseId: string; lawFirmId: string; issuedOn: string; version: number }): Promise<IssuedDocuments>;
}

// ---- the state a case workflow carries (across continue-as-new) ----

/** How far the escalation got; only the workflow's main loop moves it forward. */
export type Stage =
  | 'evidence' // assembling the bundle, checking it is enough for a demand
  | 'demand' // claim calculated, demand letter being generated
  | 'response_window' // demand issued, the borrower's time to pay runs
  | 'lawsuit_evidence' // window over: checking the bundle is enough for a lawsuit
  | 'firm' // choosing the law firm (the packet's power of attorney names it)
  | 'packet' // generating the lawsuit packet
  | 'tracking'; // handed off to the firm: milestones until closure

export type Litigation = 'handed_off' | 'in_litigation' | 'judgment' | 'enforcement';

export interface PlanInstalment {
  dueDate: string;
  amountFen: number;
}

export type Hold =
  | { kind: 'dispute'; reason: string; since: string }
  | { kind: 'plan'; instalments: PlanInstalment[]; paidFen: number; agreedOn: string };

export type Closure = 'closed_paid' | 'closed_withdrawn' | 'closed';

export type DeadlineKind =
  | 'response_window'
  | 'plan_instalment'
  | 'limitation_warning'
  | 'firm_silence'
  | 'hearing'
  | 'appeal_window'
  | 'enforcement_deadline'
  | 'step_retry';

/** A durable timer: the calendar date it stands for, and when it fires on the workflow's (scaled) clock. */
export interface Deadline {
  kind: DeadlineKind;
  date: string;
  dueAtMs: number;
  /** For plan_instalment: which instalment (0-based). */
  instalment?: number;
}

export interface CaseState {
  stage: Stage;
  /** Non-empty: the case waits (awaiting_evidence) until something it depends on changes. */
  blockers: CaseBlocker[];
  /** Counts outside changes that may unblock the case (evidence supplied, demand delivered, firm assigned). */
  inputVersion: number;
  /** inputVersion when the blocked step last ran: the step runs again only once it moved on. */
  blockedAtVersion: number;
  /**
   * Data the lawsuit documents need and the case lacks, known from the first evidence check on:
   * shown with the blockers (stage `lawsuit`) while the demand goes ahead. Absent in states
   * carried over from before it existed.
   */
  missingData?: CaseBlocker[];
  /** inputVersion when missingData was last checked. */
  missingCheckedAt?: number;
  litigation: Litigation | null;
  hold: Hold | null;
  closure: Closure | null;
  closedAt: string | null;
  lawFirmId: string | null;
  court: { name: string; caseNumber: string } | null;
  stale: boolean;
  claimTotalFen: number | null;
  limitationDeadline: string | null;
  /** The limitation deadline the case last warned about. */
  limitationWarnedFor: string | null;
  demandDelivered: boolean;
  deadlines: Deadline[];
  /** Sequence of recorded events: the idempotency key of each is workflowId#seq, so a retry records it once. */
  eventSeq: number;
  /** Firm notifications sent so far: each has its own webhook id, the same on every retry. */
  notificationSeq: number;
  /** Writes of the read model so far (see syncCase). */
  syncSeq: number;
  /**
   * The firm the newest power of attorney names, and its version (the packet's is 1). Set once a
   * handed-off case is reassigned (patch reissue-power-of-attorney); while it names another firm
   * than `lawFirmId`, the main loop issues one for the new firm.
   */
  powerOfAttorney?: { lawFirmId: string; version: number };
}

// ---- the case clock ----

/**
 * Today in China. Inside the workflow Date.now() is the deterministic time of the workflow task, so
 * the same function serves the workflow (replays identically) and the client and activities.
 */
export function today(): string {
  return chinaDate(Date.now());
}
