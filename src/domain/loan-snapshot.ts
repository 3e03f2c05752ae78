import { z } from 'zod';
import { BirthDate, Id, IsoDate, PastDate } from './input-rules.ts';

/**
 * The loan snapshot the collections system pushes (PUT /v1/loans/{loanId}).
 * Amounts are yuan decimal strings with exactly two decimals; rates are yearly decimal strings;
 * dates are ISO calendar dates. Cross-field rules (schedule sums, ID checksum, dates in order)
 * live in `loan-validation.ts` so that this schema stays a pure shape description.
 */
export const YuanAmount = z
  .string()
  .regex(/^(0|[1-9]\d{0,11})\.\d{2}$/, 'amount must be yuan with two decimals, e.g. "50000.00"');
export const Rate = z
  .string()
  .regex(/^(0|[1-9]\d?)(\.\d{1,6})?$/, 'rate must be a yearly decimal, e.g. "0.18"');
export { IsoDate, IsoInstant } from './input-rules.ts';

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
});
export type Borrower = z.infer<typeof Borrower>;

export const ContractTerms = z.strictObject({
  number: z.string().trim().min(1).max(100),
  signedAt: PastDate,
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
  /** Whether the contract lets the lender call the whole remaining principal due on default. */
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
  paidAt: PastDate,
  amount: YuanAmount,
});
export type Payment = z.infer<typeof Payment>;

export const LoanSnapshot = z.strictObject({
  lenderId: Id,
  borrower: Borrower,
  contract: ContractTerms,
  disbursement: z.strictObject({ date: PastDate, amount: YuanAmount }),
  schedule: z.array(ScheduleEntry).min(1).max(600),
  payments: z.array(Payment).max(5000),
});
export type LoanSnapshot = z.infer<typeof LoanSnapshot>;
