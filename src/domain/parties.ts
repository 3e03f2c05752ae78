/**
 * The parties of a case as the lender's and the firm's own data describe them: one lender shape
 * and one firm shape, which intake accepts (extended with intake-only settings), the database
 * keeps and the documents print. Nothing here has a default: a datum not supplied stays absent and
 * is reported as missing (lawsuit-data.ts), never replaced by a made-up value.
 */
import { z } from 'zod';

const Text = (max: number) => z.string().trim().min(1).max(max);
export const UNIFIED_SOCIAL_CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
export const Postcode = z.string().regex(/^\d{6}$/, 'postcode: 6 digits');
export const PhoneNumber = z.string().trim().regex(/^[0-9+\-() ]{5,30}$/, 'phone: digits, spaces, + - ( ) only');

/** Who signs the demand: the lender's own 催收函, or its firm's 律师函. */
export const DemandBy = z.enum(['lender', 'law_firm']);
export type DemandBy = z.infer<typeof DemandBy>;

export const LenderParty = z.strictObject({
  name: Text(200),
  unifiedSocialCreditCode: z.string().regex(UNIFIED_SOCIAL_CREDIT_CODE, 'unified social credit code: 18 characters (GB 32100)'),
  domicile: Text(300),
  legalRepresentative: Text(100),
  /** 董事长, 总经理… as the business licence has it; printed on the legal representative certificate. */
  legalRepresentativeTitle: Text(50).optional(),
  /** Customer service phone, printed on letters and the complaint. */
  phone: PhoneNumber.optional(),
  letterhead: z
    .strictObject({
      /** Extra lines under the lender's name (address and phone are printed anyway). */
      lines: z.array(Text(200)).max(4).optional(),
      /** v1: the phone printed on letters; `phone` wins when both are given. */
      phone: Text(50).optional(),
      postcode: Postcode.optional(),
      email: z.email().optional(),
    })
    .optional(),
});
export type LenderParty = z.infer<typeof LenderParty>;

/** The lender's phone: `phone`, else the v1 letterhead phone. */
export function lenderPhone(lender: LenderParty): string | undefined {
  return lender.phone ?? lender.letterhead?.phone;
}

export const Lawyer = z.strictObject({
  name: Text(100),
  /** 律师执业证号. */
  licenseNumber: z.string().trim().regex(/^\d{17}$/, 'licenseNumber: the 17-digit lawyer licence number (执业证号)'),
  phone: PhoneNumber,
  email: z.email().optional(),
});
export type Lawyer = z.infer<typeof Lawyer>;

export const LawFirmParty = z.strictObject({
  name: Text(200),
  /** The firm's licence number (律师事务所执业许可证号 / 统一社会信用代码). */
  licenseNumber: Text(100),
  address: Text(300),
  /** v1: the lead lawyer's name; `lawyers[0]` is the lead lawyer when given. */
  leadLawyer: Text(100),
  phone: PhoneNumber.optional(),
  postcode: Postcode.optional(),
  email: z.email().optional(),
  /** The lawyers who may be named as agents: the first is the lead lawyer, the second the other agent. */
  lawyers: z.array(Lawyer).min(1).max(20).optional(),
});
export type LawFirmParty = z.infer<typeof LawFirmParty>;

/** The agents (委托诉讼代理人) a power of attorney names: the lead lawyer and one more, from the firm's data. */
export function agentsOf(firm: LawFirmParty): Lawyer[] {
  return (firm.lawyers ?? []).slice(0, 2);
}
