/** 催收函: the lender's formal demand (domain.md §3). */
import { z } from 'zod';
import { assertConduct } from './conduct.ts';
import { formatDate } from './format.ts';
import type { DocumentDefinition } from './generate.ts';
import { DocumentInputError, type CaseDocuments } from './input.ts';
import { BorrowerView, borrowerView, ClaimView, claimView, ContractView, contractView, DisbursementView, disbursementView, LenderView, lenderView } from './views.ts';

export const LetterView = z.object({
  number: z.string(),
  issuedOn: z.string(),
  deadline: z.string(),
  paymentChannels: z.array(z.string()),
  contactPhone: z.string(),
  contactHours: z.string().optional(),
  complaintChannel: z.string(),
  /** The declaration that the whole debt is due: the clause it relies on and the date. */
  acceleration: z.object({ basis: z.string(), date: z.string() }).optional(),
});
export type LetterView = z.infer<typeof LetterView>;

export function letterView(input: CaseDocuments, document: string): LetterView {
  const d = input.demand;
  if (!d) throw new DocumentInputError(`${document} needs the demand terms (input.demand)`);
  assertConduct(`${document} (lender-supplied text)`, ...d.paymentChannels, d.contactHours, d.complaintChannel);
  if (d.deadline < d.issuedOn) throw new DocumentInputError(`${document}: deadline ${d.deadline} is before the letter date ${d.issuedOn}`);
  return {
    number: d.letterNumber,
    issuedOn: formatDate(d.issuedOn),
    deadline: formatDate(d.deadline),
    paymentChannels: d.paymentChannels,
    contactPhone: d.contactPhone,
    ...(d.contactHours ? { contactHours: d.contactHours } : {}),
    complaintChannel: d.complaintChannel,
    ...(d.accelerate ? { acceleration: { basis: accelerationBasis(input), date: formatDate(d.issuedOn) } } : {}),
  };
}

/** 《title》第八条 when the snapshot cites the clause, else the contract's acceleration term in words. */
function accelerationBasis(input: CaseDocuments): string {
  const c = input.contract;
  const title = `《${c.title ?? '借款合同'}》`;
  return c.clauses?.acceleration ? `${title}${c.clauses.acceleration}的约定` : `${title}关于借款人逾期还款时贷款人有权宣布借款提前到期的约定`;
}

export const DemandLetterView = z.object({
  lender: LenderView,
  borrower: BorrowerView,
  contract: ContractView,
  disbursement: DisbursementView,
  claim: ClaimView,
  letter: LetterView,
});
export type DemandLetterView = z.infer<typeof DemandLetterView>;

function demandLetterView(input: CaseDocuments): DemandLetterView {
  return {
    lender: lenderView(input),
    borrower: borrowerView(input),
    contract: contractView(input),
    disbursement: disbursementView(input),
    claim: claimView(input.claim, input.contract.compoundInterest),
    letter: letterView(input, '催收函'),
  };
}

export const demandLetter: DocumentDefinition<DemandLetterView> = {
  type: 'demand_letter',
  template: 'demand_letter',
  schema: DemandLetterView,
  view: demandLetterView,
  fileName: () => '催收函',
};
