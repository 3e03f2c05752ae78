/** 法定代表人身份证明书: company, representative, title. */
import { z } from 'zod';
import { documentDate } from './evidence-list.ts';
import type { DocumentDefinition } from './generate.ts';
import type { CaseDocuments } from './input.ts';
import { PlaintiffView, plaintiffView } from './views.ts';

export const LegalRepCertificateView = z.object({ lender: PlaintiffView, date: z.string() });
export type LegalRepCertificateView = z.infer<typeof LegalRepCertificateView>;

function legalRepCertificateView(input: CaseDocuments): LegalRepCertificateView {
  return { lender: plaintiffView(input, '法定代表人身份证明书'), date: documentDate(input) };
}

export const legalRepCertificate: DocumentDefinition<LegalRepCertificateView> = {
  type: 'legal_rep_certificate',
  template: 'legal_rep_certificate',
  schema: LegalRepCertificateView,
  view: legalRepCertificateView,
  fileName: () => '法定代表人身份证明书',
};
