/**
 * What the documents are built from: one structured input per case (the activity assembles it
 * from the database; documents fetch nothing). Loan data reuses the snapshot schemas of the domain;
 * the claim and the exhibits are the domain's computed types.
 */
import { z } from 'zod';
import type { ClaimCalculation } from '../domain/claim.ts';
import type { Exhibit } from '../domain/evidence.ts';
import { IsoDate, YuanAmount } from '../domain/input-rules.ts';
import { Borrower, ContractTerms } from '../domain/loan-snapshot.ts';
import { LawFirmParty, LenderParty } from '../domain/parties.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);

/** Terms of the demand letter (催收函 / 律师函). */
export const DemandTerms = z.object({
  letterNumber: Text(100),
  issuedOn: IsoDate,
  /** Last day to pay (inclusive). */
  deadline: IsoDate,
  /** How to pay: account name / bank / account number, app path… one line each. */
  paymentChannels: z.array(Text(300)).min(1).max(6),
  contactPhone: Text(50),
  contactHours: Text(100).optional(),
  /** Where the borrower can complain about the collection (customer service, complaint hotline…). */
  complaintChannel: Text(300),
  /**
   * The letter declares the whole debt due (the contract has an acceleration clause and instalments
   * not yet due remain): from the letter's date, citing the clause when the snapshot gives it.
   */
  accelerate: z.boolean().default(false),
});
export type DemandTerms = z.input<typeof DemandTerms>;

export const SpecialPower = z.enum(['admit_claims', 'waive_claims', 'modify_claims', 'settle', 'counterclaim', 'appeal']);
export type SpecialPower = z.infer<typeof SpecialPower>;
const ALL_SPECIAL_POWERS: SpecialPower[] = ['admit_claims', 'waive_claims', 'modify_claims', 'settle', 'counterclaim', 'appeal'];

export const ProcedureStage = z.enum(['first_instance', 'second_instance', 'retrial', 'enforcement']);
export type ProcedureStage = z.infer<typeof ProcedureStage>;

const ServiceAddress = z.object({
  recipient: Text(100),
  address: Text(300),
  postcode: z.string().regex(/^\d{6}$/).optional(),
  phone: Text(50),
  email: z.email().optional(),
  electronicService: z.boolean().default(true),
  scope: z.array(ProcedureStage).min(1).default(['first_instance', 'second_instance', 'retrial', 'enforcement']),
});
type ServiceAddress = z.input<typeof ServiceAddress>;

/** Terms of the lawsuit documents. */
export const LawsuitTerms = z.object({
  /** The court the complaint is addressed to (此致 …). */
  court: Text(200),
  /** Date printed on the complaint and its annexes. */
  filedOn: IsoDate,
  /** Why this court: e.g. "合同第十八条约定由贷款人住所地人民法院管辖". Default: from the contract's jurisdiction court. */
  jurisdictionBasis: Text(500).optional(),
  willingToMediate: z.enum(['yes', 'no', 'undecided']).default('yes'),
  preservation: z
    .object({ preSuit: z.boolean().default(false), court: Text(200).optional(), date: IsoDate.optional(), applyNow: z.boolean().default(false) })
    .default({ preSuit: false, applyNow: false }),
  /** Power of attorney: general, or special with the listed special powers (default: all). */
  authority: z.enum(['general', 'special']).default('special'),
  specialPowers: z.array(SpecialPower).min(1).default(ALL_SPECIAL_POWERS),
  agentStages: z.array(ProcedureStage).min(1).default(['first_instance']),
  /** Default: the law firm's address, lead lawyer and phone. */
  serviceAddress: ServiceAddress.optional(),
});
export type LawsuitTerms = z.input<typeof LawsuitTerms>;

const claimShape = (v: unknown): v is ClaimCalculation =>
  typeof v === 'object' && v !== null && Array.isArray((v as ClaimCalculation).lines) && typeof (v as ClaimCalculation).totals === 'object';
const exhibitsShape = (v: unknown): v is Exhibit[] =>
  Array.isArray(v) && v.every((e) => typeof e === 'object' && e !== null && typeof (e as Exhibit).number === 'number' && typeof (e as Exhibit).name === 'string');

export const CaseDocumentsInput = z.object({
  caseId: Text(100),
  /** The parties: the one lender shape and the one firm shape of the domain (no defaults invented). */
  lender: LenderParty,
  borrower: Borrower,
  /** The loan contract as pushed: its own title (`title`) and clause references (`clauses`) are printed as given. */
  contract: ContractTerms,
  disbursement: z.object({ date: IsoDate, amount: YuanAmount }),
  claim: z.custom<ClaimCalculation>(claimShape, 'claim must be a ClaimCalculation'),
  exhibits: z.custom<Exhibit[]>(exhibitsShape, 'exhibits must be a list of Exhibit').default([]),
  lawFirm: LawFirmParty.optional(),
  /** The demand as issued (and delivered): the acceleration it declared is cited in the complaint. */
  issuedDemand: z
    .object({
      issuedOn: IsoDate,
      letterNumber: Text(100),
      /** Which letter made the demand: the lender's 催收函 or the firm's 律师函. */
      letter: z.enum(['催收函', '律师函']).default('催收函'),
      delivery: z.object({ channel: Text(20), trackingNumber: Text(64).optional(), deliveredAt: IsoDate }).optional(),
    })
    .optional(),
  demand: DemandTerms.optional(),
  lawsuit: LawsuitTerms.optional(),
});
/** What callers pass (defaults may be left out). */
export type CaseDocumentsInput = z.input<typeof CaseDocumentsInput>;
/** After validation (defaults filled in). */
export type CaseDocuments = z.output<typeof CaseDocumentsInput>;

export class DocumentInputError extends Error {
  override name = 'DocumentInputError';
}

/** A datum a document prints and the case's data lacks: the error names its path in the input. */
export function required<T>(value: T | undefined | null, path: string, document: string): T {
  if (value === undefined || value === null || value === '') throw new DocumentInputError(`${document} needs ${path}, which the case's data does not have`);
  return value;
}
