/**
 * The conventions of a claim calculation that courts and contracts leave to the lender, kept as
 * lender settings and stated on the 欠款计算明细 so that a judge knows which one was used:
 *
 * - paymentAllocation: 'per_instalment' (default) settles the oldest instalment first, within it
 *   penalty → compound → interest → principal, as financial-loan contracts stipulate;
 *   'civil_code_561' applies 民法典 第561条 across the whole debt: charges (费用, 利息 — penalty,
 *   compound and interest of every instalment due, oldest first) before any principal (本金).
 * - capScope: 'loan_life' (default) counts every charge of the loan's life against the cap,
 *   repaid or not, so what the borrower already paid uses the cap up first; 'claimed' applies the
 *   cap only to the charges claimed now (after default), leaving charges already paid aside.
 * - dayCountBasis: 360 (default, 日利率 = 年利率 ÷ 360) or 365: one basis for interest, penalty,
 *   compound and the cap alike.
 */
import { z } from 'zod';

export const PaymentAllocation = z.enum(['per_instalment', 'civil_code_561']);
export type PaymentAllocation = z.infer<typeof PaymentAllocation>;

export const CapScope = z.enum(['loan_life', 'claimed']);
export type CapScope = z.infer<typeof CapScope>;

export const DayCountBasis = z.union([z.literal(360), z.literal(365)]);
export type DayCountBasis = z.infer<typeof DayCountBasis>;

/** A lender's settings; each one left out takes its default. */
export const ClaimConventions = z.strictObject({
  paymentAllocation: PaymentAllocation.optional(),
  capScope: CapScope.optional(),
  dayCountBasis: DayCountBasis.optional(),
});
export type ClaimConventions = z.infer<typeof ClaimConventions>;

export const DEFAULT_CLAIM_CONVENTIONS: Required<ClaimConventions> = {
  paymentAllocation: 'per_instalment',
  capScope: 'loan_life',
  dayCountBasis: 360,
};

/** The settings with every default filled in. */
export function claimConventionsOf(settings: ClaimConventions | undefined): Required<ClaimConventions> {
  return {
    paymentAllocation: settings?.paymentAllocation ?? DEFAULT_CLAIM_CONVENTIONS.paymentAllocation,
    capScope: settings?.capScope ?? DEFAULT_CLAIM_CONVENTIONS.capScope,
    dayCountBasis: settings?.dayCountBasis ?? DEFAULT_CLAIM_CONVENTIONS.dayCountBasis,
  };
}
