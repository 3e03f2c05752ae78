/**
 * One workflow per case, from escalation to closure: evidence → demand letter → response window →
 * evidence for a lawsuit → law firm chosen → lawsuit packet (its power of attorney names the firm)
 * → handoff → tracking of the firm's milestones; events (payments, plans, disputes, delivery,
 * withdrawal) can arrive at any time.
 *
 * One coroutine (the main loop) changes the state and writes the read model, so writes are
 * ordered and never race. Update handlers only queue their command and wait for the loop to
 * process it; the loop processes queued commands and due deadlines whenever it waits, including
 * while a long activity (documents, a firm notification) runs.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseBlocker, RecordedEvent } from '../../src/activities/case-record.ts';
import type { ClaimSummary } from '../../src/activities/claim.ts';
import type { FirmNotificationType } from '../../src/activities/law-firm.ts';
import { type Actor, CaseEventInput, MilestoneInput } from '../../src/cases/events.ts';
import { addDays, addYears } from '../../src/domain/calendar.ts';
import { parseYuan } from '../../src/domain/money.ts';
import { documents, notifications, records, work } from './activities.ts';
import { type CaseClock, chinaDate } from './clock.ts';
import { addDeadline, addPeriod, dropDeadlines, earliest, nextShown, takeDue } from './deadlines.ts';
import {
  CASE_CONFLICT,
  caseEventUpdate,
  type CaseEventCommand,
  type CaseRef,
  caseStateQuery,
  type CaseView,
  type CaseWorkflowInput,
  evidenceSuppliedSignal,
  handoffUpdate,
  type HandoffCommand,
  milestoneUpdate,
  type MilestoneCommand,
  UNPROCESSABLE,
} from './definitions.ts';
import { eventDataProblem, milestoneDataProblem } from './event-data.ts';
import { type Shown, shownAtStart, showOnSearch } from './search.ts';
import {
  type CaseState,
  type Closure,
  type Deadline,
  type DeadlineKind,
  eventConflict,
  handoffConflict,
  initialState,
  litigationAfter,
  milestoneConflict,
  type Stage,
  statusOf,
} from './state.ts';

/** History length at which the case continues as new (Temporal also suggests it on its own limits). */
const DEFAULT_HISTORY_LIMIT = 10_000;
/** Days after a judgment in which a party may appeal (民事诉讼法 第171条). */
const APPEAL_DAYS = 15;
/** Years within which enforcement must be applied for (民事诉讼法 第250条). */
const ENFORCEMENT_YEARS = 2;
const WORKFLOW_ACTOR = 'system:workflow';
/**
 * Version 2 tells the firm when a case it works on is closed by someone else (paid in full,
 * withdrawn). Cases closed before this change did not: patched() keeps their histories replaying.
 */
const NOTIFY_FIRM_ON_CLOSURE = 'notify-firm-on-closure';

type Command = { kind: 'event'; command: CaseEventCommand } | { kind: 'milestone'; command: MilestoneCommand } | { kind: 'handoff'; command: HandoffCommand };
type Rejection = { type: typeof CASE_CONFLICT | typeof UNPROCESSABLE; message: string };
interface Ticket {
  command: Command;
  outcome?: { ref: CaseRef } | { rejection: Rejection };
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseRef> {
  return new CaseRun(input).run();
}

function reject(rejection: Rejection): never {
  throw ApplicationFailure.create({ type: rejection.type, message: rejection.message, nonRetryable: true });
}

function checkActor(actor: Actor | undefined): void {
  if (typeof actor?.name !== 'string' || !['legal', 'lawyer', 'system'].includes(actor.role)) {
    reject({ type: UNPROCESSABLE, message: 'the command needs an actor {principalId, role, name}' });
  }
}

function today(): string {
  return chinaDate(Date.now());
}

function actorLabel(actor: Actor): string {
  return `${actor.role}:${actor.name}`;
}

class CaseRun {
  readonly input: CaseWorkflowInput;
  readonly state: CaseState;
  readonly workflowId: string;
  readonly inbox: Ticket[] = [];
  /** Events recorded in the state but not yet in the read model. */
  outbox: RecordedEvent[] = [];
  /** The read model lags the state (status, deadlines, flags). */
  dirty = false;
  notificationsInFlight = 0;
  /** Search attributes as last upserted. */
  shown: Shown = shownAtStart();
  /** Firm notifications run here, beside the main loop; cancelled when the case closes. */
  readonly background = new CancellationScope();
  readonly clock: CaseClock;

  constructor(input: CaseWorkflowInput) {
    this.input = input;
    this.clock = { anchorMs: Date.parse(input.escalatedAt), timerScale: input.rules.timerScale };
    this.state = input.carried ?? initialState(input.lawFirmId);
    this.workflowId = workflowInfo().workflowId;

    setHandler(caseEventUpdate, (command) => this.submit({ kind: 'event', command }), {
      validator: (command) => {
        checkActor(command?.actor);
        const event = CaseEventInput.safeParse(command?.event);
        if (!event.success) reject({ type: UNPROCESSABLE, message: `invalid event: ${event.error.issues[0]?.message ?? ''}` });
        const conflict = eventConflict(this.state, event.data.type);
        if (conflict !== undefined) reject({ type: CASE_CONFLICT, message: conflict });
        const problem = eventDataProblem(event.data, today());
        if (problem !== undefined) reject({ type: UNPROCESSABLE, message: problem });
      },
    });
    setHandler(milestoneUpdate, (command) => this.submit({ kind: 'milestone', command }), {
      validator: (command) => {
        checkActor(command?.actor);
        const milestone = MilestoneInput.safeParse(command?.milestone);
        if (!milestone.success) reject({ type: UNPROCESSABLE, message: `invalid milestone: ${milestone.error.issues[0]?.message ?? ''}` });
        const conflict = milestoneConflict(this.state, milestone.data.type);
        if (conflict !== undefined) reject({ type: CASE_CONFLICT, message: conflict });
        const problem = milestoneDataProblem(milestone.data, today());
        if (problem !== undefined) reject({ type: UNPROCESSABLE, message: problem });
      },
    });
    setHandler(handoffUpdate, (command) => this.submit({ kind: 'handoff', command }), {
      validator: (command) => {
        checkActor(command?.actor);
        if (typeof command.lawFirmId !== 'string' || command.lawFirmId === '') reject({ type: UNPROCESSABLE, message: 'lawFirmId is required' });
        const conflict = handoffConflict(this.state);
        if (conflict !== undefined) reject({ type: CASE_CONFLICT, message: conflict });
      },
    });
    setHandler(evidenceSuppliedSignal, (signal) => {
      if (this.state.closure !== null) return;
      this.state.inputVersion++;
      this.record('evidence_supplied', signal.note === undefined ? {} : { note: signal.note }, actorLabel(signal.actor));
    });
    setHandler(caseStateQuery, () => this.view());
  }

  async run(): Promise<CaseRef> {
    if (this.input.carried === undefined) {
      const { caseId, loanId, lenderId, reason, responseDays, escalatedBy, escalatedAt } = this.input;
      await records.openCase({
        caseId,
        workflowId: this.workflowId,
        loanId,
        lenderId,
        reason,
        responseDays,
        escalatedBy: actorLabel(escalatedBy),
        escalatedAt,
        event: this.newEvent('escalated', { reason, responseDays, lawFirmId: this.input.lawFirmId }, actorLabel(escalatedBy), escalatedAt),
      });
    }
    this.shown = showOnSearch(this.shown, this.input.lenderId, this.state);
    while (this.state.closure === null) {
      const info = workflowInfo();
      if (info.continueAsNewSuggested || info.historyLength >= (this.input.historyLimit ?? DEFAULT_HISTORY_LIMIT)) return this.continueAsNew();
      await this.advance();
    }
    return this.finish();
  }

  // ---- the escalation, one stage at a time ----

  async advance(): Promise<void> {
    const s = this.state;
    if (s.hold !== null || (s.blockers.length > 0 && s.blockedAtVersion === s.inputVersion)) return this.idle();
    switch (s.stage) {
      case 'evidence':
        return this.checkEvidence('demand', 'demand');
      case 'demand':
        return this.issueDemand();
      case 'lawsuit_evidence':
        return this.checkEvidence('lawsuit', 'firm');
      case 'firm':
        return this.chooseFirm();
      case 'packet':
        return this.handOff();
      case 'response_window':
      case 'tracking':
        return this.idle();
    }
  }

  async checkEvidence(stage: 'demand' | 'lawsuit', next: Stage): Promise<void> {
    const s = this.state;
    s.blockedAtVersion = s.inputVersion;
    const outcome = await this.perform(() =>
      work.checkEvidence({ caseId: this.input.caseId, stage, asOf: today(), demandDelivered: s.demandDelivered }),
    );
    if (outcome === undefined) return;
    s.blockers = outcome.blockers;
    const codes = (list: CaseBlocker[]) => list.map((b) => b.code);
    if (s.blockers.length === 0) {
      s.stage = next;
      this.record('evidence_complete', { stage, warnings: codes(outcome.warnings) });
    } else {
      this.record('evidence_incomplete', { stage, blockers: codes(outcome.blockers), warnings: codes(outcome.warnings) });
    }
    await this.sync();
  }

  async issueDemand(): Promise<void> {
    const s = this.state;
    const { caseId, responseDays } = this.input;
    const issuedOn = today();
    const claim = await this.perform(() => work.calculateCaseClaim({ caseId, asOf: issuedOn }));
    if (claim === undefined) return;
    this.noteClaim(claim);
    const deadline = addDays(issuedOn, responseDays);
    const issued = await this.perform(() => documents.issueDemandLetter({ caseId, issuedOn, deadline }));
    if (issued === undefined) return;
    s.blockers = [];
    this.dirty = true;
    // Held (dispute, plan) while the letter was being made: it is not issued; once released, the step runs again.
    if (s.hold !== null) return;
    if (responseDays > 0) {
      s.stage = 'response_window';
      // The deadline is the last day to pay: the window closes when that day is over.
      this.addDeadline('response_window', deadline, { firesOn: addDays(deadline, 1) });
    } else {
      s.stage = 'lawsuit_evidence';
    }
    this.record('demand_issued', { issuedOn, deadline, responseDays, claimTotalFen: claim.totalFen, documentIds: issued.documentIds });
    await this.sync();
  }

  async chooseFirm(): Promise<void> {
    const s = this.state;
    s.blockedAtVersion = s.inputVersion;
    const choice = await this.perform(() => work.chooseLawFirm({ caseId: this.input.caseId, lenderId: this.input.lenderId, named: s.lawFirmId }));
    if (choice === undefined) return;
    if (choice === null) {
      s.blockers = [{ code: 'no_law_firm', message: 'No law firm is registered to take the case: assign one.' }];
      this.record('handoff_waiting', { reason: 'no_law_firm' });
    } else {
      s.blockers = [];
      s.lawFirmId = choice.lawFirmId;
      s.stage = 'packet';
      this.record('law_firm_chosen', { lawFirmId: choice.lawFirmId, rule: choice.rule });
    }
    await this.sync();
  }

  /** Generates the packet for the chosen firm and hands the case over: from now on the firm sees it. */
  async handOff(): Promise<void> {
    const s = this.state;
    const { caseId } = this.input;
    const filedOn = today();
    const claim = await this.perform(() => work.calculateCaseClaim({ caseId, asOf: filedOn }));
    if (claim === undefined) return;
    this.noteClaim(claim);
    const lawFirmId = s.lawFirmId!;
    const packet = await this.perform(() => documents.generateLawsuitPacket({ caseId, lawFirmId, filedOn }));
    if (packet === undefined) return;
    s.blockers = [];
    this.dirty = true;
    // Held while the packet was being made: no handoff yet; once released, the step runs again (the documents stay).
    if (s.hold !== null) return;
    s.stage = 'tracking';
    s.litigation = 'handed_off';
    this.restartFirmSilence();
    this.record('packet_generated', { claimTotalFen: claim.totalFen, documentIds: packet.documentIds });
    this.record('handed_off', { lawFirmId });
    await this.sync();
    this.notify('case.handed_off');
  }

  // ---- waiting, and what arrives meanwhile ----

  /** Commands to answer or state to write: handlePending has something to do. */
  pending(): boolean {
    return this.inbox.length > 0 || this.outbox.length > 0 || this.dirty;
  }

  /** A blocked step may pass now: something it depends on changed since it last ran. */
  unblocked(): boolean {
    const s = this.state;
    return s.blockers.length > 0 && s.blockedAtVersion !== s.inputVersion;
  }

  /** Waits until something is pending, `also` holds, or the earliest deadline is due. */
  async waitFor(also: () => boolean): Promise<void> {
    const next = earliest(this.state);
    if (next === undefined) await condition(() => also() || this.pending());
    else await condition(() => also() || this.pending(), Math.max(1, next.dueAtMs - Date.now()));
  }

  async idle(): Promise<void> {
    await this.waitFor(() => this.unblocked());
    await this.handlePending();
  }

  /**
   * Runs a step's activity while serving commands and deadlines. Returns undefined when the case
   * closed meanwhile (the activity is cancelled if still running), or when the activity failed for
   * good: then the case is blocked with the reason until something changes.
   */
  async perform<T>(activity: () => Promise<T>): Promise<T | undefined> {
    const scope = new CancellationScope();
    let result: { value: T } | { error: unknown } | undefined;
    scope.run(activity).then(
      (value) => (result = { value }),
      (error: unknown) => (result = { error }),
    );
    // Commands are served meanwhile; deadlines wait for the activity (seconds at most), which spares a timer per step.
    while (result === undefined) {
      await condition(() => result !== undefined || this.pending());
      await this.handlePending();
      if (this.state.closure !== null && result === undefined) scope.cancel();
    }
    if (this.state.closure !== null) return undefined;
    if ('value' in result) return result.value;
    if (!(result.error instanceof ActivityFailure)) throw result.error;
    const cause = result.error.cause;
    const message = cause?.message ?? result.error.message;
    const type = cause instanceof ApplicationFailure && cause.type ? cause.type : 'ActivityFailed';
    log.warn('case step failed; waiting for a change', { caseId: this.input.caseId, activity: result.error.activityType, type });
    this.state.blockers = [{ code: type === 'BadData' ? 'bad_data' : 'step_failed', message }];
    this.state.blockedAtVersion = this.state.inputVersion;
    this.record('step_failed', { activity: result.error.activityType, type, message });
    await this.sync();
    return undefined;
  }

  /** Fires due deadlines, processes queued commands in order, writes the read model, then answers the commands. */
  async handlePending(): Promise<void> {
    const answered: Array<{ ticket: Ticket; rejection: Rejection | undefined }> = [];
    for (;;) {
      const due = takeDue(this.state, Date.now());
      if (due.length > 0) this.dirty = true;
      for (const deadline of due) await this.fire(deadline);
      const ticket = this.inbox.shift();
      if (ticket === undefined) break;
      answered.push({ ticket, rejection: await this.process(ticket.command) });
    }
    if (this.outbox.length > 0 || this.dirty) await this.sync();
    for (const { ticket, rejection } of answered) ticket.outcome = rejection ? { rejection } : { ref: this.ref() };
  }

  async submit(command: Command): Promise<CaseRef> {
    const ticket: Ticket = { command };
    this.inbox.push(ticket);
    await condition(() => ticket.outcome !== undefined);
    const outcome = ticket.outcome!;
    if ('rejection' in outcome) reject(outcome.rejection);
    return outcome.ref;
  }

  process(command: Command): Promise<Rejection | undefined> {
    switch (command.kind) {
      case 'event':
        return this.applyEvent(command.command);
      case 'milestone':
        return Promise.resolve(this.applyMilestone(command.command));
      case 'handoff':
        return Promise.resolve(this.applyHandoff(command.command));
    }
  }

  /** Re-checked here: an earlier command in the queue may have changed what is allowed. */
  async applyEvent({ event, actor }: CaseEventCommand): Promise<Rejection | undefined> {
    const s = this.state;
    const conflict = eventConflict(s, event.type);
    if (conflict !== undefined) return { type: CASE_CONFLICT, message: conflict };
    const by = actorLabel(actor);
    switch (event.type) {
      case 'payment_received': {
        const amountFen = parseYuan(event.amount);
        let outcome;
        try {
          outcome = await work.recordPayment({
            caseId: this.input.caseId,
            amountFen,
            paidOn: event.paidAt,
            asOf: today(),
            event: this.newEvent('payment_received', { amount: event.amount, paidAt: event.paidAt }, by),
          });
        } catch (error) {
          if (error instanceof ActivityFailure) return { type: UNPROCESSABLE, message: error.cause?.message ?? error.message };
          throw error;
        }
        this.noteClaim(outcome.claim);
        if (s.hold?.kind === 'plan') s.hold.paidFen += amountFen;
        if (outcome.remainingFen === 0) this.close('closed_paid');
        this.dirty = true;
        return undefined;
      }
      case 'repayment_plan_agreed': {
        const instalments = event.installments.map((i) => ({ dueDate: i.dueDate, amountFen: parseYuan(i.amount) }));
        dropDeadlines(s, 'plan_instalment');
        s.hold = { kind: 'plan', instalments, paidFen: 0, agreedOn: today() };
        // An instalment is missed when its due day is over without the plan's payments reaching it.
        instalments.forEach((instalment, index) =>
          this.addDeadline('plan_instalment', instalment.dueDate, { firesOn: addDays(instalment.dueDate, 1), instalment: index }),
        );
        this.record('repayment_plan_agreed', { installments: event.installments }, by);
        return undefined;
      }
      case 'dispute_raised':
        s.hold = { kind: 'dispute', reason: event.reason, since: today() };
        this.record('dispute_raised', { reason: event.reason }, by);
        return undefined;
      case 'dispute_resolved':
        s.hold = null;
        this.record('dispute_resolved', event.note === undefined ? {} : { note: event.note }, by);
        return undefined;
      case 'demand_delivered': {
        s.demandDelivered = true;
        s.inputVersion++;
        const { type: _type, ...delivery } = event;
        this.record('demand_delivered', delivery, by);
        // The delivery restarts limitation: recalculate once it is in the timeline the calculation reads.
        await this.sync();
        await this.refreshClaim();
        return undefined;
      }
      case 'withdrawn':
        this.record('withdrawn', { reason: event.reason }, by);
        this.close('closed_withdrawn');
        return undefined;
    }
  }

  applyMilestone({ milestone, actor }: MilestoneCommand): Rejection | undefined {
    const s = this.state;
    const conflict = milestoneConflict(s, milestone.type);
    if (conflict !== undefined) return { type: CASE_CONFLICT, message: conflict };
    s.litigation = litigationAfter(s.litigation!, milestone.type);
    s.stale = false;
    this.restartFirmSilence();
    switch (milestone.type) {
      case 'filed':
        s.court = { name: milestone.court, caseNumber: milestone.caseNumber };
        // Suing interrupts limitation for good: no more warnings.
        dropDeadlines(s, 'limitation_warning');
        break;
      case 'hearing_scheduled':
        dropDeadlines(s, 'hearing');
        this.addDeadline('hearing', milestone.date);
        break;
      case 'judgment': {
        // Counted from the judgment date: the date of service, which starts the appeal period, is not reported.
        dropDeadlines(s, 'hearing');
        const lastAppealDay = addDays(milestone.date, APPEAL_DAYS);
        this.addDeadline('appeal_window', lastAppealDay, { firesOn: addDays(lastAppealDay, 1) });
        this.addDeadline('enforcement_deadline', addYears(lastAppealDay, ENFORCEMENT_YEARS));
        break;
      }
      case 'mediated':
        dropDeadlines(s, 'hearing');
        this.addDeadline('enforcement_deadline', addYears(milestone.date, ENFORCEMENT_YEARS));
        break;
      case 'enforcement_applied':
        dropDeadlines(s, 'enforcement_deadline');
        break;
      case 'recovered':
        break;
      case 'closed':
        this.close('closed');
        break;
    }
    const { type, ...facts } = milestone;
    this.record(type, facts, actorLabel(actor));
    return undefined;
  }

  applyHandoff({ lawFirmId, actor }: HandoffCommand): Rejection | undefined {
    const s = this.state;
    const conflict = handoffConflict(s);
    if (conflict !== undefined) return { type: CASE_CONFLICT, message: conflict };
    if (lawFirmId === s.lawFirmId) return undefined;
    const previous = s.lawFirmId;
    s.lawFirmId = lawFirmId;
    this.record('law_firm_assigned', { lawFirmId, previous }, actorLabel(actor));
    if (s.stage === 'tracking') {
      // A new firm takes over the running case: it gets the handoff notification, and its own silence period.
      s.stale = false;
      this.restartFirmSilence();
      this.notify('case.handed_off');
    } else {
      s.inputVersion++;
    }
    return undefined;
  }

  async fire(deadline: Deadline): Promise<void> {
    const s = this.state;
    switch (deadline.kind) {
      case 'response_window':
        if (s.stage !== 'response_window') return;
        s.stage = 'lawsuit_evidence';
        this.record('response_window_ended', { deadline: deadline.date });
        return;
      case 'plan_instalment':
        return this.checkPlan(deadline);
      case 'limitation_warning':
        s.limitationWarnedFor = s.limitationDeadline;
        this.record('limitation_expiring', { deadline: s.limitationDeadline });
        await this.refreshClaim();
        return;
      case 'firm_silence':
        if (s.stage !== 'tracking') return;
        s.stale = true;
        this.record('firm_silent', { lawFirmId: s.lawFirmId, days: this.input.rules.firmSilenceDays });
        this.notify('case.reminder');
        this.restartFirmSilence();
        return;
      case 'hearing':
        this.record('hearing_day', { date: deadline.date });
        return;
      case 'appeal_window':
        this.record('appeal_window_ended', { lastDay: deadline.date });
        return;
      case 'enforcement_deadline':
        this.record('enforcement_deadline_passed', { deadline: deadline.date });
        return;
    }
  }

  checkPlan(deadline: Deadline): void {
    const s = this.state;
    if (s.hold?.kind !== 'plan' || deadline.instalment === undefined) return;
    const plan = s.hold;
    const dueFen = plan.instalments.slice(0, deadline.instalment + 1).reduce((sum, i) => sum + i.amountFen, 0);
    if (plan.paidFen < dueFen) {
      // Escalation resumes where it stopped; deadlines that passed meanwhile (the response window) already moved it on.
      s.hold = null;
      dropDeadlines(s, 'plan_instalment');
      this.record('repayment_plan_missed', { instalment: deadline.instalment + 1, dueDate: deadline.date, dueFen, paidFen: plan.paidFen });
    } else if (deadline.instalment === plan.instalments.length - 1) {
      // Kept in full; whatever the plan did not cover is still claimed, so escalation resumes.
      s.hold = null;
      this.record('repayment_plan_completed', { paidFen: plan.paidFen });
    }
  }

  // ---- the read model, notifications, closure ----

  newEvent(type: string, data: Record<string, unknown>, actor: string = WORKFLOW_ACTOR, occurredAt?: string): RecordedEvent {
    return { key: `${this.workflowId}#${++this.state.eventSeq}`, type, occurredAt: occurredAt ?? new Date().toISOString(), actor, data };
  }

  record(type: string, data: Record<string, unknown>, actor?: string): void {
    this.outbox.push(this.newEvent(type, data, actor));
  }

  async sync(): Promise<void> {
    const s = this.state;
    const events = this.outbox;
    this.outbox = [];
    this.dirty = false;
    const next = nextShown(s);
    await records.syncCase({
      caseId: this.input.caseId,
      seq: ++s.syncSeq,
      status: statusOf(s),
      stale: s.stale,
      // Lawyers see a case once it is handed to their firm, not when it is merely earmarked for it.
      lawFirmId: s.stage === 'tracking' ? s.lawFirmId : null,
      blockers: s.blockers,
      nextDeadline: next === undefined ? null : { date: next.date, kind: next.kind },
      court: s.court,
      closedAt: s.closedAt,
      events,
    });
    this.shown = showOnSearch(this.shown, this.input.lenderId, s);
  }

  async refreshClaim(): Promise<void> {
    try {
      this.noteClaim(await work.calculateCaseClaim({ caseId: this.input.caseId, asOf: today() }));
      this.dirty = true;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      // The claim shown stays the last one calculated; the next step recalculates anyway.
      log.warn('claim refresh failed', { caseId: this.input.caseId, message: error.cause?.message ?? error.message });
    }
  }

  noteClaim(claim: ClaimSummary): void {
    const s = this.state;
    s.claimTotalFen = claim.totalFen;
    s.limitationDeadline = claim.limitationDeadline;
    dropDeadlines(s, 'limitation_warning');
    // One warning per deadline: a restart (delivered demand, payment) moves the deadline and re-arms it.
    const warnOn = addDays(claim.limitationDeadline, -this.input.rules.limitationWarningDays);
    if (s.court === null && s.limitationWarnedFor !== claim.limitationDeadline) this.addDeadline('limitation_warning', warnOn);
  }

  addDeadline(kind: DeadlineKind, date: string, options: { firesOn?: string; instalment?: number } = {}): void {
    addDeadline(this.state, kind, date, { clock: this.clock, nowMs: Date.now(), ...options });
  }

  restartFirmSilence(): void {
    const days = this.input.rules.firmSilenceDays;
    dropDeadlines(this.state, 'firm_silence');
    addPeriod(this.state, 'firm_silence', days, addDays(today(), days), { clock: this.clock, nowMs: Date.now() });
  }

  /** Sends a notification to the case's firm beside the main loop; its outcome is recorded when it comes. */
  notify(type: FirmNotificationType): void {
    this.notificationsInFlight++;
    this.background.run(() => this.notifyNow(type)).finally(() => this.notificationsInFlight--);
  }

  /** Notifies the case's firm and records the outcome (retried until the firm acknowledges). */
  async notifyNow(type: FirmNotificationType): Promise<void> {
    const s = this.state;
    const lawFirmId = s.lawFirmId!;
    const webhookId = `${this.workflowId}-notification-${++s.notificationSeq}`;
    try {
      const outcome = await notifications.notifyLawFirm({ caseId: this.input.caseId, lawFirmId, webhookId, type });
      this.record(outcome.delivered ? 'firm_notified' : 'firm_not_notified', { lawFirmId, webhookId, type, ...outcome });
    } catch (error) {
      if (isCancellation(error)) return;
      const message = error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
      this.record('firm_notification_failed', { lawFirmId, webhookId, type, message });
    }
  }

  close(closure: Closure): void {
    const s = this.state;
    s.closure = closure;
    s.closedAt = new Date().toISOString();
    s.deadlines = [];
    s.blockers = [];
    this.dirty = true;
  }

  async finish(): Promise<CaseRef> {
    // A notification still being retried is moot once the case is closed.
    this.background.cancel();
    await this.handlePending();
    const s = this.state;
    if (s.litigation !== null && s.closure !== 'closed' && patched(NOTIFY_FIRM_ON_CLOSURE)) {
      await this.notifyNow('case.closed');
      await this.handlePending();
    }
    await condition(allHandlersFinished);
    log.info('case closed', { caseId: this.input.caseId, status: statusOf(this.state) });
    return this.ref();
  }

  /**
   * Carries the state into a fresh run once the history is long. Waits until nothing is in
   * flight: notifications finished, every command answered and written.
   */
  async continueAsNew(): Promise<never> {
    while (this.notificationsInFlight > 0 || this.pending() || !allHandlersFinished()) {
      await this.waitFor(() => this.notificationsInFlight === 0);
      await this.handlePending();
      await condition(allHandlersFinished);
    }
    return continueAsNew<typeof caseWorkflow>({ ...this.input, carried: this.state });
  }

  ref(): CaseRef {
    return { caseId: this.input.caseId, status: statusOf(this.state) };
  }

  view(): CaseView {
    const s = this.state;
    const next = nextShown(s);
    return {
      ...this.ref(),
      stage: s.stage,
      litigation: s.litigation,
      lawFirmId: s.lawFirmId,
      stale: s.stale,
      claimTotalFen: s.claimTotalFen,
      limitationDeadline: s.limitationDeadline,
      blockers: s.blockers,
      hold: s.hold,
      nextDeadline: next === undefined ? null : { kind: next.kind, date: next.date },
      deadlines: [...s.deadlines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).map((d) => ({ kind: d.kind, date: d.date })),
    };
  }
}
