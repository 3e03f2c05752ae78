/**
 * 律师事务所函 (所函): the firm's letter to the court naming the lawyers it sends as the
 * plaintiff's agents, from the firm's own data (name, licence number, address, phone, postcode)
 * and its lawyers (name, 执业证号, phone).
 */
import { z } from 'zod';
import { lawsuitOf } from './complaint.ts';
import { formatDate } from './format.ts';
import type { DocumentDefinition } from './generate.ts';
import type { CaseDocuments } from './input.ts';
import { LawFirmView, lawFirmView } from './views.ts';

const S = z.string();
const DOC = '律师事务所函';

export const FirmLetterView = z.object({
  court: S,
  lender: z.object({ name: S }),
  borrower: z.object({ name: S }),
  lawFirm: LawFirmView,
  date: S,
});
export type FirmLetterView = z.infer<typeof FirmLetterView>;

export function firmLetterView(input: CaseDocuments): FirmLetterView {
  const lawsuit = lawsuitOf(input, DOC);
  return {
    court: lawsuit.court,
    lender: { name: input.lender.name },
    borrower: { name: input.borrower.name },
    lawFirm: lawFirmView(input, DOC),
    date: formatDate(lawsuit.filedOn),
  };
}

export const firmLetter: DocumentDefinition<FirmLetterView> = {
  type: 'firm_letter',
  template: 'firm_letter',
  schema: FirmLetterView,
  view: firmLetterView,
  fileName: () => DOC,
};
