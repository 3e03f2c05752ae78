/** 法定代表人身份证明书: company, representative, title. */
import { z } from 'zod';
import { documentDate } from './evidence-list.ts';
import type { DocumentDefinition } from './generate.ts';
import type { CaseDocuments } from './input.ts';
import { LenderView, lenderView } from './views.ts';

export const LegalRepCertificateView = z.object({ lender: LenderView, date: z.string() });
export type LegalRepCertificateView = z.infer<typeof LegalRepCertificateView>;

function legalRepCertificateView(input: CaseDocuments): LegalRepCertificateView {
  return { lender: lenderView(input), date: documentDate(input) };
}

export const legalRepCertificate: DocumentDefinition<LegalRepCertificateView> = {
  type: 'legal_rep_certificate',
  template: 'legal_rep_certificate',
  schema: LegalRepCertificateView,
  view: legalRepCertificateView,
  fileName: () => '法定代表人身份证明书',
};
