/** 律师函: the same demand, sent by the law firm on the lender's instruction. */
import { z } from 'zod';
import { LetterView, letterView } from './demand-letter.ts';
import type { DocumentDefinition } from './generate.ts';
import type { CaseDocuments } from './input.ts';
import { BorrowerView, borrowerView, ClaimView, claimView, ContractView, contractView, DisbursementView, disbursementView, LawFirmView, lawFirmView, LenderView, lenderView } from './views.ts';

export const LawyerLetterView = z.object({
  lender: LenderView,
  borrower: BorrowerView,
  contract: ContractView,
  disbursement: DisbursementView,
  claim: ClaimView,
  letter: LetterView,
  lawFirm: LawFirmView,
});
export type LawyerLetterView = z.infer<typeof LawyerLetterView>;

function lawyerLetterView(input: CaseDocuments): LawyerLetterView {
  const lawFirm = lawFirmView(input, '律师函');
  return {
    lender: lenderView(input),
    borrower: borrowerView(input),
    contract: contractView(input),
    disbursement: disbursementView(input),
    claim: claimView(input.claim, input.contract.compoundInterest),
    letter: letterView(input, '律师函'),
    lawFirm,
  };
}

export const lawyerLetter: DocumentDefinition<LawyerLetterView> = {
  type: 'lawyer_letter',
  template: 'lawyer_letter',
  schema: LawyerLetterView,
  view: lawyerLetterView,
  fileName: () => '律师函',
};
