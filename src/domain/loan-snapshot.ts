import { z } from 'zod';
import { chinaDate } from './calendar.ts';
import { BirthDate, Id, IsoDate, PastDate, PastInstant, TransactionId, YuanAmount } from './input-rules.ts';

/**
 * The loan snapshot the collections system pushes (PUT /v1/loans/{loanId}).
 * Amounts are yuan decimal strings with exactly two decimals; rates are yearly decimal strings;
 * dates are ISO calendar dates. Cross-field rules (schedule sums, ID checksum, dates in order)
 * live in `loan-validation.ts` so that this schema stays a pure shape description.
 */
export const Rate = z
  .string()
  .regex(/^(0|[1-9]\d?)(\.\d{1,6})?$/, 'rate must be a yearly decimal, e.g. "0.18"');

/**
 * A date-or-time pushed by the collections system for something that already happened: an ISO
 * date, or an ISO 8601 instant with offset taken as its calendar date in China (UTC+8). Parsed, it
 * is always the date.
 */
export const DateOrInstant = z
  .union([PastDate, PastInstant], { error: 'expected an ISO date (2024-03-05) or an ISO 8601 instant with offset, not in the future' })
  .transform((v) => (v.length === 10 ? v : chinaDate(Date.parse(v))));

export const RepaymentMethod = z.enum(['equal_installment', 'equal_principal', 'bullet', 'interest_first']);
export type RepaymentMethod = z.infer<typeof RepaymentMethod>;

export const Borrower = z.strictObject({
  name: z.string().trim().min(1).max(100),
  gender: z.enum(['male', 'female']),
  birthDate: BirthDate,
  idType: z.literal('resident_id'),
  idNumber: z.string().regex(/^\d{17}[\dX]$/, 'idNumber must be an 18-character resident ID'),
  phone: z.string().regex(/^1\d{10}$/, 'phone must be an 11-digit mainland mobile number'),
  address: z.string().trim().min(1).max(300),
  email: z.email().optional(),
  ethnicity: z.string().trim().min(1).max(20).optional(),
  /** 工作单位, when known (the complaint's defendant element). */
  employer: z.string().trim().min(1).max(200).optional(),
  /** 经常居住地, when it differs from the address (jurisdiction, service). */
  habitualResidence: z.string().trim().min(1).max(300).optional(),
});
export type Borrower = z.infer<typeof Borrower>;

const ClauseRef = z.string().trim().min(1).max(50);
/** Clause references as printed in the contract (`第五条第2款`), one per term the documents cite. */
export const ContractClauses = z.strictObject({
  interest: ClauseRef.optional(),
  penalty: ClauseRef.optional(),
  compound: ClauseRef.optional(),
  acceleration: ClauseRef.optional(),
  jurisdiction: ClauseRef.optional(),
  enforcementCosts: ClauseRef.optional(),
  electronicService: ClauseRef.optional(),
});
export type ContractClauses = z.infer<typeof ContractClauses>;

export const ContractTerms = z.strictObject({
  number: z.string().trim().min(1).max(100),
  /** The contract's own title, e.g. 个人消费贷款合同 (printed in 《》 wherever the contract is named). */
  title: z.string().trim().min(1).max(100).optional(),
  clauses: ContractClauses.optional(),
  signedAt: DateOrInstant,
  signedPlace: z.string().trim().min(1).max(200).optional(),
  principal: YuanAmount,
  annualRate: Rate,
  penaltyRateMarkup: Rate,
  compoundInterest: z.boolean(),
  termMonths: z.number().int().min(1).max(360),
  startDate: IsoDate,
  maturityDate: IsoDate,
  repaymentMethod: RepaymentMethod,
  jurisdictionCourt: z.string().trim().min(1).max(200).optional(),
  onlineSigned: z.boolean(),
  /** Whether the contract lets the lender call the whole remaining principal due on default (so does `clauses.acceleration`). */
  accelerationClause: z.boolean().optional(),
});
export type ContractTerms = z.infer<typeof ContractTerms>;

export const ScheduleEntry = z.strictObject({
  period: z.number().int().min(1),
  dueDate: IsoDate,
  principal: YuanAmount,
  interest: YuanAmount,
});
export type ScheduleEntry = z.infer<typeof ScheduleEntry>;

export const Payment = z.strictObject({
  paidAt: DateOrInstant,
  amount: YuanAmount,
  transactionId: TransactionId.optional(),
});
export type Payment = z.infer<typeof Payment>;

export const LoanSnapshot = z.strictObject({
  lenderId: Id,
  borrower: Borrower,
  contract: ContractTerms,
  disbursement: z.strictObject({ date: DateOrInstant, amount: YuanAmount }),
  schedule: z.array(ScheduleEntry).min(1).max(600),
  payments: z.array(Payment).max(5000),
});
export type LoanSnapshot = z.infer<typeof LoanSnapshot>;

/** Whether the contract lets the lender call the whole debt due (v1 flag or a cited clause). */
export function hasAccelerationClause(contract: ContractTerms): boolean {
  return contract.accelerationClause === true || contract.clauses?.acceleration !== undefined;
}
