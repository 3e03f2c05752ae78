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
  };
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
