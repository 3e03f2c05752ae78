/**
 * What the case does with a command once the main loop takes it from the queue. Each is checked
 * again here: an earlier command in the queue may have changed what is allowed since the update's
 * validator accepted it.
 */
import { ActivityFailure, patched } from '@temporalio/workflow';
import {
  actorLabel,
  CASE_CONFLICT,
  type CaseEventCommand,
  type HandoffCommand,
  type MilestoneCommand,
  today,
  UNPROCESSABLE,
} from '../contract.ts';
import { addDays, addYears } from '../../domain/calendar.ts';
import { parseYuan } from '../../domain/money.ts';
import { databaseSteps } from './activities.ts';
import { type CaseContext, type Rejection } from './context.ts';
import { dropDeadlines } from './deadlines.ts';
import { eventConflict, handoffConflict, litigationAfter, milestoneConflict } from './state.ts';

/**
 * Version 3 gives a firm that takes over a handed-off case its own power of attorney before it is
 * notified (the packet's names the first firm). Cases reassigned before this change notified the
 * new firm at once: patched() keeps their histories replaying.
 */
const REISSUE_POWER_OF_ATTORNEY = 'reissue-power-of-attorney';

/** Days after a judgment in which a party may appeal (民事诉讼法 第171条). */
const APPEAL_DAYS = 15;
/** Years within which enforcement must be applied for (民事诉讼法 第250条). */
const ENFORCEMENT_YEARS = 2;

export async function applyEvent(ctx: CaseContext, { event, actor }: CaseEventCommand): Promise<Rejection | undefined> {
  const s = ctx.state;
  const conflict = eventConflict(s, event.type);
  if (conflict !== undefined) return { type: CASE_CONFLICT, message: conflict };
  const by = actorLabel(actor);
  switch (event.type) {
    case 'payment_received': {
      const amountFen = parseYuan(event.amount);
      let outcome;
      try {
        // The transaction id only when reported: the inputs of histories without one stay as they were.
        const transactionId = event.transactionId !== undefined ? { transactionId: event.transactionId } : {};
        outcome = await databaseSteps().recordPayment({
          caseId: ctx.input.caseId,
          amountFen,
          paidOn: event.paidAt,
          ...transactionId,
          asOf: today(),
          event: ctx.newEvent('payment_received', { amount: event.amount, paidAt: event.paidAt, ...transactionId }, by),
        });
      } catch (error) {
        // Refused by the data (paid before the loan was disbursed): nothing was recorded.
        if (error instanceof ActivityFailure) return { type: UNPROCESSABLE, message: error.cause?.message ?? error.message };
        throw error;
      }
      ctx.noteClaim(outcome.claim);
      if (s.hold?.kind === 'plan' && outcome.alreadyReported !== true) s.hold.paidFen += amountFen;
      if (outcome.remainingFen === 0) ctx.close('closed_paid');
      ctx.markDirty();
      return undefined;
    }
    case 'repayment_plan_agreed': {
      const instalments = event.installments.map((i) => ({ dueDate: i.dueDate, amountFen: parseYuan(i.amount) }));
      dropDeadlines(s, 'plan_instalment');
      s.hold = { kind: 'plan', instalments, paidFen: 0, agreedOn: today() };
      // An instalment is missed when its due day is over without the plan's payments reaching it.
      instalments.forEach((instalment, index) =>
        ctx.addDeadline('plan_instalment', instalment.dueDate, { firesOn: addDays(instalment.dueDate, 1), instalment: index }),
      );
      ctx.record('repayment_plan_agreed', { installments: event.installments }, by);
      return undefined;
    }
    case 'dispute_raised':
      s.hold = { kind: 'dispute', reason: event.reason, since: today() };
      ctx.record('dispute_raised', { reason: event.reason }, by);
      return undefined;
    case 'dispute_resolved':
      s.hold = null;
      ctx.record('dispute_resolved', event.note === undefined ? {} : { note: event.note }, by);
      return undefined;
    case 'demand_delivered': {
      s.demandDelivered = true;
      s.inputVersion++;
      const { type: _type, ...delivery } = event;
      ctx.record('demand_delivered', delivery, by);
      // The delivery restarts limitation: recalculate once it is in the timeline the calculation reads.
      await ctx.sync();
      await ctx.refreshClaim();
      return undefined;
    }
    case 'withdrawn':
      ctx.record('withdrawn', { reason: event.reason }, by);
      ctx.close('closed_withdrawn');
      return undefined;
  }
}

export function applyMilestone(ctx: CaseContext, { milestone, actor }: MilestoneCommand): Rejection | undefined {
  const s = ctx.state;
  const conflict = milestoneConflict(s, milestone.type);
  if (conflict !== undefined) return { type: CASE_CONFLICT, message: conflict };
  s.litigation = litigationAfter(s.litigation!, milestone.type);
  s.stale = false;
  ctx.restartFirmSilence();
  switch (milestone.type) {
    case 'filed':
      s.court = { name: milestone.court, caseNumber: milestone.caseNumber };
      // Suing interrupts limitation for good: no more warnings.
      dropDeadlines(s, 'limitation_warning');
      break;
    case 'hearing_scheduled':
      dropDeadlines(s, 'hearing');
      ctx.addDeadline('hearing', milestone.date);
      break;
    case 'judgment': {
      // Counted from the judgment date: the date of service, which starts the appeal period, is not reported.
      dropDeadlines(s, 'hearing');
      const lastAppealDay = addDays(milestone.date, APPEAL_DAYS);
      ctx.addDeadline('appeal_window', lastAppealDay, { firesOn: addDays(lastAppealDay, 1) });
      ctx.addDeadline('enforcement_deadline', addYears(lastAppealDay, ENFORCEMENT_YEARS));
      break;
    }
    case 'mediated':
      dropDeadlines(s, 'hearing');
      ctx.addDeadline('enforcement_deadline', addYears(milestone.date, ENFORCEMENT_YEARS));
      break;
    case 'enforcement_applied':
      dropDeadlines(s, 'enforcement_deadline');
      break;
    case 'recovered':
      break;
    case 'closed':
      ctx.close('closed');
      break;
  }
  const { type, ...facts } = milestone;
  ctx.record(type, facts, actorLabel(actor));
  return undefined;
}

export function applyHandoff(ctx: CaseContext, { lawFirmId, actor }: HandoffCommand): Rejection | undefined {
  const s = ctx.state;
  const conflict = handoffConflict(s);
  if (conflict !== undefined) return { type: CASE_CONFLICT, message: conflict };
  if (lawFirmId === s.lawFirmId) return undefined;
  const previous = s.lawFirmId;
  s.lawFirmId = lawFirmId;
  ctx.record('law_firm_assigned', { lawFirmId, previous }, actorLabel(actor));
  if (s.stage === 'tracking') {
    // A new firm takes over the running case: it gets its own silence period, and the handoff
    // notification once the main loop has made its power of attorney (the packet's names `previous`).
    s.stale = false;
    ctx.restartFirmSilence();
    if (patched(REISSUE_POWER_OF_ATTORNEY)) s.powerOfAttorney ??= { lawFirmId: previous!, version: 1 };
    else ctx.notify('case.handed_off');
  } else {
    // A case waiting for a firm goes on.
    s.inputVersion++;
  }
  return undefined;
}
