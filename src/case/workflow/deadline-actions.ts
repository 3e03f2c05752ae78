/** What the case does when one of its deadlines comes. */
import type { CaseContext } from './context.ts';
import { dropDeadlines } from './deadlines.ts';
import type { Deadline } from '../contract.ts';

export async function fire(ctx: CaseContext, deadline: Deadline): Promise<void> {
  const s = ctx.state;
  switch (deadline.kind) {
    case 'response_window':
      if (s.stage !== 'response_window') return;
      s.stage = 'lawsuit_evidence';
      ctx.record('response_window_ended', { deadline: deadline.date });
      return;
    case 'plan_instalment':
      return checkPlan(ctx, deadline);
    case 'limitation_warning':
      s.limitationWarnedFor = s.limitationDeadline;
      ctx.record('limitation_expiring', { deadline: s.limitationDeadline });
      await ctx.refreshClaim();
      return;
    case 'firm_silence':
      if (s.stage !== 'tracking') return;
      s.stale = true;
      ctx.record('firm_silent', { lawFirmId: s.lawFirmId, days: ctx.input.rules.firmSilenceDays });
      ctx.notify('case.reminder');
      ctx.restartFirmSilence();
      return;
    case 'hearing':
      ctx.record('hearing_day', { date: deadline.date });
      return;
    case 'appeal_window':
      ctx.record('appeal_window_ended', { lastDay: deadline.date });
      return;
    case 'enforcement_deadline':
      ctx.record('enforcement_deadline_passed', { deadline: deadline.date });
      return;
    case 'step_retry':
      // Counts as a change: the blocked step runs again.
      s.inputVersion++;
      return;
  }
}

/** At the end of an instalment's due day: the payments since the plan must cover the instalments due so far. */
function checkPlan(ctx: CaseContext, deadline: Deadline): void {
  const s = ctx.state;
  if (s.hold?.kind !== 'plan' || deadline.instalment === undefined) return;
  const plan = s.hold;
  const dueFen = plan.instalments.slice(0, deadline.instalment + 1).reduce((sum, i) => sum + i.amountFen, 0);
  if (plan.paidFen < dueFen) {
    // Escalation resumes where it stopped; deadlines that passed meanwhile (the response window) already moved it on.
    s.hold = null;
    dropDeadlines(s, 'plan_instalment');
    ctx.record('repayment_plan_missed', { instalment: deadline.instalment + 1, dueDate: deadline.date, dueFen, paidFen: plan.paidFen });
  } else if (deadline.instalment === plan.instalments.length - 1) {
    // Kept in full; whatever the plan did not cover is still claimed, so escalation resumes.
    s.hold = null;
    ctx.record('repayment_plan_completed', { paidFen: plan.paidFen });
  }
}
