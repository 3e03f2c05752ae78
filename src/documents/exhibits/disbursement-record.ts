/** 放款凭证: the disbursement as the lender's loan system records it, against the contract's terms. */
import { z } from 'zod';
import { formatDate, formatRate, maskIdNumber, yuanToFen } from '../format.ts';
import { Amount, amount, REPAYMENT_METHOD_TEXT } from '../views.ts';
import type { ExhibitDocument, ExhibitSource } from './source.ts';

const S = z.string();

export const DisbursementRecordView = z.object({
  lender: z.object({ name: S }),
  borrower: z.object({ name: S, idNumber: S }),
  contract: z.object({ title: S, number: S, signedAt: S, principal: Amount, annualRate: S, termMonths: S, startDate: S, maturityDate: S, repaymentMethod: S }),
  disbursement: z.object({ date: S, amount: Amount }),
  caseId: S,
  date: S,
});
export type DisbursementRecordView = z.infer<typeof DisbursementRecordView>;

function disbursementRecordView(source: ExhibitSource): DisbursementRecordView {
  const { borrower, contract, disbursement } = source.loan;
  return {
    lender: { name: source.lenderName },
    borrower: { name: borrower.name, idNumber: maskIdNumber(borrower.idNumber) },
    contract: {
      title: source.contractTitle,
      number: contract.number,
      signedAt: formatDate(contract.signedAt),
      principal: amount(yuanToFen(contract.principal)),
      annualRate: formatRate(contract.annualRate),
      termMonths: String(contract.termMonths),
      startDate: formatDate(contract.startDate),
      maturityDate: formatDate(contract.maturityDate),
      repaymentMethod: REPAYMENT_METHOD_TEXT[contract.repaymentMethod],
    },
    disbursement: { date: formatDate(disbursement.date), amount: amount(yuanToFen(disbursement.amount)) },
    caseId: source.caseId,
    date: formatDate(source.asOf),
  };
}

export const disbursementRecord: ExhibitDocument<DisbursementRecordView> = {
  kind: 'disbursement_record',
  template: 'exhibit_disbursement_record',
  schema: DisbursementRecordView,
  view: disbursementRecordView,
};
