/**
 * Checks of an event's or a milestone's data that need no database: amounts, and dates against
 * today. Shared by the commands (which answer 422 before reaching Temporal) and the update
 * validators (which guard the workflow against any other client).
 */
import type { CaseEventInput, MilestoneInput } from '../contract.ts';
import { parseYuan } from '../../domain/money.ts';

/** Why the event's data cannot be acted on, or undefined. */
export function eventDataProblem(event: CaseEventInput, today: string): string | undefined {
  switch (event.type) {
    case 'payment_received':
      if (parseYuan(event.amount) <= 0) return 'amount must be more than 0.00';
      if (event.paidAt > today) return `paidAt ${event.paidAt} is in the future`;
      return undefined;
    case 'repayment_plan_agreed': {
      let previous = '';
      for (const [i, instalment] of event.installments.entries()) {
        if (parseYuan(instalment.amount) <= 0) return `installments[${i}].amount must be more than 0.00`;
        if (instalment.dueDate < today) return `installments[${i}].dueDate ${instalment.dueDate} is in the past`;
        if (instalment.dueDate <= previous) return `installments[${i}].dueDate must be after the previous instalment's`;
        previous = instalment.dueDate;
      }
      return undefined;
    }
    case 'demand_delivered':
      return event.deliveredAt > today ? `deliveredAt ${event.deliveredAt} is in the future` : undefined;
    default:
      return undefined;
  }
}

export function milestoneDataProblem(milestone: MilestoneInput, today: string): string | undefined {
  // A hearing is scheduled ahead; everything else reports what already happened.
  if (milestone.type !== 'hearing_scheduled' && milestone.date > today) return `date ${milestone.date} is in the future`;
  if (milestone.type === 'mediated' && parseYuan(milestone.agreedAmount) <= 0) return 'agreedAmount must be more than 0.00';
  if (milestone.type === 'recovered' && parseYuan(milestone.amount) <= 0) return 'amount must be more than 0.00';
  return undefined;
}
