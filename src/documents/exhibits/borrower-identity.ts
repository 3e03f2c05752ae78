/**
 * 被告身份信息: who the defendant is, as the borrower gave it when applying and the lender verified
 * it (实名认证). The ID number is printed in full: identifying the defendant is this sheet's purpose,
 * and the packet it goes into is only for the legal team, the firm and the court.
 */
import { z } from 'zod';
import { formatDate } from '../format.ts';
import type { ExhibitDocument, ExhibitSource } from './source.ts';

const S = z.string();

export const BorrowerIdentityView = z.object({
  lender: z.object({ name: S }),
  borrower: z.object({ name: S, gender: S, ethnicity: S, birthDate: S, idNumber: S, address: S, phone: S }),
  contract: z.object({ title: S, number: S, signedAt: S }),
  date: S,
});
export type BorrowerIdentityView = z.infer<typeof BorrowerIdentityView>;

function borrowerIdentityView(source: ExhibitSource): BorrowerIdentityView {
  const { borrower, contract } = source.loan;
  return {
    lender: { name: source.lenderName },
    borrower: {
      name: borrower.name,
      gender: borrower.gender === 'male' ? '男' : '女',
      ethnicity: borrower.ethnicity ?? '不详',
      birthDate: formatDate(borrower.birthDate),
      idNumber: borrower.idNumber,
      address: borrower.address,
      phone: borrower.phone,
    },
    contract: { title: source.contractTitle, number: contract.number, signedAt: formatDate(contract.signedAt) },
    date: formatDate(source.asOf),
  };
}

export const borrowerIdentity: ExhibitDocument<BorrowerIdentityView> = {
  kind: 'borrower_identity',
  template: 'exhibit_borrower_identity',
  schema: BorrowerIdentityView,
  view: borrowerIdentityView,
};
