/** Every document the service generates, by type; packet filing order lives in packet.ts. */
import { claimCalculation } from './claim-calculation.ts';
import { complaint } from './complaint.ts';
import { demandLetter } from './demand-letter.ts';
import { evidenceList } from './evidence-list.ts';
import { firmLetter } from './firm-letter.ts';
import type { DocumentDefinition, DocumentType, GenerateOptions, GeneratedDocument } from './generate.ts';
import { generate, parseCaseInput } from './generate.ts';
import type { CaseDocumentsInput } from './input.ts';
import { lawyerLetter } from './lawyer-letter.ts';
import { legalRepCertificate } from './legal-rep-certificate.ts';
import { powerOfAttorney } from './power-of-attorney.ts';
import { serviceAddressConfirmation } from './service-address-confirmation.ts';

export const DOCUMENTS: { readonly [T in DocumentType]: DocumentDefinition<unknown> } = {
  demand_letter: demandLetter as DocumentDefinition<unknown>,
  lawyer_letter: lawyerLetter as DocumentDefinition<unknown>,
  complaint: complaint as DocumentDefinition<unknown>,
  evidence_list: evidenceList as DocumentDefinition<unknown>,
  claim_calculation: claimCalculation as DocumentDefinition<unknown>,
  power_of_attorney: powerOfAttorney as DocumentDefinition<unknown>,
  firm_letter: firmLetter as DocumentDefinition<unknown>,
  legal_rep_certificate: legalRepCertificate as DocumentDefinition<unknown>,
  service_address_confirmation: serviceAddressConfirmation as DocumentDefinition<unknown>,
};

export const DOCUMENT_TYPES = Object.keys(DOCUMENTS) as DocumentType[];

/** The documents of a lawsuit packet (the demand letters are generated when the demand is issued). */
export const LAWSUIT_DOCUMENT_TYPES: readonly DocumentType[] = [
  'complaint',
  'claim_calculation',
  'legal_rep_certificate',
  'power_of_attorney',
  'firm_letter',
  'service_address_confirmation',
  'evidence_list',
];

/** Builds one document of any type. */
export function buildDocument(type: DocumentType, input: CaseDocumentsInput, options?: GenerateOptions): Promise<GeneratedDocument> {
  return generate(DOCUMENTS[type], input, options);
}

/** Builds several documents of one case (validating the input once), in the order given. */
export async function buildDocuments(types: readonly DocumentType[], input: CaseDocumentsInput, options?: GenerateOptions): Promise<GeneratedDocument[]> {
  const parsed = parseCaseInput(input);
  const out: GeneratedDocument[] = [];
  for (const t of types) out.push(await generate(DOCUMENTS[t], parsed, options));
  return out;
}
