import { z } from 'zod';
import { Id } from '../domain/input-rules.ts';
import { IsoDate, YuanAmount } from '../domain/loan-snapshot.ts';

/**
 * What the legal team, the collections system and law firms tell a running case, as validated
 * at every boundary (HTTP, webhook, workflow signal/update). Amounts are yuan strings here, fen inside.
 */
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
  z.strictObject({ type: z.literal('payment_received'), amount: YuanAmount, paidAt: IsoDate }),
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
