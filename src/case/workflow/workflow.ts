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
  workflowInfo,
} from '@temporalio/workflow';
import {
  actorLabel,
  type CaseBlocker,
  type CaseRef,
  type CaseState,
  type CaseView,
  type CaseWorkflowInput,
  type ClaimSummary,
  type Closure,
  type DeadlineKind,
  type EvidenceSupplied,
  type FirmNotificationType,
  type RecordedEvent,
  type Stage,
  today,
} from '../contract.ts';
import { addDays } from '../../domain/calendar.ts';
import { checks, databaseSteps, demandLetterStep, documents, notificationsWithin } from './activities.ts';
import type { CaseClock } from './clock.ts';
import { applyEvent, applyHandoff, applyMilestone } from './commands.ts';
import { type CaseContext, type Rejection, WORKFLOW_ACTOR } from './context.ts';
import { fire } from './deadline-actions.ts';
import { addDeadline, addPeriod, dropDeadlines, earliest, nextShown, takeDue } from './deadlines.ts';
import { type Command, installHandlers, reject } from './handlers.ts';
import { type PublishedSearchAttributes, searchAttributesAtStart, publishSearchAttributes } from './search.ts';
import { initialState, missingDataStale, powerOfAttorneyDue, shownBlockers, statusOf } from './state.ts';

/** History length at which the case continues as new (Temporal also suggests it on its own limits). */
const DEFAULT_HISTORY_LIMIT = 10_000;
/** A step that failed for other reasons than its data is tried again after this long (one hour). */
const STEP_RETRY_DAYS = 1 / 24;
/**
 * Version 2 tells the firm when a case it works on is closed by someone else (paid in full,
 * withdrawn). Cases closed before this change did not: patched() keeps their histories replaying.
 */
const NOTIFY_FIRM_ON_CLOSURE = 'notify-firm-on-closure';
/**
 * Version 4 freezes the evidence bundle as a step of its own after the check (before, the check
 * froze it too, in one activity `checkEvidence`, which stays registered for the cases that started then).
 */
const FREEZE_EVIDENCE_STEP = 'freeze-evidence-step';
/**
 * Version 5 checks again, during the response window, the lawsuit data found missing at the first
 * check once something changed (a lender, firm or loan update), so the case shows what is still
 * missing. Only cases with missing data, which earlier versions did not track, take this step.
 */
const REFRESH_MISSING_DATA = 'refresh-missing-data';
/** Version 4 names the activity for what it makes: the lawsuit documents (the packet ZIP is assembled on download). */
const LAWSUIT_DOCUMENTS_STEP = 'lawsuit-documents-step';

interface Ticket {
  command: Command;
  outcome?: { ref: CaseRef } | { rejection: Rejection };
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseRef> {
  return new CaseRun(input).run();
}

class CaseRun implements CaseContext {
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
  shown: PublishedSearchAttributes = searchAttributesAtStart();
  /** Firm notifications run here, beside the main loop; cancelled when the case closes. */
  readonly background = new CancellationScope();
  readonly clock: CaseClock;

  constructor(input: CaseWorkflowInput) {
    this.input = input;
    this.clock = { anchorMs: Date.parse(input.escalatedAt), timerScale: input.rules.timerScale };
    this.state = input.carried ?? initialState(input.lawFirmId);
    this.workflowId = workflowInfo().workflowId;

    installHandlers(this);
  }

  evidenceSupplied(signal: EvidenceSupplied): void {
    if (this.state.closure !== null) return;
    this.state.inputVersion++;
    this.record('evidence_supplied', signal.note === undefined ? {} : { note: signal.note }, actorLabel(signal.actor));
  }

  async run(): Promise<CaseRef> {
    if (this.input.carried === undefined) {
      const { caseId, loanId, lenderId, reason, responseDays, escalatedBy, escalatedAt } = this.input;
      await databaseSteps().openCase({
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
    this.shown = publishSearchAttributes(this.shown, this.input.lenderId, this.state);
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
      case 'tracking':
        return powerOfAttorneyDue(s) ? this.reissuePowerOfAttorney() : this.idle();
      case 'response_window':
        return missingDataStale(s) ? this.refreshMissingData() : this.idle(() => missingDataStale(s));
    }
  }

  /** Checks again which lawsuit data the case lacks (the demand stage's check; its blockers are not this step's). */
  async refreshMissingData(): Promise<void> {
    const s = this.state;
    s.missingCheckedAt = s.inputVersion;
    if (!patched(REFRESH_MISSING_DATA)) return;
    const check = { caseId: this.input.caseId, stage: 'demand' as const, asOf: today(), demandDelivered: s.demandDelivered, lawFirmId: s.lawFirmId };
    const outcome = await this.perform(() => databaseSteps().assessEvidence(check));
    if (outcome === undefined) return;
    s.missingData = outcome.missing ?? [];
    this.dirty = true;
    await this.sync();
  }

  async checkEvidence(stage: 'demand' | 'lawsuit', next: Stage): Promise<void> {
    const s = this.state;
    s.blockedAtVersion = s.inputVersion;
    const check = { caseId: this.input.caseId, stage, asOf: today(), demandDelivered: s.demandDelivered, lawFirmId: s.lawFirmId };
    const ownFreezeStep = patched(FREEZE_EVIDENCE_STEP);
    const outcome = await this.perform(() => (ownFreezeStep ? databaseSteps().assessEvidence(check) : checks.checkEvidence(check)));
    if (outcome === undefined) return;
    const codes = (list: CaseBlocker[]) => list.map((b) => b.code);
    if (outcome.blockers.length === 0 && stage === 'lawsuit' && ownFreezeStep) {
      const frozen = await this.perform(() => checks.freezeEvidenceBundle({ caseId: check.caseId, asOf: check.asOf, warnings: outcome.warnings }));
      if (frozen === undefined) return;
    }
    s.blockers = outcome.blockers;
    if (outcome.missing !== undefined) {
      s.missingData = outcome.missing;
      s.missingCheckedAt = s.inputVersion;
    }
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
    const claim = await this.perform(() => databaseSteps().calculateCaseClaim({ caseId, asOf: issuedOn }));
    if (claim === undefined) return;
    this.noteClaim(claim);
    const deadline = addDays(issuedOn, responseDays);
    const issueDemandLetter = demandLetterStep();
    const issued = await this.perform(() => issueDemandLetter({ caseId, issuedOn, deadline }));
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
    const choice = await this.perform(() => databaseSteps().chooseLawFirm({ caseId: this.input.caseId, lenderId: this.input.lenderId, named: s.lawFirmId }));
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
    const claim = await this.perform(() => databaseSteps().calculateCaseClaim({ caseId, asOf: filedOn }));
    if (claim === undefined) return;
    this.noteClaim(claim);
    const lawFirmId = s.lawFirmId!;
    const lawsuit = { caseId, lawFirmId, filedOn };
    const namedForDocuments = patched(LAWSUIT_DOCUMENTS_STEP);
    const generated = await this.perform(() =>
      namedForDocuments ? documents.generateLawsuitDocuments(lawsuit) : documents.generateLawsuitPacket(lawsuit),
    );
    if (generated === undefined) return;
    s.blockers = [];
    this.dirty = true;
    // Held while the packet was being made: no handoff yet; once released, the step runs again (the documents stay).
    if (s.hold !== null) return;
    s.stage = 'tracking';
    s.litigation = 'handed_off';
    this.restartFirmSilence();
    this.record('packet_generated', { claimTotalFen: claim.totalFen, documentIds: generated.documentIds });
    this.record('handed_off', { lawFirmId });
    await this.sync();
    this.notify('case.handed_off');
  }

  /** A firm took over the handed-off case: its power of attorney, then its handoff notification. */
  async reissuePowerOfAttorney(): Promise<void> {
    const s = this.state;
    const lawFirmId = s.lawFirmId!;
    const version = s.powerOfAttorney!.version + 1;
    const issued = await this.perform(() => documents.issuePowerOfAttorney({ caseId: this.input.caseId, lawFirmId, issuedOn: today(), version }));
    if (issued === undefined) return;
    s.blockers = [];
    s.powerOfAttorney = { lawFirmId, version };
    this.record('power_of_attorney_issued', { lawFirmId, version, documentIds: issued.documentIds });
    await this.sync();
    // Reassigned again meanwhile: the next firm gets its own first; this one is no longer the case's.
    if (s.lawFirmId === lawFirmId) this.notify('case.handed_off');
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

  async idle(also: () => boolean = () => false): Promise<void> {
    await this.waitFor(() => this.unblocked() || also());
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
    if ('value' in result) {
      dropDeadlines(this.state, 'step_retry');
      return result.value;
    }
    if (!(result.error instanceof ActivityFailure)) throw result.error;
    const cause = result.error.cause;
    const message = cause?.message ?? result.error.message;
    const type = cause instanceof ApplicationFailure && cause.type ? cause.type : 'ActivityFailed';
    const badData = type === 'BadData';
    log.warn('case step failed; waiting for a change', { caseId: this.input.caseId, activity: result.error.activityType, type });
    this.state.blockers = [{ code: badData ? 'bad_data' : 'step_failed', message }];
    this.state.blockedAtVersion = this.state.inputVersion;
    // Bad data waits for someone to fix it; anything else (an outage outlasting the retries) is tried again later by itself.
    if (!badData) {
      dropDeadlines(this.state, 'step_retry');
      addPeriod(this.state, 'step_retry', STEP_RETRY_DAYS, today(), { clock: this.clock, nowMs: Date.now() });
    }
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
      for (const deadline of due) await fire(this, deadline);
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
        return applyEvent(this, command.command);
      case 'milestone':
        return Promise.resolve(applyMilestone(this, command.command));
      case 'handoff':
        return Promise.resolve(applyHandoff(this, command.command));
    }
  }

  // ---- the read model, notifications, closure ----

  newEvent(type: string, data: Record<string, unknown>, actor: string = WORKFLOW_ACTOR, occurredAt?: string): RecordedEvent {
    return { key: `${this.workflowId}#${++this.state.eventSeq}`, type, occurredAt: occurredAt ?? new Date().toISOString(), actor, data };
  }

  record(type: string, data: Record<string, unknown>, actor?: string): void {
    this.outbox.push(this.newEvent(type, data, actor));
  }

  markDirty(): void {
    this.dirty = true;
  }

  async sync(): Promise<void> {
    const s = this.state;
    const events = this.outbox;
    this.outbox = [];
    this.dirty = false;
    const next = nextShown(s);
    await databaseSteps().syncCase({
      caseId: this.input.caseId,
      seq: ++s.syncSeq,
      status: statusOf(s),
      stale: s.stale,
      // Lawyers see a case once it is handed to their firm, not when it is merely earmarked for it.
      lawFirmId: s.stage === 'tracking' ? s.lawFirmId : null,
      blockers: shownBlockers(s),
      nextDeadline: next === undefined ? null : { date: next.date, kind: next.kind },
      court: s.court,
      closedAt: s.closedAt,
      events,
    });
    this.shown = publishSearchAttributes(this.shown, this.input.lenderId, s);
  }

  async refreshClaim(): Promise<void> {
    try {
      this.noteClaim(await databaseSteps().calculateCaseClaim({ caseId: this.input.caseId, asOf: today() }));
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

  /** Notifies the case's firm and records the outcome (retried until the firm acknowledges, or recorded undelivered after the bound). */
  async notifyNow(type: FirmNotificationType): Promise<void> {
    const s = this.state;
    const lawFirmId = s.lawFirmId!;
    const webhookId = `${this.workflowId}-notification-${++s.notificationSeq}`;
    try {
      const outcome = await notificationsWithin(this.input.rules.notificationRetrySeconds).notifyLawFirm({ caseId: this.input.caseId, lawFirmId, webhookId, type });
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
      blockers: shownBlockers(s),
      hold: s.hold,
      nextDeadline: next === undefined ? null : { kind: next.kind, date: next.date },
      deadlines: [...s.deadlines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).map((d) => ({ kind: d.kind, date: d.date })),
    };
  }
}
