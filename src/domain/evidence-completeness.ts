import type { CompletenessIssue, ExhibitKind } from './evidence.ts';
import type { LimitationStatus } from './limitation.ts';

/**
 * What stands between a case and its next document. Blockers stop it (the case waits in
 * awaiting_evidence); warnings are shown but do not stop it.
 *
 * Stage 'demand' (before the demand letter): the claim must be provable and still enforceable —
 * signed contract, proof of disbursement, limitation not expired, amounts that agree.
 * Stage 'lawsuit' (before the packet): additionally a demand that reached the borrower, unless the
 * demand period already ran outside this service (escalated with responseDays 0).
 * Limitation expired is a blocker unless the borrower agreed to pay after expiry (民法典 第192条),
 * then a warning.
 */
export type CompletenessStage = 'demand' | 'lawsuit';

export interface CompletenessInput {
  stage: CompletenessStage;
  /** Kinds of the exhibit files the bundle holds. */
  exhibitKinds: readonly ExhibitKind[];
  limitation: Pick<LimitationStatus, 'status' | 'deadline' | 'agreedAfterExpiry'>;
  /** Problems with the loan's amounts (see isAmountError in loan-validation.ts), empty if none. */
  amountProblems: readonly string[];
  /** Scheduled interest that does not fit the contract rate (scheduledInterestWarnings), each with the figure the rate gives. */
  interestWarnings?: readonly string[];
  contactRecordCount: number;
  demandDelivered: boolean;
  /** The demand period ran before escalation (responseDays 0): no delivered demand needed here. */
  demandPeriodRanOutside: boolean;
  borrowerAddress: string | null;
}

export function checkCompleteness(input: CompletenessInput): CompletenessIssue[] {
  const issues: CompletenessIssue[] = [];
  const has = (kind: ExhibitKind) => input.exhibitKinds.includes(kind);
  if (!has('loan_contract')) {
    issues.push({ code: 'no_signed_contract', severity: 'blocker', message: 'The signed loan contract (or its e-signature record) is missing.' });
  }
  if (!has('disbursement_record')) {
    issues.push({ code: 'no_disbursement_proof', severity: 'blocker', message: 'Proof of disbursement is missing.' });
  }
  const { limitation } = input;
  if (limitation.status === 'expired') {
    const agreed = limitation.agreedAfterExpiry;
    issues.push(
      agreed === null
        ? { code: 'limitation_expired', severity: 'blocker', message: `The limitation period expired on ${limitation.deadline}.` }
        : {
            code: 'limitation_expired',
            severity: 'warning',
            message: `The limitation period expired on ${limitation.deadline}, but the borrower agreed to pay afterwards (${agreed.type} on ${agreed.date}) and cannot plead it (民法典 第192条).`,
          },
    );
  } else if (limitation.status === 'expiring') {
    issues.push({ code: 'limitation_expiring', severity: 'warning', message: `The limitation period expires on ${limitation.deadline}.` });
  }
  if (input.amountProblems.length > 0) {
    issues.push({ code: 'amounts_inconsistent', severity: 'blocker', message: `The loan's amounts do not agree: ${input.amountProblems.join('; ')}` });
  }
  if (input.interestWarnings !== undefined && input.interestWarnings.length > 0) {
    issues.push({
      code: 'interest_off_rate',
      severity: 'warning',
      message: `Scheduled interest does not fit the contract rate: ${input.interestWarnings.join('; ')}`,
    });
  }
  if (input.stage === 'lawsuit' && !input.demandPeriodRanOutside && !input.demandDelivered && !has('demand_delivery')) {
    issues.push({ code: 'no_delivered_demand', severity: 'blocker', message: 'No demand has been delivered to the borrower yet.' });
  }
  if (input.contactRecordCount === 0 && !has('contact_record')) {
    issues.push({ code: 'no_contact_record', severity: 'warning', message: 'There is no contact record (催收记录) for the loan.' });
  }
  if (input.borrowerAddress === null || input.borrowerAddress.trim() === '') {
    issues.push({ code: 'borrower_address_missing', severity: 'warning', message: "The borrower's address is missing." });
  }
  return issues;
}

/** Whether any issue blocks the stage. */
export function hasBlockers(issues: readonly CompletenessIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'blocker');
}
