import { z } from 'zod';
import { EscalationBatchRequest } from '../../batch/contract.ts';
import { EscalationRequest, Installment } from '../../case/contract.ts';
import { Id, IsoDate, IsoInstant, TransactionId, YuanAmount } from '../../domain/input-rules.ts';
import { LoanSnapshot } from '../../domain/loan-snapshot.ts';

/** Events the collections system sends, in the Standard Webhooks envelope `{type, timestamp, data}`. */
const LoanId = Id;

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.strictObject({ type: z.literal(type), timestamp: IsoInstant, data });

export const CollectionsEvent = z.discriminatedUnion('type', [
  envelope('escalation.requested', EscalationRequest),
  envelope('escalation_batch.requested', EscalationBatchRequest),
  envelope('payment.received', z.strictObject({ loanId: LoanId, amount: YuanAmount, paidAt: IsoDate, transactionId: TransactionId.optional() })),
  envelope('repayment_plan.agreed', z.strictObject({ loanId: LoanId, installments: z.array(Installment).min(1).max(120) })),
  envelope('loan.updated', z.strictObject({ loanId: LoanId, loan: LoanSnapshot })),
]);
export type CollectionsEvent = z.infer<typeof CollectionsEvent>;
